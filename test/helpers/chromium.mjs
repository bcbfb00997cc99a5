// Finds a Chromium to drive headless (widget tests, e2e, benchmarks) and, on a fresh Debian machine
// where we are root, installs Debian's `chromium` package: no test tool ever downloads a browser.
import { aptInstall, findTool } from './debian-tool.mjs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The first usable browser: `CHROME_PATH` when set, else a well-known path; `undefined` when none. */
export function findChromium() {
  return findTool('CHROME_PATH', CANDIDATES);
}

/**
 * Flags for headless Chromium as root on a machine with no outside network. The last one: Chromium 156 opens
 * the address bar's suggestion popup (chrome://omnibox-popup.top-chrome/, two WebUI pages) in every window,
 * headless too, so every fresh browser context started a renderer that spent about 500 ms of CPU loading them
 * while the page under test loaded: on two cores, that was a core's worth of noise in every timed visit.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI',
];

/** Returns a browser path, installing Debian's chromium when possible; throws with a one-line hint otherwise. */
export function ensureChromium({ log = console.error } = {}) {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROME_PATH) {
    throw new Error(`CHROME_PATH=${process.env.CHROME_PATH} is not an executable file; point it at Chromium or Chrome.`);
  }
  if (aptInstall(['chromium'], message => log(`Chromium not found: ${message} (about a minute)`))) {
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(
    'Chromium is needed for the browser tests: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH to a Chrome/Chromium binary.',
  );
}
