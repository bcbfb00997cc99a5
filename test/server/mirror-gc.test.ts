import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, CDN, cdnUrl, imagePost, localServer, makeImage, testMirror, useCdnSandbox } from './mirror-helpers.js';

const sandbox = useCdnSandbox();
let jpeg: Buffer;
beforeAll(async () => {
  jpeg = await makeImage(700, 700);
});

const DAY = 24 * 3600_000;
const post = (id: string) => imagePost(id, cdnUrl(`/${id}.jpg`));
const serve = (...ids: string[]) => {
  for (const id of ids) nock(CDN).get(`/${id}.jpg`).query(true).reply(200, jpeg, { 'content-type': 'image/jpeg' });
};
const filesOf = async (account: string) =>
  (await readdir(join(sandbox.dir(), 'media', account)).catch(() => [] as string[])).filter(f => f !== 'manifest.json');
const idsOnDisk = async (account: string) => [...new Set((await filesOf(account)).map(f => f.split('-')[0]))].sort();
const bytesOf = async (account: string) => {
  let total = 0;
  for (const f of await readdir(join(sandbox.dir(), 'media', account))) total += (await stat(join(sandbox.dir(), 'media', account, f))).size;
  return total;
};

describe('media mirror garbage collection', () => {
  it('drops media that left the feed once it is absent from the last two syncs and older than the retention', async () => {
    const { mirror, clock } = testMirror(sandbox.dir());
    serve('11', '12');
    mirror.schedule(ACCOUNT, [post('11'), post('12')]);
    await mirror.idle();
    clock.now += 3 * DAY;
    serve('13');
    mirror.schedule(ACCOUNT, [post('12'), post('13')]);
    await mirror.idle();
    // 11 was in the sync before the latest: still kept.
    expect(await idsOnDisk(ACCOUNT)).toEqual(['11', '12', '13']);
    clock.now += 3 * DAY;
    const version = mirror.version;
    mirror.schedule(ACCOUNT, [post('13')]);
    await mirror.idle();
    expect(await idsOnDisk(ACCOUNT)).toEqual(['12', '13']);
    expect(mirror.version).toBeGreaterThan(version);
    expect(mirror.decorate(ACCOUNT, [post('11')])).toEqual([post('11')]);
    const manifest = JSON.parse(await readFile(join(sandbox.dir(), 'media', ACCOUNT, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.entries).sort()).toEqual(['12:image', '13:image']);
  });

  it('keeps media scheduled within the retention even when later calls (other pages) lack it', async () => {
    const { mirror, clock } = testMirror(sandbox.dir());
    serve('21', '22', '23');
    for (const id of ['21', '22', '23']) {
      mirror.schedule(ACCOUNT, [post(id)]);
      await mirror.idle();
      clock.now += 3600_000;
    }
    // 21 was in neither of the last two calls, but was seen within the retention: kept.
    expect(await idsOnDisk(ACCOUNT)).toEqual(['21', '22', '23']);
    clock.now += 3 * DAY;
    mirror.schedule(ACCOUNT, [post('23')]);
    await mirror.idle();
    expect(await idsOnDisk(ACCOUNT)).toEqual(['23']);
  });

  it('sweeps files the manifest does not name, such as crash leftovers', async () => {
    const { mirror } = testMirror(sandbox.dir());
    serve('31');
    mirror.schedule(ACCOUNT, [post('31')]);
    await mirror.idle();
    await writeFile(join(sandbox.dir(), 'media', ACCOUNT, '99-deadbeef-320.jpg'), 'orphan');
    await writeFile(join(sandbox.dir(), 'media', ACCOUNT, '.99-deadbeef-320.jpg.tmp-1234'), 'torn');
    mirror.schedule(ACCOUNT, [post('31')]);
    await mirror.idle();
    expect(await idsOnDisk(ACCOUNT)).toEqual(['31']);
    expect((await filesOf(ACCOUNT)).some(f => f.startsWith('.'))).toBe(false);
  });
});

describe('media mirror byte budget', () => {
  it('deletes whole accounts, least recently synced first, until under MEDIA_CACHE_MAX_MB', async () => {
    const first = testMirror(sandbox.dir());
    serve('41', '51');
    first.mirror.schedule('222', [post('41')]);
    await first.mirror.idle();
    first.clock.now += 3600_000;
    first.mirror.schedule('111', [post('51')]);
    await first.mirror.idle();
    const size = Math.max(await bytesOf('111'), await bytesOf('222'));

    // A restart: last-synced times come from the manifests.
    const second = testMirror(sandbox.dir(), { maxCacheBytes: Math.floor(2.5 * size) });
    second.clock.now = first.clock.now + 3600_000;
    serve('61');
    second.mirror.schedule('333', [post('61')]);
    await second.mirror.idle();
    expect(await filesOf('222')).toEqual([]);
    expect(await idsOnDisk('111')).toEqual(['51']);
    expect(await idsOnDisk('333')).toEqual(['61']);
    expect(second.mirror.decorate('222', [post('41')])).toEqual([post('41')]);
    expect(second.mirror.decorate('111', [post('51')])[0]!.width).toBe(700);
    expect(second.logger.lines.join('\n')).toMatch(/over budget.*"account":"222"/);
  });

  it('never deletes the account that was just synced, and says the budget is too small', async () => {
    const { mirror, logger } = testMirror(sandbox.dir(), { maxCacheBytes: 1000 });
    serve('71');
    mirror.schedule(ACCOUNT, [post('71')]);
    await mirror.idle();
    expect(await idsOnDisk(ACCOUNT)).toEqual(['71']);
    expect(logger.lines.join('\n')).toMatch(/WARN Media cache stays over budget/);
  });
});

describe('forget', () => {
  it("deletes the account's files and manifest at once", async () => {
    const { mirror } = testMirror(sandbox.dir());
    serve('81');
    mirror.schedule(ACCOUNT, [post('81')]);
    mirror.schedule('444', [post('81')]);
    serve('81');
    await mirror.idle();
    const version = mirror.version;
    await mirror.forget(ACCOUNT);
    await expect(stat(join(sandbox.dir(), 'media', ACCOUNT))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(mirror.decorate(ACCOUNT, [post('81')])).toEqual([post('81')]);
    expect(mirror.version).toBeGreaterThan(version);
    expect(await idsOnDisk('444')).toEqual(['81']);
    await expect(mirror.forget('../444')).resolves.toBeUndefined();
    await expect(mirror.forget('555')).resolves.toBeUndefined();
    expect(await idsOnDisk('444')).toEqual(['81']);
  });

  it('leaves nothing behind when a download for the account was still running', async () => {
    let release!: () => void;
    let arrived!: () => void;
    const gate = new Promise<void>(resolve => (release = resolve));
    const requested = new Promise<void>(resolve => (arrived = resolve));
    const cdn = await localServer((_req, res) => {
      arrived();
      void gate.then(() => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg));
    });
    try {
      const { mirror } = testMirror(sandbox.dir(), { allowedHosts: [cdn.host], allowHttpHosts: [cdn.host] });
      const slow = imagePost('91', `http://${cdn.host}/slow.jpg`);
      const queued = ['92', '93', '94'].map(id => imagePost(id, `http://${cdn.host}/${id}.jpg`));
      mirror.schedule(ACCOUNT, [slow, ...queued]);
      await requested;
      await mirror.forget(ACCOUNT);
      release();
      await mirror.idle();
      expect(await filesOf(ACCOUNT)).toEqual([]);
      expect(mirror.decorate(ACCOUNT, [slow])).toEqual([slow]);
    } finally {
      await cdn.close();
    }
  });
});
