// The element's interface text. English is built in (server-side rendering and the first paint need it at
// once); every other table is a chunk of its own under locales/, loaded only by a page that needs it. A
// message is a string with `{name}` placeholders, or for counted things an object keyed by the
// language's plural categories (Intl.PluralRules), with `other` as the fallback. Site owners override
// any message with the element's `strings` property (or its JSON attribute); see widget/README.md.
import { LOADERS } from './locale-loaders.js';
import type { viewStrings } from './view-strings.js';

/** A message: text with `{name}` placeholders, or one such text per plural category (`other` required). */
export type Message = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);

/** English text of the shell: the states and the list; the rest (view-strings.ts) arrives with the tiles. */
const shell = {
  /** The list's accessible name; `{accounts}` is "@a, @b". */
  feedLabel: 'Instagram posts by {accounts}',
  /** The empty state (the `empty` slot's default). */
  empty: 'No posts yet.',
  /** The error state's title. */
  error: 'Instagram posts could not be loaded.',
  /** The error state's button. */
  retry: 'Retry',
  /** The Load more button. */
  loadMore: 'Load more',
  /** The Load more button while loading. */
  loading: 'Loading…',
  /** Shown above the button when loading more failed. */
  moreError: 'More posts could not be loaded.',
  /** The Load more button after a failure. */
  tryAgain: 'Try again',
  /** Announced to screen readers after more posts arrived. */
  loaded: { one: '{count} more post loaded', other: '{count} more posts loaded' },
} satisfies Record<string, Message>;

/** The name of a message. */
export type StringKey = keyof typeof shell | keyof typeof viewStrings | ErrorKey;

/**
 * Why a request failed, for the failures the widget describes itself: `networkError` (the server could not be
 * reached), `serverStatus` (it failed without saying why; `{status}`) and `badResponse` (its answer was not a
 * feed). English has no entry: the request's own message (feed-api.ts) is that text.
 */
export type ErrorKey = 'networkError' | 'serverStatus' | 'badResponse';

/**
 * The English table: every key, and the text used when a table or an override lacks one. Its keys for the
 * header, tiles, lightbox and carousel buttons join it (see `addEnglish`) with the module that renders those
 * (feed-view.ts), which loads before any of them renders: they are not in the first bundle.
 */
export const en = shell as Record<StringKey, Message>;

/** A table of messages: a translation, or a site owner's overrides. */
export type Strings = Partial<Record<StringKey, Message>>;

/** Adds English messages to {@link en}: those of feed-view.ts, when it has loaded. */
export function addEnglish(messages: Strings): void {
  Object.assign(en, messages);
}

/** Values for a message's placeholders. `n` (else `count`, when a number) picks the plural form. */
export type Params = Record<string, unknown>;

/** Looks up a message and fills in its placeholders; `parts` keeps the values as they are (templates), in order. */
export interface Translate {
  (key: StringKey, params?: Params): string;
  parts(key: StringKey, params?: Params): unknown[];
  /** The language whose table is used (`en` when none matched). */
  lang: string;
}

/** The tables at hand, by language: English, those loaded, and those registered up front (server-side rendering). */
export const tables: Record<string, Strings> = { en };

/** Every language with a table. */
export const LANGUAGES = ['en', ...Object.keys(LOADERS)];

/**
 * The language of the table for BCP 47 tag `tag`: its language subtag when there is a table, else `en`.
 * Chinese is the Simplified table; Traditional Chinese (zh-Hant, or zh-TW, zh-HK or zh-MO without a script) has
 * none, so English. Read from the tag alone: `Intl.Locale#maximize()` would tell the script too, but it is the
 * page's first use of ICU's locale data, 10-80 ms of the main thread on a slow machine (see `warmIntl`).
 */
export function languageOf(tag: string | null | undefined): string {
  try {
    const { language, script, region } = new Intl.Locale(tag ?? '');
    const traditional = language === 'zh' && (script ? script === 'Hant' : /^(TW|HK|MO)$/.test(region ?? ''));
    return LANGUAGES.includes(language) && !traditional ? language : 'en';
  } catch {
    return 'en';
  }
}

const loads: Record<string, Promise<unknown>> = {};

/** Loads the table of `lang` into {@link tables}, once; resolves (never rejects) when it is there or could not load. */
export function loadStrings(lang: string): Promise<unknown> {
  const load = LOADERS[lang];
  return tables[lang] || !load
    ? Promise.resolve()
    : (loads[lang] ??= load().then(
        module => (tables[lang] = module.default),
        () => {},
      ));
}

/** A {@link Translate} for `lang` (its table, if loaded, over English), with `overrides` (a site owner's) on top. */
export function translator(lang: string, overrides?: Strings | null): Translate {
  // Made at the first text, not with the translator: the element makes one as it starts, and the first PluralRules
  // of a page loads plural data (about 1.5 ms) that its skeleton does not need.
  let rules: Intl.PluralRules | undefined;
  const parts = (key: StringKey, params: Params = {}): unknown[] => {
    rules ??= new Intl.PluralRules(lang);
    const category = rules.select(Number(params.n ?? params.count));
    // A text, or the form for the count; anything else (an override without `other`, a number) passes to the next table.
    const text = (message: unknown) => {
      const forms = message as Record<string, unknown> | null | undefined;
      return typeof message === 'string' ? message : (forms?.[category] ?? forms?.other);
    };
    // Looked up on each call: a table that loads later is used from then on.
    const found = [overrides?.[key], tables[lang]?.[key], en[key]].map(text).find(value => typeof value === 'string');
    return String(found ?? '')
      .split(/\{(\w+)\}/)
      .map((piece, i) => (i % 2 ? (params[piece] ?? `{${piece}}`) : piece));
  };
  const t = ((key, params) => parts(key, params).join('')) as Translate;
  t.parts = parts;
  t.lang = lang;
  return t;
}
