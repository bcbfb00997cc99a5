// `node --import tsx test/helpers/with-redis.ts <command...>`: runs the command with a real redis-server
// of its own (test/helpers/redis-server.ts; Debian's package is installed first when missing and we are
// root) and its URL in IGFEED_TEST_REDIS_URL, then stops Redis and exits with the command's code.
// `npm run test:cluster` runs the server suite this way: test/server/helpers/setup.ts then builds every
// app in cluster mode.
import { spawn } from 'node:child_process';
import { startRedis } from './redis-server.js';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-redis.ts <command> [args...]');
  process.exit(2);
}
const redis = await startRedis();
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, IGFEED_TEST_REDIS_URL: redis.url } });
const code = await new Promise<number>(resolve => child.once('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
await redis.close();
process.exit(code);
