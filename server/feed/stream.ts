// One account's posts from a position onwards, as a page sees them: only the posts `shows` accepts,
// read chunk by chunk through `load` (the chunk source: single flight, backoff), at most `maxChunks`
// chunks per page. The position is in the account's own order of all posts (hidden ones included),
// so a cursor stays exact whatever the curation hides: the next page starts right after the last
// post shown, and no post is shown twice or skipped.
import type { Media } from '../../widget/contract.js';
import type { Chunk } from './chunk.js';
import type { StreamPosition } from './cursor.js';
import { chunkKey } from './keys.js';
import type { PageSource } from './memory.js';

export type ChunkLoader = (cursor: string | null, depth: number) => Promise<Chunk>;

export class AccountStream {
  readonly account: string;
  /** The chunks read so far, for the page's cache entry. */
  readonly sources: PageSource[] = [];
  readonly #load: ChunkLoader;
  readonly #shows: (media: Media) => boolean;
  readonly #maxChunks: number;
  #chunk: Chunk | undefined;
  #cursor: string | null;
  #offset: number;
  #depth: number;
  /** No more posts at all (Instagram's list ended). */
  #done = false;
  /** Stopped for this page: the chunk budget is spent or a later chunk failed; the next page resumes here. */
  #paused = false;
  #taken = 0;
  /** A chunk failed before this account had any post on the page (merged feeds leave it out). */
  failed = false;

  constructor(start: StreamPosition, load: ChunkLoader, shows: (media: Media) => boolean, maxChunks: number) {
    this.account = start.account;
    this.#cursor = start.chunk;
    this.#offset = start.offset;
    this.#depth = start.depth;
    this.#load = load;
    this.#shows = shows;
    this.#maxChunks = maxChunks;
  }

  /** The next post to show, without taking it; undefined when there is none for this page. */
  async peek(): Promise<Media | undefined> {
    while (!this.#done && !this.#paused) {
      if (!this.#chunk) {
        if (this.sources.length >= this.#maxChunks) {
          this.#paused = true;
          break;
        }
        try {
          this.#chunk = await this.#load(this.#cursor, this.#depth);
        } catch (error) {
          // Nothing of this account on the page yet: the page fails (503, or the account is left out of
          // a merged page). Otherwise the failure only shortens the page, and the cursor lets the
          // visitor try that chunk again.
          if (this.#taken === 0) throw error;
          this.#paused = true;
          break;
        }
        this.sources.push({ key: chunkKey(this.account, this.#cursor), chunk: this.#chunk, accountId: this.account, cursor: this.#cursor });
      }
      const media = this.#chunk.media;
      while (this.#offset < media.length && !this.#shows(media[this.#offset]!)) this.#offset++;
      if (this.#offset < media.length) return media[this.#offset];
      if (this.#chunk.igNext === null) {
        this.#done = true;
        break;
      }
      this.#cursor = this.#chunk.igNext;
      this.#offset = 0;
      this.#depth++;
      this.#chunk = undefined;
    }
    return undefined;
  }

  /** Stopped for this page with posts possibly left (chunk budget spent, or a later chunk failed). */
  get paused(): boolean {
    return this.#paused && !this.#done;
  }

  /** Takes the post {@link peek} returned. */
  take(): void {
    this.#offset++;
    this.#taken++;
  }

  /**
   * Notices, without reading another chunk, that nothing is left to show: the rest of the current chunk
   * is hidden and Instagram's list ends there. Saves the visitor an empty last page.
   */
  settle(): void {
    const chunk = this.#chunk;
    if (!chunk || this.#done) return;
    let offset = this.#offset;
    while (offset < chunk.media.length && !this.#shows(chunk.media[offset]!)) offset++;
    if (offset >= chunk.media.length && chunk.igNext === null) this.#done = true;
  }

  /** Where the next page continues; null when the account has no more posts. */
  position(): StreamPosition | null {
    if (this.#done) return null;
    // At the end of a chunk, point at the next one: the next page need not read this one again.
    if (this.#chunk && this.#offset >= this.#chunk.media.length && this.#chunk.igNext !== null) {
      return { account: this.account, chunk: this.#chunk.igNext, offset: 0, depth: this.#depth + 1 };
    }
    return { account: this.account, chunk: this.#cursor, offset: this.#offset, depth: this.#depth };
  }

  /** The Instagram fetch time of the first chunk read, for the page's `fetchedAt`. */
  get fetchedAt(): number | undefined {
    return this.sources[0]?.chunk.fetchedAt;
  }
}

/** A post a page shows, and the id of the account it is from. */
export interface Taken {
  media: Media;
  account: string;
}

/**
 * Takes up to `limit` posts newest first across `streams` (one for a plain feed). Equal timestamps keep
 * the order in which the accounts are listed.
 */
export async function mergeStreams(streams: readonly AccountStream[], limit: number): Promise<Taken[]> {
  const taken: Taken[] = [];
  if (streams.length === 1) {
    const stream = streams[0]!;
    while (taken.length < limit) {
      const media = await stream.peek();
      if (!media) break;
      taken.push({ media, account: stream.account });
      stream.take();
    }
    return taken;
  }
  while (taken.length < limit) {
    // An account failing before it had a post on the page is left out of it (`failed`); the others go on.
    const heads = await Promise.all(
      streams.map(stream =>
        stream.failed
          ? undefined
          : stream.peek().catch(() => {
              stream.failed = true;
              return undefined;
            }),
      ),
    );
    // An account that stopped for this page may have posts newer than the others' heads: the page ends
    // here, shorter, so that the next one goes on newest first across all of them.
    if (streams.some((stream, i) => !heads[i] && stream.paused && !stream.failed)) break;
    let newest = -1;
    for (let i = 0; i < heads.length; i++) {
      if (heads[i] && (newest === -1 || heads[i]!.timestamp > heads[newest]!.timestamp)) newest = i;
    }
    if (newest === -1) break;
    taken.push({ media: heads[newest]!, account: streams[newest]!.account });
    streams[newest]!.take();
  }
  return taken;
}
