// The feed service's cache keys, built and read here only. A chunk is named by its account and
// Instagram's cursor ('' for the first chunk); a rendered page by its chunk, where it starts, how many
// posts it holds, the staleness verdict it shows and the media mirror's version it was decorated with.
// Account ids are digits and Instagram cursors base64-ish, so '|' and '\n' never occur inside a part.

/** Key of an account's chunk (backoff state of a later chunk uses it too). */
export function chunkKey(accountId: string, cursor: string | null): string {
  return `${accountId}|${cursor ?? ''}`;
}

/** The account and Instagram cursor a chunk key names. */
export function parseChunkKey(key: string): { accountId: string; cursor: string | null } {
  const bar = key.indexOf('|');
  return { accountId: key.slice(0, bar), cursor: key.slice(bar + 1) || null };
}

/** Whether a chunk key belongs to the account. */
export function isChunkOf(key: string, accountId: string): boolean {
  return key.startsWith(`${accountId}|`);
}

/** Key of a page rendered from the chunk under `chunk`. */
export function pageKey(chunk: string, page: { offset: number; limit: number; stale: boolean; mirrorVersion: number }): string {
  return `${chunk}\n${page.offset}:${page.limit}:${page.stale}:${page.mirrorVersion}`;
}
