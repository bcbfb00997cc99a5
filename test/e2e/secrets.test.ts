// No token and no client secret anywhere a person or another program can read them: every file the
// server leaves under DATA_DIR (store, feed snapshots, deletion log, mirrored media), everything it
// logs, and every response it sends. The server runs in production wiring (its own process, demo mode,
// media mirror on) through a whole session: a token refreshed at start-up, an OAuth connection
// (short-lived token exchanged for a long-lived one), feeds paged through `after` cursors (Instagram's
// `paging.next` carries the token), admin calls, a Meta data-deletion callback, then SIGTERM.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_ACCOUNT, findAccount, signedRequest } from '../../demo/emulator/app.js';
import { EMULATOR_CLIENT_SECRET } from '../../demo/emulator/constants.js';
import { startStack, type Stack } from '../bench/harness.js';
import { waitForMirror } from '../bench/probes.js';
import { connectAccount } from '../helpers/connect.js';

// Instagram Login tokens (and the emulator's) start with IGAA; 40 more base64url characters is far
// shorter than any token, so a truncated or partly redacted one still counts. Not in the middle of a
// base64 run: WebP placeholders (`data:image/webp;base64,…VlA4IGAAAA…`) hold that shape by chance.
const TOKEN_SHAPE = /(?<![A-Za-z0-9+/_-])IGAA[A-Za-z0-9_-]{40,}/g;

/** Every token-shaped string and every occurrence of `secrets` in `text`. */
function findSecrets(text: string, secrets: readonly string[]): string[] {
  return locateSecrets(text, secrets).map(hit => hit.match);
}

/** The same, each with the text just before it, to tell where a leak came from. */
function locateSecrets(text: string, secrets: readonly string[]): { match: string; before: string }[] {
  const hits = [...text.matchAll(TOKEN_SHAPE)].map(m => ({ match: m[0], index: m.index }));
  for (const secret of secrets) for (let i = text.indexOf(secret); i !== -1; i = text.indexOf(secret, i + 1)) hits.push({ match: secret, index: i });
  return hits.map(({ match, index }) => ({ match, before: text.slice(Math.max(0, index - 40), index) }));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter(entry => entry.isFile()).map(entry => join(entry.parentPath, entry.name));
}

let stack: Stack;
const transcript: string[] = [];

/** A request whose status line, headers and body all go into the transcript that is searched. */
async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(stack.server.url + path, { redirect: 'manual', ...init });
  const body = await response.clone().text();
  transcript.push(`${init.method ?? 'GET'} ${path} -> ${response.status}\n${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body}`);
  return response;
}

beforeAll(async () => {
  stack = await startStack(
    {},
    {
      demo: true,
      capture: true,
      // bench.gallery has 120 posts: paging it crosses Instagram pages, whose `paging.next` carries the token.
      accounts: [{ fixture: findAccount('lena.travels')!, tokenAgeDays: 59 }, { fixture: BENCH_ACCOUNT }],
      controls: { benchAccount: true },
    },
  );
}, 60_000);
afterAll(() => stack?.close());

describe('secrets stay secret', () => {
  it('the scanner finds a token and the client secret wherever they appear', () => {
    const token = stack.seededTokens[0]!;
    expect(findSecrets(`GET /me/media?access_token=${token}&after=QVFI`, [])).toEqual([token]);
    expect(findSecrets(JSON.stringify({ next: `https://graph.instagram.com/v23.0/me/media?access_token=${encodeURIComponent(token)}` }), [])).toEqual([token]);
    expect(findSecrets(`client_secret=${EMULATOR_CLIENT_SECRET}`, [EMULATOR_CLIENT_SECRET])).toEqual([EMULATOR_CLIENT_SECRET]);
    expect(findSecrets(`sealed v1.ab12.${Buffer.from(token).toString('base64url')}`, [])).toEqual([]);
    expect(findSecrets('data:image/webp;base64,UklGRmwAAABXRUJQVlA4IGAAAABQBACdASoQABAAAwA0JaACdLoAAw', [])).toEqual([]);
  });

  it('leaves no token or client secret in any file, log line or response after a whole session', async () => {
    // The seeded 59-day-old token is refreshed by the start-up pass.
    const deadline = Date.now() + 20_000;
    let lena: { lastRefreshAt: string | null; id: string } | undefined;
    while (!lena?.lastRefreshAt && Date.now() < deadline) {
      const { accounts } = (await (await call('/api/accounts')).json()) as { accounts: (typeof lena & { username: string })[] };
      lena = accounts.find(a => a.username === 'lena.travels');
      if (!lena?.lastRefreshAt) await new Promise(r => setTimeout(r, 200));
    }
    expect(lena?.lastRefreshAt, 'the start-up refresh pass did not refresh the seeded token').toBeTruthy();

    const connected = await connectAccount(stack.server.url, 'northshore.coffee');
    expect(connected.location).toMatch(/connected/);

    const walk = async (username: string, limit: number) => {
      let after: string | null = null;
      let posts = 0;
      do {
        const response = await call(`/api/feeds/${username}?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
        expect(response.status).toBe(200);
        const feed = (await response.json()) as { media: unknown[]; paging: { next: string | null } };
        posts += feed.media.length;
        after = feed.paging.next;
      } while (after);
      return posts;
    };
    expect(await walk('bench.gallery', 30)).toBe(120);
    for (const username of ['northshore.coffee', 'lena.travels']) {
      expect(await walk(username, 7)).toBeGreaterThan(7);
      expect(await waitForMirror(`${stack.server.url}/api/feeds/${username}?limit=100`, 60_000, { avatar: true })).toBe(true);
      const full = await call(`/api/feeds/${username}?limit=100`);
      await call(`/api/feeds/${username}`, { method: 'HEAD' });
      await call(`/api/feeds/${username}`, { headers: { 'If-None-Match': full.headers.get('etag')! } });
      await call(`/api/feeds/${username}`, { method: 'OPTIONS', headers: { Origin: 'https://blog.example' } });
      await call(`/api/accounts/${username}/sync`, { method: 'POST', headers: { Origin: stack.server.url } });
      await call(`/api/accounts/${username}/refresh`, { method: 'POST', headers: { Origin: stack.server.url } });
      // One mirrored image, as a browser would fetch it.
      const image = ((await full.clone().json()) as { media: { sources: { url: string }[] }[] }).media[0]!.sources[0]!.url;
      expect((await fetch(new URL(image, stack.server.url))).ok).toBe(true);
    }
    for (const path of [
      '/healthz',
      '/metrics',
      '/',
      '/api/accounts',
      '/api/feeds/nobody',
      '/api/feeds/northshore.coffee?after=forged',
      '/instagram/callback?code=x&state=forged',
    ])
      await call(path);

    // Meta's data-deletion callback for the OAuth-connected account, then its status page.
    const { accounts } = (await (await call('/api/accounts')).json()) as { accounts: { id: string; username: string }[] };
    const northshore = accounts.find(a => a.username === 'northshore.coffee')!;
    const deletion = await call('/instagram/data-deletion', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `signed_request=${signedRequest({ algorithm: 'HMAC-SHA256', user_id: northshore.id, issued_at: Math.floor(Date.now() / 1000) }, EMULATOR_CLIENT_SECRET)}`,
    });
    expect(deletion.status).toBe(200);
    const { confirmation_code } = (await deletion.json()) as { confirmation_code: string };
    await call(`/instagram/data-deletion/${confirmation_code}`, { headers: { Accept: 'application/json' } });

    await stack.server.stop();
    expect(stack.server.child.exitCode).toBe(0);

    const files = await filesUnder(stack.dataDir);
    const names = files.map(file => file.slice(stack.dataDir.length + 1));
    // The scan covers every kind of file the server writes.
    expect(names).toContain('db.json');
    expect(names.some(name => name.startsWith('feeds/'))).toBe(true);
    expect(names.some(name => name.startsWith('media/') && name.endsWith('.webp'))).toBe(true);
    expect(names.some(name => /deletion/.test(name))).toBe(true);

    const secrets = [EMULATOR_CLIENT_SECRET, ...stack.seededTokens];
    const found: string[] = [];
    const report = (where: string) => (hit: { match: string; before: string }) => found.push(`${where}: …${hit.before}[${hit.match.slice(0, 8)}…]`);
    for (const file of files) locateSecrets((await readFile(file)).toString('latin1'), secrets).forEach(report(file));
    const logs = stack.server.output();
    locateSecrets(logs, secrets).forEach(report('log'));
    locateSecrets(transcript.join('\n'), secrets).forEach(report('response'));
    console.log(
      `secrets: ${files.length} files (${names.filter(n => n.startsWith('media/')).length} media), ${logs.split('\n').length} log lines and ` +
        `${transcript.length} responses searched for tokens and the client secret: ${found.length} found`,
    );
    expect(found).toEqual([]);
    // Sanity: the server did log the session, and the transcript holds real feeds.
    expect(logs).toMatch(/listening/);
    expect(transcript.join('\n')).toMatch(/"permalink"/);
  }, 150_000);
});
