// Every table but English (which strings.ts holds), imported up front: for server-side rendering (ssr.ts),
// which renders a feed in one pass and cannot wait for a chunk. The browser build loads them one by one.
import type { Strings } from '../strings.js';
import ar from './ar.js';
import de from './de.js';
import es from './es.js';
import fr from './fr.js';
import he from './he.js';
import it from './it.js';
import ja from './ja.js';
import ko from './ko.js';
import nl from './nl.js';
import pl from './pl.js';
import pt from './pt.js';
import sv from './sv.js';
import tr from './tr.js';
import zh from './zh.js';

/** The tables by language subtag. */
export const locales: Record<string, Strings> = { ar, de, es, fr, he, it, ja, ko, nl, pl, pt, sv, tr, zh };
