// A process for the crash-safety test to SIGKILL at random moments. It uses the real store, feed service,
// refresh job and Instagram client against the emulator, and keeps all three kinds of writes going at
// once: accounts connecting (real consent + code exchange), tokens refreshing, feeds syncing. It prints
// `WRITING <id> <sha256(token)>` before a token write and `COMMITTED ...` after it is on disk.
import { createHash, randomBytes } from 'node:crypto';
import { LowAccountStore } from '../../server/accounts/account-store.js';
import { deriveKey } from '../../server/accounts/crypto.js';
import { FeedService } from '../../server/feed/feed-service.js';
import { SnapshotStore } from '../../server/feed/snapshots.js';
import { InstagramClient } from '../../server/instagram/client.js';
import { refreshDueTokens } from '../../server/jobs/token-refresh.js';
import { toAccountProfile } from '../../server/accounts/profile.js';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from '../../demo/emulator/constants.js';
import type { AccountStore } from '../../server/accounts/types.js';

const dataDir = process.env.DATA_DIR!;
const emulator = process.env.EMULATOR_URL!;
const redirectUri = process.env.REDIRECT_URI!;
const key = Buffer.from(process.env.TOKEN_ENCRYPTION_KEY!, 'base64');
const hash = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 16);
const say = (line: string) => process.stdout.write(`${line}\n`);
const silent = { debug() {}, info() {}, warn() {}, error() {}, enabled: () => false };

let offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
const now = () => Date.now() + offset;

const instagram = new InstagramClient({
  clientId: EMULATOR_CLIENT_ID,
  clientSecret: EMULATOR_CLIENT_SECRET,
  redirectUri,
  scopes: ['instagram_business_basic'],
  authorizeUrl: `${emulator}/oauth/authorize`,
  apiUrl: emulator,
  graphUrl: emulator,
  apiVersion: 'v23.0',
  timeoutMs: 5000,
});

// Announce every token write so the test knows which tokens may legitimately be on disk.
const inner = await LowAccountStore.open({ dataDir, key });
const store: AccountStore = Object.assign(Object.create(inner), {
  list: () => inner.list(),
  get: (id: string) => inner.get(id),
  getToken: (id: string) => inner.getToken(id),
  delete: (id: string) => inner.delete(id),
  async upsert(...args: Parameters<AccountStore['upsert']>) {
    say(`WRITING ${args[0].id} ${hash(args[1])}`);
    const account = await inner.upsert(...args);
    say(`COMMITTED ${account.id} ${hash(args[1])}`);
    return account;
  },
  async update(...args: Parameters<AccountStore['update']>) {
    if (args[2] !== undefined) say(`WRITING ${args[0]} ${hash(args[2])}`);
    const account = await inner.update(...args);
    if (args[2] !== undefined) say(`COMMITTED ${account.id} ${hash(args[2])}`);
    return account;
  },
});
const notifier = { statusChanged: async () => {} };
const feeds = new FeedService({
  store,
  instagram,
  notifier,
  logger: silent,
  now,
  snapshots: new SnapshotStore(dataDir, silent),
  cursorKeys: [deriveKey(key, 'feed-cursor')],
  ttlSeconds: 10,
});
await feeds.init();

async function connect(username: string): Promise<void> {
  const state = randomBytes(8).toString('hex');
  const authorize = `${emulator}/oauth/authorize?${new URLSearchParams({ client_id: EMULATOR_CLIENT_ID, redirect_uri: redirectUri, response_type: 'code', scope: 'instagram_business_basic', state })}`;
  const page = await (await fetch(authorize)).text();
  const form = new URLSearchParams([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(m => [m[1]!, m[2]!.replace(/&amp;/g, '&')]));
  form.set('account', username);
  form.set('decision', 'allow');
  const consent = await fetch(authorize, { method: 'POST', body: form, redirect: 'manual' });
  const code = new URL(consent.headers.get('location')!.replace(/#_$/, '')).searchParams.get('code')!;
  const short = await instagram.exchangeCode(code);
  const long = await instagram.exchangeForLongLivedToken(short.accessToken);
  const profile = await instagram.getProfile(long.accessToken);
  await store.upsert(
    {
      id: String(profile.user_id),
      appScopedId: short.userId,
      username: profile.username!,
      profile: toAccountProfile(profile),
      tokenIssuedAt: new Date(now()).toISOString(),
      tokenExpiresAt: new Date(now() + long.expiresIn * 1000).toISOString(),
    },
    long.accessToken,
  );
}

async function refresh(): Promise<void> {
  // Jump a day ahead on both clocks so every token is due (Instagram refreshes only after 24 h).
  offset += 25 * 3600_000;
  await fetch(`${emulator}/__control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clockOffsetMs: offset }) });
  await refreshDueTokens({ store, instagram, notifier, logger: silent, now, windowDays: 59 });
}

async function sync(): Promise<void> {
  const accounts = store.list();
  const account = accounts[Math.floor(Math.random() * accounts.length)];
  if (account) await feeds.sync(account.id, { resetBackoff: true });
}

say('READY');
const usernames = ['northshore.coffee', 'lena.travels'];
async function lane(): Promise<never> {
  for (;;) {
    const pick = Math.random();
    try {
      if (pick < 0.34 || store.list().length === 0) await connect(usernames[Math.floor(Math.random() * usernames.length)]!);
      else if (pick < 0.67) await refresh();
      else await sync();
    } catch (error) {
      say(`ERROR ${(error as Error).message}`);
    }
  }
}
await Promise.all([lane(), lane(), lane()]);
