// Crash safety: SIGKILL a process at random moments while it connects accounts, refreshes tokens and
// syncs feeds, 100+ times over the same DATA_DIR. After every kill the store must open, every account
// that was committed must still be there with a token that decrypts and that Instagram accepts, and
// temp files must not pile up.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../demo/emulator/server.js';
import { LowAccountStore } from '../../server/accounts/account-store.js';
import { SnapshotStore } from '../../server/feed/snapshots.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const KILLS = Number(process.env.CRASH_KILLS ?? 100);
const key = randomBytes(32);
let emulator: RunningEmulator;
let dataDir: string;

beforeAll(async () => {
  emulator = await startEmulator({ controls: true, redirectUris: ['http://127.0.0.1:9/instagram/callback'] });
  dataDir = await mkdtemp(join(tmpdir(), 'igfeed-crash-'));
});
afterAll(async () => {
  await emulator?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const tempFiles = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter(name => name.includes('.tmp-'));

/** Runs the worker until READY plus a random delay, then SIGKILLs it; returns its output. */
function runAndKill(offsetMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process that a SIGKILL
    // of the CLI would leave running.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/soak/crash-worker.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        EMULATOR_URL: emulator.url,
        REDIRECT_URI: 'http://127.0.0.1:9/instagram/callback',
        TOKEN_ENCRYPTION_KEY: key.toString('base64'),
        CLOCK_OFFSET_MS: String(offsetMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout!.on('data', chunk => {
      output += chunk;
      if (output.includes('READY') && !(child as { armed?: boolean }).armed) {
        (child as { armed?: boolean }).armed = true;
        setTimeout(() => child.kill('SIGKILL'), 50 + Math.random() * 700);
      }
    });
    child.stderr!.on('data', chunk => (errors += chunk));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(output) : reject(new Error(`worker exited by itself:\n${errors}${output}`))));
  });
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs mid-write without losing an account or a token`, async () => {
    const announced = new Map<string, Set<string>>();
    const committed = new Set<string>();
    let offset = 0;
    let commits = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const output = await runAndKill(offset);
      for (const line of output.split('\n')) {
        const [kind, id, tokenHash] = line.split(' ');
        if (kind === 'WRITING') announced.set(id!, (announced.get(id!) ?? new Set()).add(tokenHash!));
        if (kind === 'COMMITTED') {
          committed.add(id!);
          commits++;
        }
      }
      offset += 30 * 25 * 3600_000; // the next worker's clock starts beyond anything this one reached

      // At most one orphan per file can exist (the write that was cut short); opening cleans them up.
      expect((await tempFiles(dataDir)).length).toBeLessThanOrEqual(2);
      const store = await LowAccountStore.open({ dataDir, key });
      expect(await tempFiles(dataDir)).toEqual([]);
      await new SnapshotStore(dataDir, { debug() {}, info() {}, warn() {}, error() {}, enabled: () => false }).loadAll();
      expect(await tempFiles(join(dataDir, 'feeds'))).toEqual([]);
      for (const name of await readdir(join(dataDir, 'feeds')).catch(() => [] as string[])) {
        JSON.parse(await readFile(join(dataDir, 'feeds', name), 'utf8'));
      }
      for (const id of committed) {
        const account = store.get(id);
        expect(account, `account ${id} after kill ${kill}`).toBeDefined();
        const token = store.getToken(id);
        expect(announced.get(id)).toContain(createHash('sha256').update(token).digest('hex').slice(0, 16));
      }
    }
    // Every surviving token still works against Instagram (the emulator), not just decrypts.
    const store = await LowAccountStore.open({ dataDir, key });
    for (const account of store.list()) {
      const res = await fetch(`${emulator.url}/v23.0/me?fields=username&access_token=${store.getToken(account.id)}`);
      expect(res.status).toBe(200);
    }
    expect(committed.size).toBe(2);
    expect(commits).toBeGreaterThan(KILLS);
    console.log(`crash safety: ${KILLS} SIGKILLs survived, ${commits} token writes committed, ${store.list().length} accounts intact`);
  }, 900_000);
});
