// Hashtags, mentions and words in a caption. Letters, marks and digits of every script count (`#café`,
// `#東京`, `#नमस्ते`), and underscores; a tag starts after a space, punctuation or an emoji, never inside a
// word (`e-mail@host`, `page#anchor`) or a URL (`https://example.com/#top` is not a hashtag).

const WORD = String.raw`[\p{L}\p{M}\p{N}_]`;
/** A URL or a bare www. address: removed before looking for tags, so their `#fragment`s are not hashtags. */
const URLS = /\b(?:https?:\/\/|www\.)\S+/giu;
// Preceded by anything but a word character, `#`, `@`, `&` (an HTML entity: `&#39;`) or `/`.
const HASHTAG = new RegExp(String.raw`(?<![\p{L}\p{M}\p{N}_#@&/])#(${WORD}+)`, 'gu');
// Instagram usernames also hold dots, but never end with one: `@lena.travels.` is lena.travels.
const MENTION = new RegExp(String.raw`(?<![\p{L}\p{M}\p{N}_#@&/.])@(${WORD}+(?:\.${WORD}+)*)`, 'gu');
const ONLY_DIGITS = /^\p{N}+$/u;

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** Hashtags without `#`, lower-cased, in order of first use; all-digit tags (`#1`) are not hashtags on Instagram. */
export function hashtagsOf(caption: string): string[] {
  const text = caption.replace(URLS, ' ');
  return unique(Array.from(text.matchAll(HASHTAG), match => match[1]!.toLowerCase()).filter(tag => !ONLY_DIGITS.test(tag)));
}

/** Mentioned usernames without `@`, lower-cased (Instagram usernames are case-insensitive), in order of first use. */
export function mentionsOf(caption: string): string[] {
  const text = caption.replace(URLS, ' ');
  return unique(Array.from(text.matchAll(MENTION), match => match[1]!.toLowerCase()));
}

/** Escapes a string for use inside a regular expression with the `u` flag (which refuses needless escapes like `\-`). */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A test for any of `words` (or phrases) in a caption: case-insensitive, on word boundaries of any script
 * (`tea` matches "Tea time" but not "steam"), whitespace inside a phrase matching any run of whitespace.
 */
export function wordMatcher(words: readonly string[]): (caption: string) => boolean {
  if (words.length === 0) return () => false;
  const alternatives = words.map(word => escapeRegExp(word.trim()).replace(/\s+/g, String.raw`\s+`)).join('|');
  const pattern = new RegExp(String.raw`(?<!${WORD})(?:${alternatives})(?!${WORD})`, 'iu');
  return caption => pattern.test(caption);
}
