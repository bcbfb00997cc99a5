// Instagram answered with an error envelope. `detail` keeps Instagram's own explanation (redacted) for admins.
import { redact } from '../runtime/logger.js';
import { InstagramError } from './instagram-error.js';
import type { Usage } from './usage.js';

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

export const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80002]);
