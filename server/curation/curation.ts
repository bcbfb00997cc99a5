// What a site owner decides about an account's posts (../shared/DESIGN.md, "Curation"): hidden posts,
// pinned posts in order, a call-to-action link per post, and include/exclude rules on hashtags and words.
// The document is stored with the account (accounts/types.ts) and applied on the server to cached chunks
// (feed/curated-page.ts), so changing it never costs an Instagram call.
import type { Media } from '../../widget/contract.js';
import { wordMatcher } from './caption.js';

export interface CurationLink {
  /** `https:` only. */
  url: string;
  /** The button's text; null for the widget's default ("Shop now" in the visitor's language). */
  label: string | null;
}

export interface CurationRules {
  /** Without `#`, lower-cased. */
  hashtags: string[];
  /** Words or phrases, matched case-insensitively on word boundaries. */
  words: string[];
}

/** The document of `GET`/`PUT /api/accounts/:account/curation`. */
export interface Curation {
  hidden: string[];
  pinned: string[];
  links: Record<string, CurationLink>;
  include: CurationRules;
  exclude: CurationRules;
}

/** A pin list a cursor may still refer to, by its fingerprint. */
export interface PinSet {
  id: string;
  pinned: string[];
}

/** As stored with the account. */
export interface StoredCuration extends Curation {
  /** Bumped by every change: part of the feed's page keys and ETags. */
  revision: number;
  updatedAt: string;
  /**
   * The latest pin lists (current one first), so a "Load more" cursor issued under an earlier pin list
   * still skips the posts its first page showed as pinned (see feed/curated-page.ts).
   */
  pinSets: PinSet[];
}

export const EMPTY_CURATION: Curation = Object.freeze({
  hidden: [],
  pinned: [],
  links: {},
  include: { hashtags: [], words: [] },
  exclude: { hashtags: [], words: [] },
}) as Curation;

/** The document part of a stored curation (what GET answers). */
export function curationDocument(stored: StoredCuration | null | undefined): Curation {
  if (!stored) return structuredClone(EMPTY_CURATION);
  const { hidden, pinned, links, include, exclude } = stored;
  return structuredClone({ hidden, pinned, links, include, exclude });
}

/**
 * A curation ready to apply: id sets, and one compiled test per rule kind. Built once per revision
 * (the feed service keeps it), because a page render asks it about every post it passes.
 */
export class CompiledCuration {
  readonly revision: number;
  readonly hidden: ReadonlySet<string>;
  /** Current pins, in order. */
  readonly pinned: readonly string[];
  readonly pinSetId: string;
  readonly links: ReadonlyMap<string, CurationLink>;
  readonly #pinSets: readonly PinSet[];
  readonly #include: ((media: Media) => boolean) | null;
  readonly #exclude: ((media: Media) => boolean) | null;

  constructor(stored: StoredCuration | null | undefined) {
    this.revision = stored?.revision ?? 0;
    this.hidden = new Set(stored?.hidden);
    this.pinned = stored?.pinned ?? [];
    this.#pinSets = stored?.pinSets ?? [];
    this.pinSetId = pinSetId(this.pinned);
    this.links = new Map(Object.entries(stored?.links ?? {}));
    this.#include = ruleTest(stored?.include);
    this.#exclude = ruleTest(stored?.exclude);
  }

  /** True when nothing is curated: pages are plain slices of the chunks. */
  get empty(): boolean {
    return this.hidden.size === 0 && this.pinned.length === 0 && this.links.size === 0 && !this.#include && !this.#exclude;
  }

  /** Shown when not hidden, matching no exclude rule and, when include rules exist, at least one of them. */
  visible(media: Media): boolean {
    if (this.hidden.has(media.id)) return false;
    if (this.#exclude?.(media)) return false;
    return this.#include ? this.#include(media) : true;
  }

  /** Why a post is not shown, for the moderation screen: `hidden`, `excluded`, `not_included`, or null. */
  hiddenBecause(media: Media): 'hidden' | 'excluded' | 'not_included' | null {
    if (this.hidden.has(media.id)) return 'hidden';
    if (this.#exclude?.(media)) return 'excluded';
    if (this.#include && !this.#include(media)) return 'not_included';
    return null;
  }

  /** The pins a cursor issued under `id` was paging with: the current ones when `id` is unknown. */
  pinsOf(id: string): readonly string[] {
    if (id === this.pinSetId) return this.pinned;
    return this.#pinSets.find(set => set.id === id)?.pinned ?? this.pinned;
  }
}

/** A short fingerprint of a pin list (order matters); '' for none. */
export function pinSetId(pinned: readonly string[]): string {
  if (pinned.length === 0) return '';
  // FNV-1a, 32 bits: collisions only matter between a handful of recent lists of one account.
  let hash = 0x811c9dc5;
  for (const char of pinned.join(',')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

function ruleTest(rules: CurationRules | undefined): ((media: Media) => boolean) | null {
  if (!rules || (rules.hashtags.length === 0 && rules.words.length === 0)) return null;
  const tags = new Set(rules.hashtags);
  const words = wordMatcher(rules.words);
  return media => media.hashtags.some(tag => tags.has(tag)) || words(media.caption);
}
