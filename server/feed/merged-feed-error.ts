/** A merged feed request naming too few, too many or repeated accounts. Answered 400 `invalid_accounts`. */
export class MergedFeedError extends Error {
  override name = 'MergedFeedError';
}
