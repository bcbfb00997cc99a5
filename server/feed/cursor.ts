// Paging cursors handed to visitors (`paging.next`, `?after=`). They are opaque and signed: the
// server maps them back to Instagram's cursor, an offset and the chunk's depth, and refuses anything
// it did not issue (400 `invalid_cursor`, never a 5xx), so visitors cannot make the server page
// through arbitrary Instagram cursors.
//
// Format: `<key id>.<payload>.<signature>`: the payload is base64url JSON (`[streams, pinIndex, pinSets,
// issuedAt]`, each stream `[account, chunk, offset, depth]` or `[account]` when done) with the issue time, the
// signature an HMAC-SHA256 over key id and payload, the key id a fingerprint of the signing key.
// Keys are derived from TOKEN_ENCRYPTION_KEY and, during a rotation, from each of
// TOKEN_ENCRYPTION_KEYS_OLD: cursors are signed with the current key and accepted under any listed
// one, so rotating the key breaks no open "Load more".
// A cursor lives 24 hours (CURSOR_LIFETIME_MS); an older one is refused with 400 `expired_cursor`,
// and the widget reloads from the first page. Cursors of the earlier `<payload>.<signature>` format
// carry no issue time and count as expired once their signature checks out.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CURSOR_LIFETIME_MS = 24 * 3600_000;
// A merged feed of 10 accounts carries 10 Instagram cursors.
const MAX_LENGTH = 8192;

/** Where one account's part of a feed continues. */
export interface StreamPosition {
  /** Account id. */
  account: string;
  /** Instagram's `after` cursor of the chunk to continue in; null for the first chunk. */
  chunk: string | null;
  /** Offset inside that chunk (of all posts, shown or not). */
  offset: number;
  /** Depth of that chunk: 0 for the first, 1 for the next, ... */
  depth: number;
}

export interface CursorData {
  /**
   * One per account, in the order the feed lists them (one account, or 2 to 10 for a merged feed);
   * `{account, done: true}` once that account has nothing more to show.
   */
  streams: (StreamPosition | { account: string; done: true })[];
  /** How many of the pinned posts (which come first) pages so far have shown. */
  pinIndex: number;
  /** Per account, the fingerprint of the pin list the first page was cut with (see curation/curation.ts). */
  pinSets: string[];
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
    const streams = data.streams.map(stream => ('done' in stream ? [stream.account] : [stream.account, stream.chunk, stream.offset, stream.depth]));
    const payload = Buffer.from(JSON.stringify([streams, data.pinIndex, data.pinSets, issuedAt])).toString('base64url');
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
    // `[account, chunk, offset, depth, issuedAt]`: a cursor from before curation and merged feeds. Its
    // page was cut without pins; reloading from the first page is the exact answer (the widget does).
    if (fields.length === 5 && typeof fields[0] === 'string') {
      const [, chunk, offset, depth, issuedAt] = fields as unknown[];
      return (chunk === null || typeof chunk === 'string') && isCount(offset) && isCount(depth) && isCount(issuedAt) ? 'expired' : undefined;
    }
    const [rawStreams, pinIndex, pinSets, issuedAt] = fields as unknown[];
    if (!Array.isArray(rawStreams) || rawStreams.length === 0 || !isCount(pinIndex) || !isCount(issuedAt)) return undefined;
    if (!Array.isArray(pinSets) || pinSets.length !== rawStreams.length || !pinSets.every(set => typeof set === 'string')) return undefined;
    const streams: CursorData['streams'] = [];
    for (const stream of rawStreams) {
      if (!Array.isArray(stream) || typeof stream[0] !== 'string') return undefined;
      if (stream.length === 1) {
        streams.push({ account: stream[0], done: true });
        continue;
      }
      const [account, chunk, offset, depth] = stream as unknown[];
      if (stream.length !== 4 || (chunk !== null && typeof chunk !== 'string') || !isCount(offset) || !isCount(depth)) return undefined;
      streams.push({ account: account as string, chunk, offset, depth });
    }
    if (this.#now() - issuedAt * 1000 > CURSOR_LIFETIME_MS) return 'expired';
    return { streams, pinIndex, pinSets: pinSets as string[] };
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
