// `node test/helpers/ensure-chromium.mjs`: run before the browser tests (see package.json).
import { ensureChromium } from './chromium.mjs';

try {
  const path = ensureChromium();
  console.log(`Chromium: ${path}`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
