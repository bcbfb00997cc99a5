import request from 'supertest';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, createEmulator, findAccount } from '../../demo/emulator/app.js';
import type { Emulator, EmulatorOptions } from '../../demo/emulator/app.js';

export const REDIRECT_URI = 'http://localhost:3000/instagram/callback';
export const PUBLIC_URL = 'http://emulator.test';
export const START = Date.parse('2026-11-25T12:00:00Z');

/** An emulator on a hand-driven clock, controls on, `publicUrl` fixed so URLs are predictable. */
export function makeEmulator(options: Partial<EmulatorOptions> = {}) {
  let now = START;
  const emulator = createEmulator({ redirectUris: [REDIRECT_URI], controls: true, publicUrl: PUBLIC_URL, now: () => now, ...options });
  return {
    emulator,
    app: emulator.app,
    advance(ms: number) {
      now += ms;
    },
  };
}

export const authorizeQuery = (extra: Record<string, string> = {}) => ({
  client_id: EMULATOR_CLIENT_ID,
  redirect_uri: REDIRECT_URI,
  response_type: 'code',
  scope: 'instagram_business_basic',
  state: 'state-123',
  ...extra,
});

/** Submits the consent form as a browser would and returns the code from the redirect. */
export async function authorize(emulator: Emulator, username = 'northshore.coffee'): Promise<string> {
  const res = await request(emulator.app)
    .post('/oauth/authorize')
    .type('form')
    .send({ ...authorizeQuery(), account: username, decision: 'allow' })
    .expect(302);
  const code = new URL(res.headers.location!).searchParams.get('code');
  if (!code) throw new Error('no code in redirect');
  return code;
}

export const exchangeForm = (code: string, extra: Record<string, string> = {}) => ({
  client_id: EMULATOR_CLIENT_ID,
  client_secret: EMULATOR_CLIENT_SECRET,
  grant_type: 'authorization_code',
  redirect_uri: REDIRECT_URI,
  code,
  ...extra,
});

/** A long-lived token for a fixture account, issued directly (skips the consent page). */
export function longToken(emulator: Emulator, username = 'northshore.coffee'): string {
  return emulator.state.issueToken(account(username).id, 'long').token;
}

export function account(username: string) {
  const found = findAccount(username);
  if (!found) throw new Error(`no fixture account ${username}`);
  return found;
}

/** Path and query of an absolute emulator URL, for supertest. */
export const pathOf = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};
