// The body of `PUT /api/accounts/:account/curation`, checked field by field. The first problem is
// reported with the field's path (`pinned[2]`, `links.1790.url`, `include.words[0]`) so the moderation
// screen can put the message next to the input. Lists are de-duplicated and tidied (hashtags without
// `#` and lower-cased, words trimmed), never silently truncated: over a limit is an error.
import type { Curation, CurationLink, CurationRules } from './curation.js';
import { InvalidCurationError } from './invalid-curation.js';

/** Most media ids in one document: hidden + pinned + linked. */
export const MAX_IDS = 500;
/** Most rules in one document: include and exclude, hashtags and words together. */
export const MAX_RULES = 100;
export const MAX_LABEL_LENGTH = 60;
export const MAX_RULE_LENGTH = 100;
const MAX_URL_LENGTH = 2048;

/** Instagram media ids are decimal digits (17-19 today). */
const MEDIA_ID = /^\d{1,32}$/;
const HASHTAG = /^[\p{L}\p{M}\p{N}_]+$/u;
// Control characters (C0, DEL, C1) and the bidi overrides that make a label read differently than it is.
const UNPRINTABLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
const KEYS = ['hidden', 'pinned', 'links', 'include', 'exclude'] as const;

const fail = (field: string, message: string): never => {
  throw new InvalidCurationError(field, `${field}: ${message}`);
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function ids(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(field, 'must be a list of media ids');
  const seen = new Set<string>();
  value.forEach((id, index) => {
    if (typeof id !== 'string' || !MEDIA_ID.test(id)) fail(`${field}[${index}]`, 'must be a media id (a string of digits)');
    if (seen.has(id as string)) fail(`${field}[${index}]`, `${id} is listed twice`);
    seen.add(id as string);
  });
  return [...seen];
}

function link(value: unknown, field: string): CurationLink {
  if (!isObject(value)) return fail(field, 'must be an object {url, label}');
  for (const key of Object.keys(value)) if (key !== 'url' && key !== 'label') fail(`${field}.${key}`, 'is not a link field (url, label)');
  const { url, label } = value;
  if (typeof url !== 'string' || url.length === 0) return fail(`${field}.url`, 'is required');
  if (url.length > MAX_URL_LENGTH) fail(`${field}.url`, `must be at most ${MAX_URL_LENGTH} characters`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(`${field}.url`, 'is not a valid URL');
  }
  if (parsed.protocol !== 'https:') fail(`${field}.url`, 'must start with https://');
  if (parsed.username || parsed.password) fail(`${field}.url`, 'must not contain a user name or password');
  if (label === undefined || label === null) return { url: parsed.href, label: null };
  if (typeof label !== 'string') return fail(`${field}.label`, 'must be text or null');
  const text = label.trim();
  if (text.length === 0) return { url: parsed.href, label: null };
  if ([...text].length > MAX_LABEL_LENGTH) fail(`${field}.label`, `must be at most ${MAX_LABEL_LENGTH} characters`);
  if (UNPRINTABLE.test(text)) fail(`${field}.label`, 'must not contain control characters');
  return { url: parsed.href, label: text };
}

function links(value: unknown, field: string): Record<string, CurationLink> {
  if (value === undefined) return {};
  if (!isObject(value)) return fail(field, 'must be an object of media id -> {url, label}');
  const result: Record<string, CurationLink> = {};
  for (const [id, entry] of Object.entries(value)) {
    if (!MEDIA_ID.test(id)) fail(`${field}.${id}`, 'keys must be media ids (strings of digits)');
    result[id] = link(entry, `${field}.${id}`);
  }
  return result;
}

function list(value: unknown, field: string, tidy: (text: string) => string, check: (text: string) => boolean, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(field, `must be a list of ${what}`);
  const result = new Set<string>();
  value.forEach((entry, index) => {
    if (typeof entry !== 'string') fail(`${field}[${index}]`, `must be text (${what})`);
    const text = tidy(entry as string);
    if (text.length === 0) fail(`${field}[${index}]`, 'must not be empty');
    if ([...text].length > MAX_RULE_LENGTH) fail(`${field}[${index}]`, `must be at most ${MAX_RULE_LENGTH} characters`);
    if (!check(text)) fail(`${field}[${index}]`, `"${entry}" is not ${what === 'hashtags' ? 'a hashtag (letters, digits and _)' : 'a word or phrase'}`);
    result.add(text);
  });
  return [...result];
}

function rules(value: unknown, field: string): CurationRules {
  if (value === undefined) return { hashtags: [], words: [] };
  if (!isObject(value)) return fail(field, 'must be an object {hashtags, words}');
  for (const key of Object.keys(value)) if (key !== 'hashtags' && key !== 'words') fail(`${field}.${key}`, 'is not a rule kind (hashtags, words)');
  return {
    hashtags: list(
      value.hashtags,
      `${field}.hashtags`,
      text => text.trim().replace(/^#/, '').toLowerCase(),
      text => HASHTAG.test(text),
      'hashtags',
    ),
    words: list(
      value.words,
      `${field}.words`,
      text => text.trim().replace(/\s+/g, ' ').toLowerCase(),
      text => !UNPRINTABLE.test(text),
      'words',
    ),
  };
}

/** The checked, tidied document; throws InvalidCurationError naming the first bad field. */
export function parseCuration(body: unknown): Curation {
  if (!isObject(body)) return fail('body', 'must be a JSON object {hidden, pinned, links, include, exclude}');
  for (const key of Object.keys(body)) if (!(KEYS as readonly string[]).includes(key)) fail(key, `is not a curation field (${KEYS.join(', ')})`);
  const curation: Curation = {
    hidden: ids(body.hidden, 'hidden'),
    pinned: ids(body.pinned, 'pinned'),
    links: links(body.links, 'links'),
    include: rules(body.include, 'include'),
    exclude: rules(body.exclude, 'exclude'),
  };
  // Over a limit, the field named is the list that crosses it.
  const distinct = new Set<string>();
  for (const [field, list] of [
    ['hidden', curation.hidden],
    ['pinned', curation.pinned],
    ['links', Object.keys(curation.links)],
  ] as const) {
    for (const id of list) distinct.add(id);
    if (distinct.size > MAX_IDS) fail(field, `at most ${MAX_IDS} media ids in total (hidden, pinned and linked)`);
  }
  let ruleCount = 0;
  for (const [field, list] of [
    ['include.hashtags', curation.include.hashtags],
    ['include.words', curation.include.words],
    ['exclude.hashtags', curation.exclude.hashtags],
    ['exclude.words', curation.exclude.words],
  ] as const) {
    ruleCount += list.length;
    if (ruleCount > MAX_RULES) fail(field, `at most ${MAX_RULES} rules in total (include and exclude, hashtags and words)`);
  }
  return curation;
}
