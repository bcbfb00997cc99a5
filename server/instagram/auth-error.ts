import { InstagramApiError } from './api-error.js';

/** Code 190: the token is expired (subcode 463), invalidated (460) or unusable. Reconnecting fixes it; never retried. */
export class InstagramAuthError extends InstagramApiError {
  override name = 'InstagramAuthError';
  get expired(): boolean {
    return this.subcode === 463;
  }
  override get transient(): boolean {
    return false;
  }
}

export function isInstagramAuthError(error: unknown): error is InstagramAuthError {
  return error instanceof InstagramAuthError;
}
