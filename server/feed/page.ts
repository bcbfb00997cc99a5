import type { Media } from '../../widget/contract.js';
import type { Chunk } from './chunk.js';

const MAX_CHUNKS_PER_PAGE = 4;

/** Where the next page starts: a chunk (Instagram's cursor, null for the first), an offset in it, and its depth. */
export interface PagePosition {
  chunk: string | null;
  offset: number;
  depth: number;
}

/**
 * Takes `limit` posts starting at `offset` in `first` (whose Instagram cursor is `cursor`), continuing
 * into later chunks through `loadChunk` when needed, and says where the next page starts.
 */
export async function slicePage(
  first: Chunk,
  cursor: string | null,
  offset: number,
  limit: number,
  loadChunk: (cursor: string, depth: number) => Promise<Chunk>,
): Promise<{ media: Media[]; next: PagePosition | null }> {
  const media: Media[] = [];
  let chunk = first;
  let chunkCursor = cursor;
  let position = offset;
  for (let loaded = 1; ; loaded++) {
    const taken = chunk.media.slice(position, position + limit - media.length);
    media.push(...taken);
    position += taken.length;
    // Stopping inside a chunk means the page is full; otherwise continue in the next chunk, if any.
    if (position < chunk.media.length) return { media, next: { chunk: chunkCursor, offset: position, depth: chunk.depth } };
    if (chunk.igNext === null) return { media, next: null };
    const depth = chunk.depth + 1;
    if (media.length >= limit || loaded >= MAX_CHUNKS_PER_PAGE) return { media, next: { chunk: chunk.igNext, offset: 0, depth } };
    chunkCursor = chunk.igNext;
    try {
      chunk = await loadChunk(chunkCursor, depth);
    } catch {
      // A later chunk failing shortens this page; the cursor lets the widget try that chunk again.
      return { media, next: { chunk: chunkCursor, offset: 0, depth } };
    }
    position = 0;
  }
}
