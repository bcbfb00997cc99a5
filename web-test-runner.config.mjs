import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, findChromium } from './test/helpers/chromium.mjs';

export default {
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  rootDir: '.',
  // No esbuild `target`: it would transform dist/*.js too and hide syntax Chromium cannot parse.
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: findChromium() ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  testFramework: { config: { timeout: 5000 } },
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
};
