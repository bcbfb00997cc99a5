// The IIFE build's table loaders, in place of locale-loaders.ts (vite.config.ts): a classic script holds no
// chunks, and bundling all 14 tables into it would add about 10 kB. It imports the ES build's table files,
// which stand beside it (`instagram-feed-locale-<lang>.js`, plain modules without imports), from its own URL.
// Without that URL (the script was not loaded from a file) a table fails to load, and the text stays English.
import type { Strings } from './strings.js';

// Read while the script runs its top level, which is the only time the browser tells.
const base = (document.currentScript as HTMLScriptElement | null)?.src;

/** The same languages as locale-loaders.ts, each from `instagram-feed-locale-<lang>.js` beside this script. */
export const LOADERS: Record<string, () => Promise<{ default: Strings }>> = Object.fromEntries(
  ['ar', 'de', 'es', 'fr', 'he', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'sv', 'tr', 'zh'].map(lang => [
    lang,
    async () => import(/* @vite-ignore */ new URL(`instagram-feed-locale-${lang}.js`, base).href),
  ]),
);
