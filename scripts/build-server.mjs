// `npm run build:server`: compiles the server (and the demo emulator it starts in demo mode) to
// dist/server/ with tsc, and copies the emulator's sample photos beside its compiled code, so
// production runs `node dist/server/server/main.js` with no TypeScript toolchain installed.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'server');

rmSync(out, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'server', 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  process.stderr.write('Compiling the server failed (see the errors above).\n');
  process.exit(tsc.status ?? 1);
}
cpSync(join(root, 'demo', 'emulator', 'media'), join(out, 'demo', 'emulator', 'media'), { recursive: true });
