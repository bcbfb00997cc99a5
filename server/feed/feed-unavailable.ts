/**
 * Instagram cannot be asked now (it failed, or our backoff holds it back) and there is no copy of the
 * feed to serve. `retryAfterMs`: when asking again makes sense.
 */
export class FeedUnavailableError extends Error {
  override name = 'FeedUnavailableError';
  constructor(readonly retryAfterMs: number) {
    super('Instagram is not answering and there is no saved copy of this feed yet. Try again shortly.');
  }
}
