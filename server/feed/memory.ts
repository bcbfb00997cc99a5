// The feed service's memory: fetched chunks and rendered pages of every account in one byte-bounded
// LRU (FEED_CACHE_MAX_MB), so that paging deep into large accounts with many limits cannot grow the
// process without bound.
//
// - Each account's first chunk is pinned: it is the last-good copy served while Instagram fails,
//   and there is one per connected account. It counts against the budget but is never evicted.
// - Later chunks and all rendered pages are evicted least recently used first.
// - A rendered page belongs to the chunks it was cut from (one, several when hidden posts or a long
//   page reach into later chunks, one per account in a merged feed): replacing, evicting or deleting
//   any of them drops the page, and a page is only served while each is still the one held. Page keys
//   also name the curation revision and the media mirror's version, so a page of an older curation or
//   version is never served again; it ages out like any unused entry.
// Sizes are estimates, computed once per store and never per request: a rendered page is its body,
// a chunk its JSON length times 2 (50 parsed posts measured about 1x on V8; the rest is headroom).
import { ByteLru } from './lru.js';
import type { Chunk } from './chunk.js';
import { isChunkOf } from './keys.js';
import type { RenderedFeed } from './render.js';

const CHUNK_BYTES_PER_JSON_BYTE = 2;
/** Map entries, key strings, the ETag and the page record: about this much besides the body. */
const ENTRY_OVERHEAD_BYTES = 400;

/** A chunk a page was cut from, under its key (its account and Instagram cursor too, to check it without parsing the key). */
export interface PageSource {
  key: string;
  chunk: Chunk;
  accountId: string;
  cursor: string | null;
}

export interface PageEntry {
  rendered: RenderedFeed;
  sources: PageSource[];
  renderedAt: number;
  /** The staleness verdict the page shows. */
  stale: boolean;
}

const isPage = (value: Chunk | PageEntry): value is PageEntry => 'rendered' in value;

export class FeedMemory {
  readonly #lru: ByteLru<Chunk | PageEntry>;
  readonly #chunkKeys = new Set<string>();

  constructor(maxBytes: number) {
    this.#lru = new ByteLru<Chunk | PageEntry>({
      maxBytes,
      onRemove: (key, value) => {
        if (isPage(value)) {
          for (const source of value.sources) source.chunk.pageKeys.delete(key);
          return;
        }
        this.#chunkKeys.delete(key);
        const pages = [...value.pageKeys];
        value.pageKeys.clear();
        for (const page of pages) this.#lru.delete(page);
      },
    });
  }

  get stats(): { bytes: number; maxBytes: number; entries: number } {
    return { bytes: this.#lru.bytes, maxBytes: this.#lru.maxBytes, entries: this.#lru.size };
  }

  /** The chunk under `key`, marked as used (visitor requests). */
  chunk(key: string): Chunk | undefined {
    return this.#lru.get(key) as Chunk | undefined;
  }

  /** The chunk under `key` without marking it as used (housekeeping). */
  peekChunk(key: string): Chunk | undefined {
    const value = this.#lru.peek(key);
    return value && !isPage(value) ? value : undefined;
  }

  /** Stores a chunk, dropping the one it replaces together with that one's pages. */
  setChunk(key: string, chunk: Chunk): void {
    const bytes = Buffer.byteLength(JSON.stringify(chunk.media)) * CHUNK_BYTES_PER_JSON_BYTE + ENTRY_OVERHEAD_BYTES;
    this.#lru.set(key, chunk, bytes, { pinned: chunk.depth === 0 });
    if (this.#lru.peek(key) === chunk) this.#chunkKeys.add(key);
  }

  /** Keys of every chunk held (a copy: callers may change the memory while they walk it). */
  chunkKeys(): string[] {
    return [...this.#chunkKeys];
  }

  /** Drops every chunk (and so every page) of an account. */
  deleteAccount(accountId: string): void {
    for (const key of this.chunkKeys()) if (isChunkOf(key, accountId)) this.#lru.delete(key);
  }

  /** Drops every page cut from an account's chunks (its curation changed); the chunks stay. */
  deleteAccountPages(accountId: string): void {
    for (const key of this.chunkKeys()) {
      if (!isChunkOf(key, accountId)) continue;
      const chunk = this.peekChunk(key);
      for (const page of chunk ? [...chunk.pageKeys] : []) this.#lru.delete(page);
    }
  }

  /** The page under `key` while every chunk it was cut from is still held, unless rendered before `notBefore`. */
  page(key: string, notBefore: number): PageEntry | undefined {
    const entry = this.#lru.get(key);
    if (!entry || !isPage(entry) || entry.renderedAt < notBefore) return undefined;
    for (const source of entry.sources) if (this.#lru.peek(source.key) !== source.chunk) return undefined;
    return entry;
  }

  /** Keeps a page cut from `sources` (the first is the one it starts in); skipped when one of them is no longer held. */
  setPage(key: string, entry: PageEntry): void {
    if (entry.sources.some(source => this.#lru.peek(source.key) !== source.chunk)) return;
    if (!this.#lru.set(key, entry, entry.rendered.body.length + key.length + ENTRY_OVERHEAD_BYTES)) return;
    // The page may have evicted one of its own chunks (a budget smaller than chunks + page): then it goes too.
    if (entry.sources.some(source => this.#lru.peek(source.key) !== source.chunk)) {
      this.#lru.delete(key);
      return;
    }
    for (const source of entry.sources) source.chunk.pageKeys.add(key);
  }
}
