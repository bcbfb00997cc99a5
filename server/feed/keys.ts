// The feed service's chunk keys, built and read here only: a chunk is named by its account and
// Instagram's cursor ('' for the first chunk). Account ids are digits and Instagram cursors
// base64-ish, so '|' never occurs inside a part. (Page keys: FeedService#pageKey.)

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
