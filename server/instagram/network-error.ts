import { InstagramError } from './instagram-error.js';

/** Instagram could not be reached: a timeout, a refused or reset connection. Always retried later. */
export class InstagramNetworkError extends InstagramError {
  override name = 'InstagramNetworkError';
}
