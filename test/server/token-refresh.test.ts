import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LowAccountStore } from '../../server/accounts/account-store.js';
import type { AccountStore, NewAccount } from '../../server/accounts/types.js';
import { InstagramClient } from '../../server/instagram/client.js';
import { Scheduler } from '../../server/jobs/scheduler.js';
import { backoffMs, refreshDueTokens, type RefreshDeps } from '../../server/jobs/token-refresh.js';
import { createMemoryLogger } from '../../server/runtime/logger.js';
import { GRAPH, recordingNotifier, tempDir, testConfig } from './helpers/setup.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-28T12:00:00Z');

function account(id: string, issuedDaysAgo: number, expiresInDays: number): NewAccount {
  return {
    id,
    appScopedId: null,
    username: `user${id}`,
    profile: {
      username: `user${id}`,
      name: null,
      accountType: 'BUSINESS',
      profilePictureUrl: null,
      followersCount: null,
      followsCount: null,
      mediaCount: null,
      biography: null,
      website: null,
    },
    tokenIssuedAt: new Date(NOW - issuedDaysAgo * DAY).toISOString(),
    tokenExpiresAt: new Date(NOW + expiresInDays * DAY).toISOString(),
  };
}

let store: AccountStore;
let deps: RefreshDeps & { notifier: ReturnType<typeof recordingNotifier> };
let now = NOW;
let cleanup: () => Promise<void>;

beforeAll(() => nock.disableNetConnect());
beforeEach(async () => {
  now = NOW;
  const tmp = await tempDir();
  cleanup = tmp.cleanup;
  store = await LowAccountStore.open({ dataDir: tmp.dir, key: randomBytes(32) });
  deps = {
    store,
    instagram: new InstagramClient(testConfig(tmp.dir).instagram),
    notifier: recordingNotifier(),
    logger: createMemoryLogger(),
    now: () => now,
    windowDays: 7,
    random: () => 1,
  };
});
afterEach(async () => {
  nock.cleanAll();
  await cleanup();
});
afterAll(() => nock.enableNetConnect());

function mockRefresh(token: string, reply: [number, object]) {
  return nock(GRAPH)
    .get('/refresh_access_token')
    .query({ grant_type: 'ig_refresh_token', access_token: token })
    .reply(...reply);
}

describe('refreshDueTokens', () => {
  it('refreshes exactly the active tokens that are older than 24 h and expire within the window', async () => {
    await store.upsert(account('1', 55, 5), 'tok-due');
    await store.upsert(account('2', 10, 50), 'tok-fresh-enough');
    await store.upsert(account('3', 0.5, 6), 'tok-too-young');
    await store.upsert(account('4', 58, 2), 'tok-inactive');
    await store.update('4', { status: 'reconnect_required' });
    await store.upsert(account('5', 59, 6.9), 'tok-due-too');
    const due1 = mockRefresh('tok-due', [200, { access_token: 'tok-new-1', token_type: 'bearer', expires_in: 5184000 }]);
    const due5 = mockRefresh('tok-due-too', [200, { access_token: 'tok-new-5', token_type: 'bearer', expires_in: 5184000 }]);

    const outcomes = await refreshDueTokens(deps);

    expect(due1.isDone() && due5.isDone()).toBe(true);
    expect(Object.fromEntries(outcomes.map(o => [o.accountId, o.result]))).toEqual({
      '1': 'refreshed',
      '2': 'not_due',
      '3': 'not_due',
      '4': 'inactive',
      '5': 'refreshed',
    });
    expect(store.getToken('1')).toBe('tok-new-1');
    expect(store.get('1')!.tokenExpiresAt).toBe(new Date(NOW + 5184000_000).toISOString());
    expect(store.get('1')!.lastRefreshAt).toBe(new Date(NOW).toISOString());
    expect(store.getToken('2')).toBe('tok-fresh-enough');
    expect(deps.notifier.changes).toEqual([]);
  });

  it('marks an account reconnect_required on 190 and notifies once', async () => {
    await store.upsert(account('1', 55, 5), 'tok-revoked');
    mockRefresh('tok-revoked', [
      400,
      { error: { message: 'Error validating access token: The session has been invalidated', type: 'OAuthException', code: 190, error_subcode: 460 } },
    ]);
    const [outcome] = await refreshDueTokens(deps);
    expect(outcome!.result).toBe('reconnect_required');
    expect(store.get('1')!.status).toBe('reconnect_required');
    // Later passes leave it alone: no Instagram call, no second notification.
    now += DAY;
    await refreshDueTokens(deps);
    expect(deps.notifier.changes).toHaveLength(1);
    expect(deps.notifier.changes[0]).toMatchObject({ accountId: '1', from: 'active', to: 'reconnect_required' });
    expect(JSON.stringify(deps.notifier.changes)).not.toContain('tok-revoked');
  });

  it('backs off after transient failures, exponentially, and recovers', async () => {
    await store.upsert(account('1', 55, 5), 'tok');
    mockRefresh('tok', [500, { error: { message: 'oops', type: 'IGApiException', code: 2 } }]);
    expect((await refreshDueTokens(deps))[0]!.result).toBe('failed');
    expect(store.get('1')).toMatchObject({ refreshFailures: 1, nextRefreshAttemptAt: new Date(NOW + 5 * 60_000).toISOString(), status: 'active' });

    // Within the backoff: no call at all (nock would throw on an unexpected request).
    now += 4 * 60_000;
    expect((await refreshDueTokens(deps))[0]!.result).toBe('backing_off');

    now += 2 * 60_000;
    mockRefresh('tok', [500, {}]);
    await refreshDueTokens(deps);
    expect(store.get('1')).toMatchObject({ refreshFailures: 2, nextRefreshAttemptAt: new Date(now + 10 * 60_000).toISOString() });

    now += 11 * 60_000;
    mockRefresh('tok', [200, { access_token: 'tok2', token_type: 'bearer', expires_in: 5184000 }]);
    expect((await refreshDueTokens(deps))[0]!.result).toBe('refreshed');
    expect(store.get('1')).toMatchObject({ refreshFailures: 0, nextRefreshAttemptAt: null, lastRefreshError: null });
  });

  it('marks tokens that expired before they could be refreshed', async () => {
    await store.upsert(account('1', 70, -1), 'tok-dead');
    expect((await refreshDueTokens(deps))[0]!.result).toBe('expired');
    expect(store.get('1')!.status).toBe('expired');
    expect(deps.notifier.changes.map(c => c.to)).toEqual(['expired']);
  });
});

describe('backoffMs', () => {
  it('doubles from 5 minutes, is capped at 6 hours, and jitters between 50% and 100%', () => {
    expect([1, 2, 3].map(n => backoffMs(n, () => 1))).toEqual([300_000, 600_000, 1_200_000]);
    expect(backoffMs(30, () => 1)).toBe(6 * 3600_000);
    expect(backoffMs(1, () => 0)).toBe(150_000);
  });
});

describe('Scheduler', () => {
  it('runs at start, then on its interval, never overlapping, and stops cleanly', async () => {
    const timers: { fn: () => void; ms: number }[] = [];
    let runs = 0;
    let release!: () => void;
    const scheduler = new Scheduler({
      logger: createMemoryLogger(),
      setTimer: (fn, ms) => (timers.push({ fn, ms }), { unref() {} }),
      clearTimer: () => undefined,
      tasks: [{ name: 't', intervalMs: 900_000, run: () => (runs++, new Promise<void>(r => (release = r))) }],
    });
    scheduler.start();
    expect(runs).toBe(1);
    void scheduler.runNow('t'); // joins the run in progress instead of starting another
    expect(runs).toBe(1);
    release();
    await new Promise(r => setImmediate(r));
    expect(timers.map(t => t.ms)).toEqual([900_000]);
    timers[0]!.fn();
    expect(runs).toBe(2);
    release();
    await scheduler.stop();
  });

  it('logs a failing task and keeps scheduling it', async () => {
    const logger = createMemoryLogger();
    const timers: (() => void)[] = [];
    const scheduler = new Scheduler({
      logger,
      setTimer: fn => (timers.push(fn), {}),
      clearTimer: () => undefined,
      tasks: [{ name: 'boom', intervalMs: 1, run: () => Promise.reject(new Error('kaput')) }],
    });
    scheduler.start();
    await new Promise(r => setImmediate(r));
    expect(logger.lines.join()).toMatch(/boom failed.*kaput/);
    expect(timers).toHaveLength(1);
    await scheduler.stop();
  });
});
