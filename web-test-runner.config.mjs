import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { mkdirSync } from 'node:fs';
import { basename } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from './test/helpers/chromium.mjs';

const SCREENSHOTS = new URL('./test/widget/screenshots/', import.meta.url).pathname;

/**
 * `executeServerCommand('save-screenshot', { name: 'rtl.png' })`: the test page's viewport as a PNG in
 * test/widget/screenshots/ (git-ignored), for a person to look at; tests never compare pixels.
 */
function screenshotPlugin() {
  return {
    name: 'save-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'save-screenshot') return undefined;
      mkdirSync(SCREENSHOTS, { recursive: true });
      await session.browser.getPage(session.id).screenshot({ path: `${SCREENSHOTS}${basename(String(payload?.name ?? 'screenshot.png'))}` });
      return true;
    },
  };
}

/**
 * Serves `/__test-image/<w>x<h>/<rrggbb>.svg?delay=<ms>`: a solid image that arrives after a delay, so the
 * layout-shift test can watch tiles while their images are still loading (data URLs load at once).
 */
async function slowTestImages(ctx, next) {
  const match = /^\/__test-image\/(\d{1,4})x(\d{1,4})\/([0-9a-f]{6})\.svg$/.exec(ctx.path);
  if (!match) return next();
  const [, width, height, color] = match;
  const delay = Math.min(Number(ctx.query.delay) || 0, 5000);
  if (delay) await new Promise(resolve => setTimeout(resolve, delay));
  ctx.type = 'image/svg+xml';
  ctx.set('cache-control', 'no-store');
  ctx.body = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#${color}"/></svg>`;
}

/** How long the test server holds back the widget's language tables (widget/locales/); see `delay-locales`. */
let localeDelay = 0;

/**
 * `executeServerCommand('delay-locales', { ms })`: from now on the language tables arrive `ms` late (0: at
 * once), so a test can show that the element waits for its table rather than rendering English first.
 */
function localeDelayPlugin() {
  return {
    name: 'delay-locales',
    async serve(context) {
      if (localeDelay && context.path.startsWith('/widget/locales/')) await new Promise(resolve => setTimeout(resolve, localeDelay));
      return undefined;
    },
    executeCommand({ command, payload }) {
      if (command !== 'delay-locales') return undefined;
      localeDelay = Math.min(Number(payload?.ms) || 0, 5000);
      return true;
    },
  };
}

export default {
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  rootDir: '.',
  middleware: [slowTestImages],
  // No esbuild `target`: it would transform dist/*.js too and hide syntax Chromium cannot parse.
  // a11ySnapshot: accessible names as Chromium computes them (curation.test.ts).
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' }), a11ySnapshotPlugin(), screenshotPlugin(), localeDelayPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: findChromium() ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  testFramework: { config: { timeout: 5000 } },
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
};
