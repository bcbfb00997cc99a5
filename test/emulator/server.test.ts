import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Agent, request as undiciRequest } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, FIXTURE_ACCOUNTS, signedRequest } from '../../demo/emulator/app.js';
import { startEmulator } from '../../demo/emulator/server.js';
import type { RunningEmulator } from '../../demo/emulator/server.js';
import { REDIRECT_URI } from './helpers.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(options: Parameters<typeof startEmulator>[0] = {}) {
  running = await startEmulator({ controls: true, redirectUris: [REDIRECT_URI], ...options });
  return running;
}

describe('startEmulator', () => {
  it('should bind loopback on a random port and use it as publicUrl', async () => {
    const { url, emulator } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.publicUrl).toBe(url);
  });

  it('should run the whole OAuth flow over HTTP, multipart exchange included', async () => {
    const { url } = await start();
    const query = new URLSearchParams({
      client_id: EMULATOR_CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'instagram_business_basic',
      state: 's1',
    });
    expect((await fetch(`${url}/oauth/authorize?${query}`)).status).toBe(200);
    const consent = await fetch(`${url}/oauth/authorize?${query}`, {
      method: 'POST',
      body: new URLSearchParams({ ...Object.fromEntries(query), account: 'lena.travels', decision: 'allow' }),
      redirect: 'manual',
    });
    expect(consent.status).toBe(302);
    const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
    const form = new FormData();
    for (const [key, value] of Object.entries({
      client_id: EMULATOR_CLIENT_ID,
      client_secret: EMULATOR_CLIENT_SECRET,
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT_URI,
      code,
    })) {
      form.append(key, value);
    }
    const exchange = await fetch(`${url}/oauth/access_token`, { method: 'POST', body: form });
    const raw = await exchange.text();
    expect(raw).toMatch(/"user_id":27498120356684211,/);
    const short = (JSON.parse(raw) as { access_token: string }).access_token;
    const long = (await (
      await fetch(`${url}/access_token?${new URLSearchParams({ grant_type: 'ig_exchange_token', client_secret: EMULATOR_CLIENT_SECRET, access_token: short })}`)
    ).json()) as { access_token: string };
    const me = await fetch(`${url}/v23.0/me?fields=username&access_token=${long.access_token}`);
    expect(await me.json()).toEqual({ username: 'lena.travels', id: '27498120356684211' });
  });

  it('should hand out next URLs that work as they are', async () => {
    const { url, emulator } = await start();
    const token = emulator.state.issueToken(FIXTURE_ACCOUNTS[1]!.id, 'long').token;
    let next: string | undefined = `${url}/v25.0/me/media?fields=id,media_url&limit=10&access_token=${token}`;
    const ids: string[] = [];
    while (next) {
      const page = (await (await fetch(next)).json()) as { data: { id: string }[]; paging?: { next?: string } };
      ids.push(...page.data.map(m => m.id));
      next = page.paging?.next;
    }
    expect(ids).toEqual(FIXTURE_ACCOUNTS[1]!.media.map(m => m.id));
  });

  it('should close keep-alive, delayed and hung connections promptly', async () => {
    const { url, emulator, close } = await start();
    const token = emulator.state.issueToken(FIXTURE_ACCOUNTS[0]!.id, 'long').token;
    const agent = new Agent({ keepAliveTimeout: 60_000 });
    const ok = await undiciRequest(`${url}/me?access_token=${token}`, { dispatcher: agent });
    await ok.body.text();
    emulator.setControl({ latencyMs: 60_000 });
    const delayed = fetch(`${url}/me?access_token=${token}`).catch((error: unknown) => error);
    emulator.setControl({ latencyMs: 0, mode: 'timeout' });
    const hung = fetch(`${url}/me?access_token=${token}`).catch((error: unknown) => error);
    const timedOut = await fetch(`${url}/me/media?access_token=${token}`, { signal: AbortSignal.timeout(100) }).catch((error: unknown) => error);
    expect((timedOut as Error).name).toBe('TimeoutError');
    const started = performance.now();
    await close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await delayed).toBeInstanceOf(Error);
    expect(await hung).toBeInstanceOf(Error);
    await agent.close();
    running = undefined;
  });
});

describe('npm run emulator', () => {
  it('should print the settings and stop on SIGTERM', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/emulator/main.ts'], {
      cwd: root,
      env: { ...process.env, EMULATOR_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /INSTAGRAM_GRAPH_URL=(\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(`exited early: ${output}`)));
    });
    expect(output).toContain(`INSTAGRAM_AUTHORIZE_URL=${base}/oauth/authorize`);
    expect(output).toContain(`INSTAGRAM_API_URL=${base}`);
    expect(output).toContain(`INSTAGRAM_CLIENT_ID=${EMULATOR_CLIENT_ID}`);
    expect((await fetch(`${base}/__control`)).status).toBe(200);
    const exit = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});

describe('signedRequest', () => {
  it("should build Meta's signed_request format", () => {
    const payload = { algorithm: 'HMAC-SHA256', issued_at: 1_700_000_000, user_id: FIXTURE_ACCOUNTS[0]!.id };
    const value = signedRequest(payload, EMULATOR_CLIENT_SECRET);
    const [signature, body] = value.split('.') as [string, string];
    expect(value).not.toContain('=');
    expect(JSON.parse(Buffer.from(body, 'base64url').toString())).toEqual(payload);
    expect(signature).toBe(createHmac('sha256', EMULATOR_CLIENT_SECRET).update(body).digest('base64url'));
  });
});

describe('fixtures', () => {
  it('should cover every case the server must handle', () => {
    const [business, creator, personal] = FIXTURE_ACCOUNTS;
    expect([business!.accountType, creator!.accountType, personal!.accountType]).toEqual(['BUSINESS', 'MEDIA_CREATOR', 'PERSONAL']);
    expect(business!.media.length + creator!.media.length).toBeGreaterThanOrEqual(40);
    const all = FIXTURE_ACCOUNTS.flatMap(a => a.media);
    const ids = [...all.map(m => m.id), ...all.flatMap(m => m.children.map(c => c.id))];
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of FIXTURE_ACCOUNTS) {
      expect(BigInt(a.id) > 2n ** 53n).toBe(true);
      expect(Number.isSafeInteger(Number(a.id))).toBe(false);
      expect(a.userId).toMatch(/^1784\d{13}$/);
    }
    const pro = [...business!.media, ...creator!.media];
    expect(pro.filter(m => m.copyrighted && m.mediaProductType === 'REELS').length).toBeGreaterThanOrEqual(1);
    expect(pro.some(m => m.mediaType === 'VIDEO' && m.mediaProductType === 'FEED')).toBe(true);
    expect(pro.some(m => m.altText)).toBe(true);
  });
});
