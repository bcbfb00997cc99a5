import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LowAccountStore, StoreOpenError } from '../../server/accounts/account-store.js';
import { keyId, open, seal } from '../../server/accounts/crypto.js';
import type { NewAccount } from '../../server/accounts/types.js';
import { tempDir } from './helpers/setup.js';

const TOKEN = 'IGAAsecret-token-value-1234567890';

function account(id = '17841400000000001', username = 'northshore.coffee'): NewAccount {
  return {
    id,
    appScopedId: '27281358591558845',
    username,
    profile: {
      username,
      name: 'North Shore',
      accountType: 'BUSINESS',
      profilePictureUrl: null,
      followersCount: 1200,
      followsCount: 10,
      mediaCount: 30,
      biography: null,
      website: null,
    },
    tokenIssuedAt: '2026-11-01T00:00:00.000Z',
    tokenExpiresAt: '2026-12-31T00:00:00.000Z',
  };
}

describe('crypto', () => {
  it('round-trips and never produces the same payload twice', () => {
    const key = randomBytes(32);
    const a = seal(TOKEN, key);
    const b = seal(TOKEN, key);
    expect(a).not.toBe(b);
    expect(a.startsWith(`v1.${keyId(key)}.`)).toBe(true);
    expect(open(a, [key])).toBe(TOKEN);
  });

  it('refuses a tampered payload and a wrong key', () => {
    const key = randomBytes(32);
    const sealed = seal(TOKEN, key);
    const parts = sealed.split('.');
    parts[4] = Buffer.from(`x${Buffer.from(parts[4]!, 'base64url').toString('latin1')}`).toString('base64url');
    expect(() => open(parts.join('.'), [key])).toThrow(/authentication/);
    expect(() => open(sealed, [randomBytes(32)])).toThrow(/No configured key/);
    expect(() => open('garbage', [key])).toThrow(/format/);
  });
});

describe('LowAccountStore', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('starts empty when the file is absent, and persists a round trip', async () => {
    const key = randomBytes(32);
    const store = await LowAccountStore.open({ dataDir: dir, key });
    expect(store.list()).toEqual([]);
    await store.upsert(account(), TOKEN);
    const reopened = await LowAccountStore.open({ dataDir: dir, key });
    expect(reopened.list()).toHaveLength(1);
    expect(reopened.get('NorthShore.Coffee')?.id).toBe('17841400000000001');
    expect(reopened.get('27281358591558845')?.username).toBe('northshore.coffee');
    expect(reopened.getToken('17841400000000001')).toBe(TOKEN);
    expect(JSON.stringify(reopened.list())).not.toContain('sealedToken');
  });

  it('keeps no plaintext token on disk, and the file and directory are private', async () => {
    const store = await LowAccountStore.open({ dataDir: dir, key: randomBytes(32) });
    await store.upsert(account(), TOKEN);
    const bytes = await readFile(join(dir, 'db.json'));
    expect(bytes.includes(TOKEN)).toBe(false);
    expect(bytes.includes(Buffer.from(TOKEN).toString('base64'))).toBe(false);
    expect((await stat(join(dir, 'db.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o077).toBe(0);
    expect((await readdir(dir)).filter(name => name.includes('.tmp-'))).toEqual([]);
  });

  it('replaces the token when an account reconnects, and resets its status', async () => {
    const store = await LowAccountStore.open({ dataDir: dir, key: randomBytes(32) });
    await store.upsert(account(), TOKEN);
    await store.update('17841400000000001', { status: 'reconnect_required', lastError: 'x', refreshFailures: 3 });
    const again = await store.upsert(account(), 'IGAAnew-token');
    expect(again.status).toBe('active');
    expect(again.refreshFailures).toBe(0);
    expect(store.getToken('17841400000000001')).toBe('IGAAnew-token');
    expect(store.list()).toHaveLength(1);
  });

  it('decrypts under an old key during rotation and re-seals with the new one', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await (await LowAccountStore.open({ dataDir: dir, key: oldKey })).upsert(account(), TOKEN);
    const rotated = await LowAccountStore.open({ dataDir: dir, key: newKey, oldKeys: [oldKey] });
    expect(rotated.getToken('17841400000000001')).toBe(TOKEN);
    const onDisk = await readFile(join(dir, 'db.json'), 'utf8');
    expect(onDisk).toContain(`v1.${keyId(newKey)}.`);
    expect(onDisk).not.toContain(`v1.${keyId(oldKey)}.`);
    // The old key is no longer needed once re-sealed.
    expect((await LowAccountStore.open({ dataDir: dir, key: newKey })).getToken('17841400000000001')).toBe(TOKEN);
  });

  it('refuses to open with a wrong key, naming the file, and leaves the file untouched', async () => {
    await (await LowAccountStore.open({ dataDir: dir, key: randomBytes(32) })).upsert(account(), TOKEN);
    const before = await readFile(join(dir, 'db.json'), 'utf8');
    await expect(LowAccountStore.open({ dataDir: dir, key: randomBytes(32) })).rejects.toThrow(
      new RegExp(`Cannot decrypt.*${join(dir, 'db.json').replace(/[/\\.]/g, '\\$&')}`),
    );
    expect(await readFile(join(dir, 'db.json'), 'utf8')).toBe(before);
  });

  it('refuses a corrupt file loudly instead of starting empty', async () => {
    await writeFile(join(dir, 'db.json'), '{"version":1,"accounts":[{"id":"1",');
    await expect(LowAccountStore.open({ dataDir: dir, key: randomBytes(32) })).rejects.toThrow(StoreOpenError);
    await expect(LowAccountStore.open({ dataDir: dir, key: randomBytes(32) })).rejects.toThrow(/corrupt/);
    expect(await readFile(join(dir, 'db.json'), 'utf8')).toBe('{"version":1,"accounts":[{"id":"1",');
  });

  it('removes temp files a crash left behind', async () => {
    await writeFile(join(dir, '.db.json.tmp-abc123'), 'half');
    await LowAccountStore.open({ dataDir: dir, key: randomBytes(32) });
    expect(await readdir(dir)).not.toContain('.db.json.tmp-abc123');
  });

  it('deletes accounts', async () => {
    const store = await LowAccountStore.open({ dataDir: dir, key: randomBytes(32) });
    await store.upsert(account(), TOKEN);
    await store.upsert(account('17841400000000002', 'lena.travels'), 'IGAAother');
    expect(await store.delete('lena.travels')).toBe(true);
    expect(await store.delete('lena.travels')).toBe(false);
    expect(store.list().map(a => a.username)).toEqual(['northshore.coffee']);
  });
});
