// The moderation screen's model: the curation document being edited, and the server's rule semantics
// (DESIGN.md, "Curation") repeated here so the visible count follows every keystroke without a request.
// The server stays the authority: what it answers after a save is what the screen shows next.
import type { Media } from '../widget/contract.js';

export interface Rules {
  hashtags: string[];
  words: string[];
}

/** The document of `GET`/`PUT /api/accounts/:account/curation`. */
export interface Curation {
  hidden: string[];
  pinned: string[];
  links: Record<string, { url: string; label: string | null }>;
  include: Rules;
  exclude: Rules;
}

export type HiddenReason = 'hidden' | 'excluded' | 'not_included';
export type RuleKind = 'hashtags' | 'words';

export const REASONS: Record<HiddenReason, string> = {
  hidden: 'Hidden by you',
  excluded: 'Hidden by an exclude rule',
  not_included: 'Hidden: matches no include rule',
};

export function emptyCuration(): Curation {
  return { hidden: [], pinned: [], links: {}, include: { hashtags: [], words: [] }, exclude: { hashtags: [], words: [] } };
}

/** A document from the server, with any missing part filled in (an older server, an empty account). */
export function toCuration(body: Partial<Curation> | null | undefined): Curation {
  const empty = emptyCuration();
  const rules = (r: Partial<Rules> | undefined): Rules => ({ hashtags: [...(r?.hashtags ?? [])], words: [...(r?.words ?? [])] });
  return {
    hidden: [...(body?.hidden ?? empty.hidden)],
    pinned: [...(body?.pinned ?? empty.pinned)],
    links: { ...(body?.links ?? {}) },
    include: rules(body?.include),
    exclude: rules(body?.exclude),
  };
}

/** What a typed rule becomes, as the server stores it: lower-case, single spaces, hashtags without `#`. */
export function normalizeRule(kind: RuleKind, value: string): string {
  const text = value.trim().replace(/\s+/g, ' ').toLowerCase();
  return kind === 'hashtags' ? text.replace(/^#+/, '') : text;
}

/** Splits what was typed into rules: commas separate them, so a pasted list adds several at once. */
export function parseRules(kind: RuleKind, input: string): string[] {
  return input
    .split(',')
    .map(value => normalizeRule(kind, value))
    .filter(Boolean);
}

const WORD = String.raw`[\p{L}\p{M}\p{N}_]`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Case-insensitive, on word boundaries of any script (`tea` matches "Tea time", not "steam"): as the server does. */
function wordTest(words: readonly string[]): (caption: string) => boolean {
  const usable = words.map(word => word.trim()).filter(Boolean);
  if (usable.length === 0) return () => false;
  const alternatives = usable.map(word => escapeRegExp(word).replace(/\s+/g, String.raw`\s+`)).join('|');
  const pattern = new RegExp(`(?<!${WORD})(?:${alternatives})(?!${WORD})`, 'iu');
  return caption => pattern.test(caption);
}

function ruleTest(rules: Rules): ((media: Media) => boolean) | null {
  if (rules.hashtags.length === 0 && rules.words.length === 0) return null;
  const tags = new Set(rules.hashtags);
  const words = wordTest(rules.words);
  return media => (media.hashtags ?? []).some(tag => tags.has(tag)) || words(media.caption ?? '');
}

/** Why each post would not be shown under `curation` (absent: shown). */
export function hiddenReasons(curation: Curation, media: readonly Media[]): Map<string, HiddenReason> {
  const hidden = new Set(curation.hidden);
  const exclude = ruleTest(curation.exclude);
  const include = ruleTest(curation.include);
  const reasons = new Map<string, HiddenReason>();
  for (const post of media) {
    if (hidden.has(post.id)) reasons.set(post.id, 'hidden');
    else if (exclude?.(post)) reasons.set(post.id, 'excluded');
    else if (include && !include(post)) reasons.set(post.id, 'not_included');
  }
  return reasons;
}

/** "29 of 30 posts visible (1 hidden by you, 0 by rules), 2 pinned" */
export function visibilityText(total: number, reasons: ReadonlyMap<string, HiddenReason>, pins: number): string {
  const byRules = [...reasons.values()].filter(reason => reason !== 'hidden').length;
  return (
    `${total - reasons.size} of ${total} posts visible` +
    (reasons.size ? ` (${reasons.size - byRules} hidden by you, ${byRules} by rules)` : '') +
    (pins ? `, ${pins} pinned` : '')
  );
}

/** `true` adds `id` to `list` (at the end), `false` removes it. */
export function toggle(list: string[], id: string, on: boolean): string[] {
  const rest = list.filter(item => item !== id);
  return on ? [...rest, id] : rest;
}

/** Moves `id` within `list` so that it lands where `target` is (before it when moving up, after it when moving down). */
export function moveTo(list: string[], id: string, target: string): string[] {
  const from = list.indexOf(id);
  const to = list.indexOf(target);
  if (from < 0 || to < 0 || from === to) return list;
  const next = [...list];
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}

/** Swaps `id` with its neighbour among the pins on screen (`shown`), one step up (-1) or down (1). */
export function moveBy(pinned: string[], shown: readonly string[], id: string, by: -1 | 1): string[] {
  const neighbour = shown[shown.indexOf(id) + by];
  return neighbour ? moveTo(pinned, id, neighbour) : pinned;
}

/** Sets a post's call-to-action link; both fields empty removes it. An empty label means the widget's default text. */
export function setLink(curation: Curation, id: string, url: string, label: string): void {
  if (url || label) curation.links[id] = { url, label: label || null };
  else delete curation.links[id];
}

/** The smallest image of a post (or its first carousel item) that still fills a ~240 px tile: a mirrored copy, else the poster or the image. */
export function thumbnailOf(media: Media): string | null {
  const first = media.children[0];
  for (const item of [media, first]) {
    if (!item) continue;
    const source = [...(item.sources ?? [])].filter(s => s.width >= 320).sort((a, b) => a.width - b.width)[0];
    const still = source?.url ?? item.thumbnailUrl ?? (item.type === 'image' ? item.mediaUrl : null);
    if (still) return still;
  }
  return null;
}
