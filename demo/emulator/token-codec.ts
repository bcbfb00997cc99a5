import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { KNOWN_SCOPES } from './constants.js';

// Access tokens look opaque to clients (`IGAA` + base64url), but carry their own facts, signed with the app
// secret: kind, owner, issue time, expiry, scopes. So they stay valid across emulator restarts, exactly like a
// real token stored by the server in demo mode; only explicit invalidations live in memory.
//
// Layout (47 bytes): version(1) kind(1) scopes bitmask(1) app-scoped user id(u64) issuedAt(f64 ms)
// expiresAt(f64 ms) nonce(8) | HMAC-SHA256 truncated to 12 bytes.

export type TokenKind = 'short' | 'long';

/** What the emulator knows about an access token. */
export interface TokenRecord {
  token: string;
  kind: TokenKind;
  /** App-scoped user id of the owning fixture account. */
  accountId: string;
  issuedAt: number;
  expiresAt: number;
  permissions: string[];
}

const PREFIX = 'IGAA';
const VERSION = 1;
const BODY_LENGTH = 35;
const MAC_LENGTH = 12;

function mac(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update('ig-emulator-token').update(body).digest().subarray(0, MAC_LENGTH);
}

export function encodeToken(secret: string, record: Omit<TokenRecord, 'token'>): string {
  const body = Buffer.alloc(BODY_LENGTH);
  body.writeUInt8(VERSION, 0);
  body.writeUInt8(record.kind === 'short' ? 1 : 2, 1);
  let mask = 0;
  for (const p of record.permissions) {
    const bit = KNOWN_SCOPES.indexOf(p as (typeof KNOWN_SCOPES)[number]);
    if (bit >= 0) mask |= 1 << bit;
  }
  body.writeUInt8(mask, 2);
  body.writeBigUInt64BE(BigInt(record.accountId), 3);
  body.writeDoubleBE(record.issuedAt, 11);
  body.writeDoubleBE(record.expiresAt, 19);
  randomBytes(8).copy(body, 27);
  return PREFIX + Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

/** The token's facts, or `undefined` when it is not a token this emulator (with this secret) issued. */
export function decodeToken(secret: string, token: string): TokenRecord | undefined {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const raw = Buffer.from(token.slice(PREFIX.length), 'base64url');
  // The round trip rejects strings that base64url decoding would silently repair (padding, stray characters).
  if (raw.length !== BODY_LENGTH + MAC_LENGTH || raw.toString('base64url') !== token.slice(PREFIX.length)) {
    return undefined;
  }
  const body = raw.subarray(0, BODY_LENGTH);
  if (!timingSafeEqual(raw.subarray(BODY_LENGTH), mac(secret, body)) || body.readUInt8(0) !== VERSION) return undefined;
  const mask = body.readUInt8(2);
  return {
    token,
    kind: body.readUInt8(1) === 1 ? 'short' : 'long',
    accountId: body.readBigUInt64BE(3).toString(),
    issuedAt: body.readDoubleBE(11),
    expiresAt: body.readDoubleBE(19),
    permissions: KNOWN_SCOPES.filter((_, bit) => (mask & (1 << bit)) !== 0),
  };
}
