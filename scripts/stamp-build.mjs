// The last step of `npm run build`: marks the build complete (ensure-build.mjs compares sources with it).
import { readFileSync, writeFileSync } from 'node:fs';
import { BUILD_STAMP, ROOT } from './ensure-build.mjs';

const { version } = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8'));
writeFileSync(BUILD_STAMP, `${JSON.stringify({ version, builtAt: new Date().toISOString() }, null, 2)}\n`);
