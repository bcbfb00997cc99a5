// What observers of the Instagram client (the metrics) hear of each call: a fixed name for what was
// called, never its URL (which may carry a token), and how it ended.
import { InstagramApiError } from './api-error.js';
import { InstagramAuthError } from './auth-error.js';
import { InstagramMalformedResponseError } from './malformed-response-error.js';
import { InstagramNetworkError } from './network-error.js';
import { InstagramRateLimitError } from './rate-limit-error.js';

/** The code exchange, the long-lived token exchange, token refresh, the profile, the media list. */
export type InstagramEndpoint = 'oauth_token' | 'exchange_token' | 'refresh_access_token' | 'me' | 'media' | 'media_by_id';

/** `ok`, or the kind of error the call threw; `error` for anything that is not an Instagram error. */
export type InstagramCallOutcome = 'ok' | 'rate_limited' | 'auth_error' | 'api_error' | 'network_error' | 'malformed' | 'error';

/** One finished call to Instagram. */
export interface InstagramCall {
  endpoint: InstagramEndpoint;
  outcome: InstagramCallOutcome;
  seconds: number;
}

export function callOutcome(error: unknown): InstagramCallOutcome {
  // Subclasses first: rate-limit and auth errors are API errors too.
  if (error instanceof InstagramRateLimitError) return 'rate_limited';
  if (error instanceof InstagramAuthError) return 'auth_error';
  if (error instanceof InstagramApiError) return 'api_error';
  if (error instanceof InstagramNetworkError) return 'network_error';
  if (error instanceof InstagramMalformedResponseError) return 'malformed';
  return 'error';
}
