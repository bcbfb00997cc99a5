// `node test/helpers/ensure-redis.mjs`: run before the suites that start a real Redis (see package.json).
import { ensureRedisServer } from './redis.mjs';

try {
  const path = ensureRedisServer();
  console.log(`redis-server: ${path}`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
