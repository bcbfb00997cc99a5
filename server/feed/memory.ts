// The feed service's memory: fetched chunks and rendered pages of every account in one byte-bounded
// LRU (FEED_CACHE_MAX_MB), so that paging deep into large accounts with many limits cannot grow the
// process without bound.
//
// - Each account's first chunk is pinned: it is the last-good copy served while Instagram fails,
//   and there is one per connected account. It counts against the budget but is never evicted.
// - Later chunks and all rendered pages are evicted least recently used first.
// - A rendered page belongs to the chunk it was cut from: replacing, evicting or deleting the chunk
//   drops its pages. Page keys also name the staleness verdict and the media mirror's version, so a
//   page of an older verdict or version is never served again; it ages out like any unused entry.
// Sizes are estimates, computed once per store and never per request: a rendered page is its body,
// a chunk its JSON length times 2 (50 parsed posts measured about 1x on V8; the rest is headroom).
import { ByteLru } from './lru.js';
import type { Chunk } from './chunk.js';
import { isChunkOf } from './keys.js';
import type { RenderedFeed } from './render.js';

const CHUNK_BYTES_PER_JSON_BYTE = 2;
/** Map entries, key strings, the ETag and the page record: about this much besides the body. */
const ENTRY_OVERHEAD_BYTES = 400;

interface PageEntry {
  rendered: RenderedFeed;
  chunk: Chunk;
  renderedAt: number;
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
          value.chunk.pageKeys.delete(key);
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

  /** The page rendered from `chunk` under `key`, unless it was rendered before `notBefore`. */
  page(key: string, chunk: Chunk, notBefore: number): RenderedFeed | undefined {
    const entry = this.#lru.get(key) as PageEntry | undefined;
    return entry && entry.chunk === chunk && entry.renderedAt >= notBefore ? entry.rendered : undefined;
  }

  /** Keeps a page rendered from the chunk now held under `chunkKey`; a page of a replaced chunk is dropped. */
  setPage(key: string, chunkKey: string, chunk: Chunk, rendered: RenderedFeed, renderedAt: number): void {
    if (this.#lru.peek(chunkKey) !== chunk) return;
    if (this.#lru.set(key, { rendered, chunk, renderedAt }, rendered.body.length + key.length + ENTRY_OVERHEAD_BYTES)) {
      // The page may have evicted its own chunk (a budget smaller than chunk + page): then it goes too.
      if (this.#lru.peek(chunkKey) === chunk) chunk.pageKeys.add(key);
      else this.#lru.delete(key);
    }
  }
}
