// CursorCodec at the function level (feed-cursors.test.ts covers the HTTP side): round trip, key
// rotation, tampering, expiry, and malformed input that must be refused without throwing.
// `forge` signs payloads the way the module header documents the format, to reach the shape checks
// that only run behind a valid signature.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CURSOR_LIFETIME_MS, CursorCodec, type CursorData } from '../../../server/feed/cursor.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const CURRENT = Buffer.alloc(32, 1);
const OLD = Buffer.alloc(32, 2);
const FOREIGN = Buffer.alloc(32, 3);
const ACCOUNT = '17841400000000001';
const DATA: CursorData = { streams: [{ account: ACCOUNT, chunk: 'QVFIUmxyZA', offset: 12, depth: 1 }], pinIndex: 0, pinSets: [''] };
/** A merged feed's cursor: one account still going, one done, pins partly shown. */
const MERGED: CursorData = {
  streams: [
    { account: ACCOUNT, chunk: null, offset: 7, depth: 0 },
    { account: '17841400000000002', done: true },
  ],
  pinIndex: 3,
  pinSets: ['1x2y3z', ''],
};
/** DATA as the documented payload `[streams, pinIndex, pinSets, issuedAt]`. */
const wire = (issuedAt = T0 / 1000) => [[[ACCOUNT, 'QVFIUmxyZA', 12, 1]], 0, [''], issuedAt];

const sign = (text: string, key: Buffer) => createHmac('sha256', key).update(text).digest('base64url').slice(0, 22);

/** A cursor with any JSON payload, signed with `key` in the documented `<key id>.<payload>.<signature>` format. */
function forge(fields: unknown, key = CURRENT): string {
  const id = sign('key-id', key).slice(0, 6);
  const payload = Buffer.from(JSON.stringify(fields)).toString('base64url');
  return `${id}.${payload}.${sign(`${id}.${payload}`, key)}`;
}

function setup(keys: Buffer[] = [CURRENT]) {
  const clock = { now: T0 };
  return { clock, codec: new CursorCodec(keys, () => clock.now) };
}

/** `text` with the character at `index` swapped for another base64url character. */
const flip = (text: string, index: number) => text.slice(0, index) + (text[index] === 'A' ? 'B' : 'A') + text.slice(index + 1);

describe('CursorCodec', () => {
  it('should refuse to be built without a key', () => {
    expect(() => new CursorCodec([])).toThrow('at least one key');
  });

  it('should decode what it encoded, for the first chunk and later ones, one account or merged', () => {
    const { codec } = setup();
    expect(codec.decode(codec.encode(DATA))).toEqual(DATA);
    const first: CursorData = { streams: [{ account: '1', chunk: null, offset: 0, depth: 0 }], pinIndex: 0, pinSets: [''] };
    expect(codec.decode(codec.encode(first))).toEqual(first);
    expect(codec.decode(codec.encode(MERGED))).toEqual(MERGED);
  });

  it('should reveal nothing readable but the key id, payload and signature', () => {
    const cursor = setup().codec.encode(DATA);
    expect(cursor).toMatch(/^[\w-]{6}\.[\w-]+\.[\w-]{22}$/);
    expect(cursor).not.toContain('QVFIUmxyZA');
  });

  it('should accept the documented format, as `forge` writes it', () => {
    expect(setup().codec.decode(forge(wire()))).toEqual(DATA);
  });

  it('should call a genuine cursor of the format before curation (`[account, chunk, offset, depth, issuedAt]`) expired', () => {
    // Its page was cut without pins or rules: the widget reloads from the first page, which is exact.
    expect(setup().codec.decode(forge([ACCOUNT, 'QVFIUmxyZA', 12, 1, T0 / 1000]))).toBe('expired');
  });

  describe('across a key rotation', () => {
    it('should accept cursors signed with a listed older key', () => {
      const old = setup([OLD]).codec.encode(DATA);
      expect(setup([CURRENT, OLD]).codec.decode(old)).toEqual(DATA);
    });

    it('should sign new cursors with the current key', () => {
      const cursor = setup([CURRENT, OLD]).codec.encode(DATA);
      expect(setup([CURRENT]).codec.decode(cursor)).toEqual(DATA);
      expect(setup([OLD]).codec.decode(cursor)).toBeUndefined();
    });

    it('should refuse cursors of a key that is no longer listed, or never was', () => {
      const { codec } = setup([CURRENT, OLD]);
      expect(codec.decode(setup([FOREIGN]).codec.encode(DATA))).toBeUndefined();
      expect(setup([CURRENT]).codec.decode(setup([OLD]).codec.encode(DATA))).toBeUndefined();
    });
  });

  describe('when a cursor was altered', () => {
    it('should refuse any changed character in key id, payload or signature', () => {
      const { codec } = setup();
      const cursor = codec.encode(DATA);
      for (let i = 0; i < cursor.length; i++) {
        if (cursor[i] === '.') continue;
        expect(codec.decode(flip(cursor, i)), `character ${i}`).toBeUndefined();
      }
    });

    it("should refuse another cursor's payload under this one's signature", () => {
      const { codec } = setup();
      const [id, payload] = codec.encode({ ...DATA, pinIndex: 40 }).split('.');
      const [, , signature] = codec.encode(DATA).split('.');
      expect(codec.decode(`${id}.${payload}.${signature}`)).toBeUndefined();
    });

    it("should refuse a payload signed with a foreign key under our key's id", () => {
      const { codec } = setup();
      const [id] = codec.encode(DATA).split('.');
      const [, payload, signature] = forge(wire(), FOREIGN).split('.');
      expect(codec.decode(`${id}.${payload}.${signature}`)).toBeUndefined();
    });
  });

  describe(`after ${CURSOR_LIFETIME_MS / 3_600_000} hours`, () => {
    it('should still accept a cursor at exactly its lifetime, and call it expired after', () => {
      const { clock, codec } = setup();
      const cursor = codec.encode(DATA);
      clock.now = T0 + CURSOR_LIFETIME_MS;
      expect(codec.decode(cursor)).toEqual(DATA);
      clock.now += 1;
      expect(codec.decode(cursor)).toBe('expired');
    });

    it('should call an expired cursor of an older key expired, but an altered one invalid', () => {
      const cursor = setup([OLD]).codec.encode(DATA);
      const { clock, codec } = setup([CURRENT, OLD]);
      clock.now = T0 + 2 * CURSOR_LIFETIME_MS;
      expect(codec.decode(cursor)).toBe('expired');
      expect(codec.decode(flip(cursor, cursor.length - 1))).toBeUndefined();
    });
  });

  describe('in the earlier `<payload>.<signature>` format', () => {
    const legacy = (key: Buffer) => {
      const payload = Buffer.from(JSON.stringify(['17841400000000001', null, 0, 0])).toString('base64url');
      return `${payload}.${sign(payload, key)}`;
    };

    it('should call a genuine cursor expired, under the current or an older key', () => {
      const { codec } = setup([CURRENT, OLD]);
      expect(codec.decode(legacy(CURRENT))).toBe('expired');
      expect(codec.decode(legacy(OLD))).toBe('expired');
    });

    it('should refuse a forged or altered one', () => {
      const { codec } = setup();
      expect(codec.decode(legacy(FOREIGN))).toBeUndefined();
      expect(codec.decode(flip(legacy(CURRENT), 0))).toBeUndefined();
    });
  });

  describe('with malformed input', () => {
    it('should refuse strings of every shape without throwing', () => {
      const { codec } = setup();
      const cursor = codec.encode(DATA);
      const [id, payload, signature] = cursor.split('.') as [string, string, string];
      const inputs = [
        '',
        '.',
        '..',
        '...',
        'abc',
        'null',
        '{}',
        '[]',
        '%00',
        '\u0000\u0000',
        '🙂.🙂.🙂',
        `${id}..${signature}`,
        `${id}.${payload}.`,
        `.${payload}.${signature}`,
        `${cursor}.`,
        `${cursor}.${signature}`,
        `${id}.${payload}`,
        `${payload}.${signature}`,
        cursor.toUpperCase(),
        ` ${cursor}`,
        `${cursor}\n`,
        'x'.repeat(100_000),
        `${id}.${'A'.repeat(4000)}.${signature}`,
        '.'.repeat(3000),
        `${id}.${payload}.${signature}`.replace(/./g, '\ud800'),
      ];
      for (const input of inputs) expect(codec.decode(input), JSON.stringify(input.slice(0, 40))).toBeUndefined();
    });

    it('should refuse genuinely signed payloads of the wrong shape without throwing', () => {
      const { codec } = setup();
      const account = ACCOUNT;
      const issued = T0 / 1000;
      const stream = [account, null, 0, 0];
      const payloads: unknown[] = [
        null,
        42,
        'a string',
        { streams: [stream], pinIndex: 0, pinSets: [''], issuedAt: issued },
        [],
        [account],
        [[stream], 0, ['']],
        [[], 0, [], issued],
        [[stream], 0, [], issued],
        [[stream], 0, [''], 'yesterday'],
        [[stream], 0, [''], -1],
        [[stream], -1, [''], issued],
        [[stream], 1.5, [''], issued],
        [[stream], 0, [7], issued],
        [[stream], 0, '', issued],
        [stream, 0, [''], issued],
        [[[7, null, 0, 0]], 0, [''], issued],
        [[[account, 7, 0, 0]], 0, [''], issued],
        [[[account, null, -1, 0]], 0, [''], issued],
        [[[account, null, '0', 0]], 0, [''], issued],
        [[[account, null, 0, null]], 0, [''], issued],
        [[[account, null, 2 ** 53, 0]], 0, [''], issued],
        [[[account, null, 0]], 0, [''], issued],
        [[[]], 0, [''], issued],
        [[stream], 0, [''], Number.MAX_VALUE],
        // The format before curation, malformed.
        [7, null, 0, 0, issued],
        [account, 7, 0, 0, issued],
        [account, null, -1, 0, issued],
        [account, null, 0, 0, 'yesterday'],
      ];
      for (const fields of payloads) expect(codec.decode(forge(fields)), JSON.stringify(fields)).toBeUndefined();
      // A payload that is not JSON at all, behind a valid signature.
      const id = sign('key-id', CURRENT).slice(0, 6);
      const garbage = Buffer.from('not json {').toString('base64url');
      expect(codec.decode(`${id}.${garbage}.${sign(`${id}.${garbage}`, CURRENT)}`)).toBeUndefined();
    });
  });
});
