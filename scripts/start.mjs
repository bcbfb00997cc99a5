// `npm start` (and `npm run refresh-tokens`): builds when needed (see ensure-build.mjs), then runs the
// compiled entry in this process, so signals (SIGTERM from a supervisor, Ctrl+C) reach it directly.
//   node scripts/start.mjs                  the server, dist/server/server/main.js
//   node scripts/start.mjs refresh-tokens   one token-refresh pass, dist/server/server/jobs/refresh-cli.js
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild, ROOT } from './ensure-build.mjs';

const ENTRIES = { server: 'server/main.js', 'refresh-tokens': 'server/jobs/refresh-cli.js' };
const name = process.argv[2] ?? 'server';
if (!Object.hasOwn(ENTRIES, name)) {
  process.stderr.write(`Unknown entry "${name}"; expected one of: ${Object.keys(ENTRIES).join(', ')}\n`);
  process.exit(2);
}
const entry = join(ROOT, 'dist', 'server', ENTRIES[name]);
try {
  await ensureBuild();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
if (!existsSync(entry)) {
  process.stderr.write(`${entry} is missing: run \`npm run build\`.\n`);
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(pathToFileURL(entry).href);
