// Typed Instagram failures. Messages name the method and path only: never a token, never a query
// string, never a `paging.next` URL (Instagram puts the token in it). `detail` keeps Instagram's own
// explanation (redacted) for admins.
import { redact } from '../runtime/logger.js';
import type { Usage } from './usage.js';

/** Base class: something went wrong talking to Instagram. */
export class InstagramError extends Error {
  override name = 'InstagramError';
  constructor(
    readonly method: string,
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
  /** Worth retrying later (network trouble, 5xx, throttling); false for permanent failures. */
  get transient(): boolean {
    return true;
  }
}

export interface ApiErrorFields {
  status: number;
  code: number | null;
  subcode: number | null;
  type: string | null;
  fbtraceId: string | null;
  detail: string | null;
  usage?: Usage;
}

/**
 * Instagram answered with an error envelope (Graph `{error:{...}}` or the OAuth host's
 * `{error_type, code, error_message}`). Retried only when `status >= 500` or Instagram says transient.
 */
export class InstagramApiError extends InstagramError {
  override name = 'InstagramApiError';
  readonly status: number;
  readonly code: number | null;
  readonly subcode: number | null;
  readonly type: string | null;
  readonly fbtraceId: string | null;
  readonly detail: string | null;
  readonly usage: Usage | undefined;
  constructor(method: string, path: string, fields: ApiErrorFields) {
    const codes = fields.code === null ? '' : ` (code ${fields.code}${fields.subcode === null ? '' : `/${fields.subcode}`})`;
    super(method, path, `Instagram API request failed with status ${fields.status}${codes}: ${method} ${path}`);
    this.status = fields.status;
    this.code = fields.code;
    this.subcode = fields.subcode;
    this.type = fields.type;
    this.fbtraceId = fields.fbtraceId;
    this.detail = fields.detail === null ? null : redact(fields.detail).slice(0, 300);
    this.usage = fields.usage;
  }
  override get transient(): boolean {
    return this.status >= 500 || this.code === 1 || this.code === 2;
  }
}

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

/** Timeouts, refused or reset connections, and bodies that are not JSON. Always retried later. */
export class InstagramNetworkError extends InstagramError {
  override name = 'InstagramNetworkError';
}

export const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80002]);

export function isInstagramAuthError(error: unknown): error is InstagramAuthError {
  return error instanceof InstagramAuthError;
}
