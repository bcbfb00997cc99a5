/** A paging cursor this server did not issue for the account (`invalid`), or issued too long ago (`expired`). */
export class CursorRejectedError extends Error {
  override name = 'CursorRejectedError';
  constructor(readonly reason: 'invalid' | 'expired') {
    super(
      reason === 'expired'
        ? 'This `after` cursor has expired; reload the feed from the first page.'
        : 'The `after` cursor is not one this server issued for this account.',
    );
  }
}
