// Paging cursors handed to visitors (`paging.next`, `?after=`). They are opaque and signed: the
// server maps them back to Instagram's cursor, an offset and the chunk's depth, and refuses anything
// it did not issue (400 `invalid_cursor`, never a 5xx), so visitors cannot make the server page
// through arbitrary Instagram cursors.
//
// Format: `<key id>.<payload>.<signature>`: the payload is base64url JSON with the issue time, the
// signature an HMAC-SHA256 over key id and payload, the key id a fingerprint of the signing key.
// Keys are derived from TOKEN_ENCRYPTION_KEY and, during a rotation, from each of
// TOKEN_ENCRYPTION_KEYS_OLD: cursors are signed with the current key and accepted under any listed
// one, so rotating the key breaks no open "Load more".
// A cursor lives 24 hours (CURSOR_LIFETIME_MS); an older one is refused with 400 `expired_cursor`,
// and the widget reloads from the first page. Cursors of the earlier `<payload>.<signature>` format
// carry no issue time and count as expired once their signature checks out.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CURSOR_LIFETIME_MS = 24 * 3600_000;
const MAX_LENGTH = 2048;

export interface CursorData {
  /** Account id the cursor belongs to. */
  account: string;
  /** Instagram's `after` cursor of the chunk the page starts in; null for the first chunk. */
  chunk: string | null;
  /** Offset of the page inside that chunk. */
  offset: number;
  /** Depth of that chunk: 0 for the first, 1 for the next, ... */
  depth: number;
}

interface SigningKey {
  id: string;
  key: Buffer;
}

export class CursorCodec {
  readonly #keys: SigningKey[];
  readonly #now: () => number;

  /** `keys`: the current key first, then the keys still accepted during a rotation. */
  constructor(keys: readonly Buffer[], now: () => number = Date.now) {
    if (keys.length === 0) throw new Error('CursorCodec needs at least one key');
    this.#keys = keys.map(key => ({ id: sign('key-id', key).slice(0, 6), key }));
    this.#now = now;
  }

  encode(data: CursorData): string {
    const { id, key } = this.#keys[0]!;
    const issuedAt = Math.floor(this.#now() / 1000);
    const payload = Buffer.from(JSON.stringify([data.account, data.chunk, data.offset, data.depth, issuedAt])).toString('base64url');
    return `${id}.${payload}.${sign(`${id}.${payload}`, key)}`;
  }

  /** The cursor's data; 'expired' for a genuine cursor past its lifetime; undefined for anything not ours. */
  decode(text: string): CursorData | 'expired' | undefined {
    if (text.length > MAX_LENGTH) return undefined;
    const parts = text.split('.');
    if (parts.length === 2) return this.#keys.some(({ key }) => verify(parts[0]!, parts[1]!, key)) ? 'expired' : undefined;
    const [id, payload, signature] = parts;
    const key = this.#keys.find(k => k.id === id)?.key;
    if (parts.length !== 3 || !key || !payload || !signature || !verify(`${id}.${payload}`, signature, key)) return undefined;
    let fields: unknown;
    try {
      fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(fields)) return undefined;
    const [account, chunk, offset, depth, issuedAt] = fields as unknown[];
    if (typeof account !== 'string' || (chunk !== null && typeof chunk !== 'string') || !isCount(offset) || !isCount(depth) || !isCount(issuedAt)) {
      return undefined;
    }
    if (this.#now() - issuedAt * 1000 > CURSOR_LIFETIME_MS) return 'expired';
    return { account, chunk, offset, depth };
  }
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function sign(payload: string, key: Buffer): string {
  return createHmac('sha256', key).update(payload).digest('base64url').slice(0, 22);
}

function verify(payload: string, signature: string, key: Buffer): boolean {
  const expected = Buffer.from(sign(payload, key));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
