import { InstagramError } from './instagram-error.js';

/** Instagram answered, but not with what the API promises (a body that is not JSON, a field missing). Retried later. */
export class InstagramMalformedResponseError extends InstagramError {
  override name = 'InstagramMalformedResponseError';
}
