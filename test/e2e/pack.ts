// The widget package as npm publishes it, for the tests that install it into an app.
import { execFileSync } from 'node:child_process';

const WIDGET = new URL('../../widget/', import.meta.url).pathname;

/** Packs widget/ into `destination` (a .tgz) and returns its file name and the paths it holds. */
export function packWidget(destination: string): { filename: string; files: string[] } {
  // --ignore-scripts: `npm test` has just built (prepack would run the same `npm run build` again).
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
      cwd: WIDGET,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  return { filename: packed.filename, files: packed.files.map((file: { path: string }) => file.path) };
}
