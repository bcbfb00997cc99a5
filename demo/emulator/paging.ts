// Graph cursor paging over a newest-first list. Cursors are base64url of "AQHR" + the boundary item's id, so they
// start with "QVFI" like Instagram's and stay valid while items are added; they are opaque to clients.

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

const CURSOR_PREFIX = 'AQHR';

export function encodeCursor(id: string): string {
  return Buffer.from(CURSOR_PREFIX + id, 'latin1').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('latin1');
  return text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : undefined;
}

/** What the client asked for; `after` wins when both cursors are given. */
export interface PageRequest {
  limit: number;
  after?: string;
  before?: string;
}

/** The page's slice of the list, or an error message worded for Graph error 100. */
export type PageResult<T> = { items: T[]; start: number; end: number } | { error: string };

/** Reads `limit`, `after` and `before`; limits above the maximum are clamped, nonsense is an error. */
export function pageRequest(query: { limit?: string; after?: string; before?: string }): PageRequest | { error: string } {
  const { limit, after, before } = query;
  if (limit !== undefined && (!/^\d{1,9}$/.test(limit) || Number(limit) < 1)) {
    return { error: '(#100) Param limit must be a positive integer' };
  }
  return {
    limit: limit === undefined ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Number(limit)),
    ...(after !== undefined ? { after } : {}),
    ...(before !== undefined ? { before } : {}),
  };
}

export function paginate<T extends { id: string }>(list: readonly T[], request: PageRequest): PageResult<T> {
  const indexOf = (cursor: string) => {
    const id = decodeCursor(cursor);
    return id === undefined ? -1 : list.findIndex(item => item.id === id);
  };
  let start = 0;
  let end = Math.min(list.length, request.limit);
  if (request.after !== undefined) {
    const index = indexOf(request.after);
    if (index < 0) return { error: '(#100) The after cursor is not valid for this list' };
    start = index + 1;
    end = Math.min(list.length, start + request.limit);
  } else if (request.before !== undefined) {
    const index = indexOf(request.before);
    if (index < 0) return { error: '(#100) The before cursor is not valid for this list' };
    end = index;
    start = Math.max(0, end - request.limit);
  }
  return { items: list.slice(start, end), start, end };
}

/**
 * Graph's `paging` object. `next`/`previous` are full URLs that repeat the access token, `fields` and `limit`,
 * as the real API does: a server must follow cursors itself and never hand these URLs out.
 */
export function pagingObject(
  page: { items: { id: string }[]; start: number; end: number },
  total: number,
  link: (cursor: { after: string } | { before: string }) => string,
) {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  if (!first || !last) return undefined;
  const before = encodeCursor(first.id);
  const after = encodeCursor(last.id);
  return {
    cursors: { before, after },
    ...(page.end < total ? { next: link({ after }) } : {}),
    ...(page.start > 0 ? { previous: link({ before }) } : {}),
  };
}
