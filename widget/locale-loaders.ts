// How each language's table is loaded. The IIFE build puts locale-loaders-iife.ts in this module's place
// (vite.config.ts): a classic script cannot hold chunks.
import type { Strings } from './strings.js';

/** A dynamic import each: the bundler makes every table a chunk of its own, fetched only when needed. */
export const LOADERS: Record<string, () => Promise<{ default: Strings }>> = {
  ar: () => import('./locales/ar.js'),
  de: () => import('./locales/de.js'),
  es: () => import('./locales/es.js'),
  fr: () => import('./locales/fr.js'),
  he: () => import('./locales/he.js'),
  it: () => import('./locales/it.js'),
  ja: () => import('./locales/ja.js'),
  ko: () => import('./locales/ko.js'),
  nl: () => import('./locales/nl.js'),
  pl: () => import('./locales/pl.js'),
  pt: () => import('./locales/pt.js'),
  sv: () => import('./locales/sv.js'),
  tr: () => import('./locales/tr.js'),
  zh: () => import('./locales/zh.js'),
};
