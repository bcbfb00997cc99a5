// The one place where what went wrong in the services becomes an HTTP answer. Services (feed,
// accounts, instagram) throw errors named for what happened and know nothing of status codes; the
// error handler asks this module how to answer each.
import { AccountNotFoundError } from '../accounts/account-not-found.js';
import { BackingOffError } from '../feed/backing-off.js';
import { CursorRejectedError } from '../feed/cursor-rejected.js';
import { InvalidCurationError } from '../curation/invalid-curation.js';
import { MergedFeedError } from '../feed/merged-feed-error.js';
import { FeedUnavailableError } from '../feed/feed-unavailable.js';
import { InstagramAuthError } from '../instagram/auth-error.js';
import { InstagramError } from '../instagram/instagram-error.js';
import { HttpError } from './http-error.js';

const retryAfter = (ms: number) => ({ 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) });

/** The HTTP answer for a service error; undefined for anything else (a bug: the handler answers 500). */
export function httpErrorFor(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof AccountNotFoundError) return new HttpError(404, 'account_not_found', error.message);
  if (error instanceof InvalidCurationError) return new HttpError(400, 'invalid_curation', error.message, { field: error.field });
  if (error instanceof MergedFeedError) return new HttpError(400, 'invalid_accounts', error.message);
  if (error instanceof CursorRejectedError) return new HttpError(400, `${error.reason}_cursor`, error.message);
  if (error instanceof FeedUnavailableError) return new HttpError(503, 'feed_unavailable', error.message, { headers: retryAfter(error.retryAfterMs) });
  if (error instanceof BackingOffError) return new HttpError(429, 'instagram_backoff', error.message, { headers: retryAfter(error.retryAfterMs) });
  if (error instanceof InstagramAuthError) {
    return new HttpError(401, 'reconnect_required', "Instagram no longer accepts this account's token; reconnect the account.");
  }
  if (error instanceof InstagramError) return new HttpError(502, 'instagram_error', 'Instagram did not answer as expected. Try again later.');
  return undefined;
}
