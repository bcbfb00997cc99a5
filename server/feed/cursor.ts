// Paging cursors handed to visitors (`paging.next`, `?after=`). They are opaque and signed: the
// server maps them back to Instagram's cursor and an offset, and refuses anything it did not issue
// (400, never a 5xx), so visitors cannot make the server page through arbitrary Instagram cursors.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CursorData {
  /** Account id the cursor belongs to. */
  account: string;
  /** Instagram's `after` cursor of the chunk the page starts in; null for the first chunk. */
  chunk: string | null;
  /** Offset of the page inside that chunk. */
  offset: number;
}

export function encodeCursor(data: CursorData, key: Buffer): string {
  const payload = Buffer.from(JSON.stringify([data.account, data.chunk, data.offset])).toString('base64url');
  return `${payload}.${sign(payload, key)}`;
}

export function decodeCursor(text: string, key: Buffer): CursorData | undefined {
  if (text.length > 2048) return undefined;
  const [payload, signature, extra] = text.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(payload, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const [account, chunk, offset] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    if (typeof account !== 'string' || (chunk !== null && typeof chunk !== 'string') || !Number.isInteger(offset) || (offset as number) < 0) {
      return undefined;
    }
    return { account, chunk, offset: offset as number };
  } catch {
    return undefined;
  }
}

function sign(payload: string, key: Buffer): string {
  return createHmac('sha256', key).update(payload).digest('base64url').slice(0, 22);
}
