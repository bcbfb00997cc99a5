import { InstagramApiError } from './api-error.js';

/** Throttled (codes 4, 17, 32, 613, 80002). `retryAfterMs` comes from `estimated_time_to_regain_access` when sent. */
export class InstagramRateLimitError extends InstagramApiError {
  override name = 'InstagramRateLimitError';
  get retryAfterMs(): number | null {
    return this.usage?.regainAccessMs ?? null;
  }
  override get transient(): boolean {
    return true;
  }
}
