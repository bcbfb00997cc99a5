import { randomBytes } from 'node:crypto';
import { CODE_TTL_MS, LONG_TOKEN_TTL_MS, SHORT_TOKEN_TTL_MS } from './constants.js';
import { decodeToken, encodeToken } from './token-codec.js';
import type { TokenKind, TokenRecord } from './token-codec.js';

export type { TokenKind, TokenRecord } from './token-codec.js';

/** An authorization code handed out by the consent page: single use, valid for one hour. */
export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  accountId: string;
  permissions: string[];
  issuedAt: number;
  used: boolean;
}

/** The outcome of checking an access token, in the order Graph reports problems. */
export type TokenCheck =
  | { status: 'valid'; record: TokenRecord }
  | { status: 'unparseable' }
  | { status: 'invalidated'; record: TokenRecord }
  | { status: 'expired'; record: TokenRecord };

// Bounds memory under benchmarks that connect over and over; the oldest entries go first.
const MAX_ENTRIES = 10_000;

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

/** Authorization codes and access tokens, on the emulator's clock. */
export class EmulatorState {
  readonly #secret: string;
  readonly #now: () => number;
  readonly #codes = new Map<string, AuthorizationCode>();
  readonly #issued = new Map<string, TokenRecord>();
  readonly #invalidated = new Set<string>();
  readonly #invalidatedBefore = new Map<string, number>();

  constructor(secret: string, now: () => number) {
    this.#secret = secret;
    this.#now = now;
  }

  /** Codes issued by this process (used ones included), oldest first. */
  get codes(): AuthorizationCode[] {
    return [...this.#codes.values()];
  }

  /** Tokens issued by this process, oldest first. Tokens from earlier runs are still accepted (see token-codec). */
  get tokens(): TokenRecord[] {
    return [...this.#issued.values()];
  }

  issueCode(grant: Omit<AuthorizationCode, 'code' | 'issuedAt' | 'used'>): string {
    const code = `AQ${randomBytes(72).toString('base64url')}`;
    remember(this.#codes, code, { ...grant, code, issuedAt: this.#now(), used: false });
    return code;
  }

  /** The code if it exists, is unused and younger than an hour. */
  findCode(code: string): AuthorizationCode | undefined {
    const grant = this.#codes.get(code);
    if (!grant || grant.used || this.#now() - grant.issuedAt >= CODE_TTL_MS) return undefined;
    return grant;
  }

  markCodeUsed(code: string): void {
    const grant = this.#codes.get(code);
    if (grant) grant.used = true;
  }

  /** Issues a token as if by OAuth; tests use it to skip the consent page. */
  issueToken(accountId: string, kind: TokenKind, permissions: string[] = ['instagram_business_basic']): TokenRecord {
    const issuedAt = this.#now();
    const fields = {
      kind,
      accountId,
      issuedAt,
      expiresAt: issuedAt + (kind === 'short' ? SHORT_TOKEN_TTL_MS : LONG_TOKEN_TTL_MS),
      permissions,
    };
    const record = { token: encodeToken(this.#secret, fields), ...fields };
    remember(this.#issued, record.token, record);
    return record;
  }

  checkToken(token: string): TokenCheck {
    const record = decodeToken(this.#secret, token);
    if (!record) return { status: 'unparseable' };
    const cutoff = this.#invalidatedBefore.get(record.accountId);
    if (this.#invalidated.has(token) || (cutoff !== undefined && record.issuedAt < cutoff)) {
      return { status: 'invalidated', record };
    }
    if (this.#now() >= record.expiresAt) return { status: 'expired', record };
    return { status: 'valid', record };
  }

  /** Like a password change for one token: later calls get 190/460. */
  invalidateToken(token: string): void {
    this.#invalidated.add(token);
  }

  /** Invalidates every token of the account issued until now (e.g. the user changed their password). */
  invalidateAccount(accountId: string): void {
    // The cutoff catches tokens from earlier runs; the loop catches this run's tokens issued in the same millisecond.
    this.#invalidatedBefore.set(accountId, this.#now());
    for (const record of this.#issued.values()) if (record.accountId === accountId) this.#invalidated.add(record.token);
  }

  reset(): void {
    this.#codes.clear();
    this.#issued.clear();
    this.#invalidated.clear();
    this.#invalidatedBefore.clear();
  }
}
