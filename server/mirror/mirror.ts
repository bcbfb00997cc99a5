// The media mirror (MEDIA_MODE=mirror). `schedule` queues downloads off the request path; each job
// writes its files, then records them in the account's manifest and bumps `version`; `decorate` only
// reads the manifests held in memory. When a schedule batch is done: retention GC, then the byte
// budget (policies in gc.ts). Failed items are retried at later schedules (registry.ts: mayTry).
// `forget` makes the account's state stale, so a job still running for it deletes its own output
// instead of recording it.
import { rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Media } from '../../widget/contract.js';
import { ACCOUNT_ID, AccountRegistry, mayTry, recordFailure, type AccountState } from './registry.js';
import { decorateMedia, smallestJpegUrl } from './decorate.js';
import { MediaMirrorError } from './mirror-error.js';
import { chooseEvictions, expiredEntries, measureAccounts, RECENT_SYNCS, sweepUnreferenced } from './gc.js';
import { mirrorTarget } from './mirror-target.js';
import { entryBytes, entryFiles, saveManifest } from './manifest.js';
import { resolveOptions, type MediaMirrorOptions, type ResolvedOptions } from './options.js';
import { TaskQueue } from './task-queue.js';
import { AVATAR_ID, avatarTarget, mirrorTargets, type MirrorTarget } from './targets.js';
import type { MirrorStatus, SharedMediaMirror } from './types.js';
import { describeUrl } from './url-policy.js';

export type { MediaMirrorOptions } from './options.js';

const MAX_WAITING_JOBS = 2000;
const BUDGET_LOCK = '\0budget';

interface Batch {
  accountId: string;
  epoch: number;
  at: number;
  remaining: number;
}

/** A `MediaMirror` over the local disk; `idle()` resolves once no work is left (tests, shutdown). */
export function createMediaMirror(options: MediaMirrorOptions): SharedMediaMirror & { idle(): Promise<void> } {
  return new DiskMediaMirror(options);
}

class DiskMediaMirror implements SharedMediaMirror {
  readonly #options: ResolvedOptions;
  readonly #root: string;
  readonly #accounts: AccountRegistry;
  readonly #queue: TaskQueue;
  readonly #pending = new Set<Promise<unknown>>();
  readonly #loaded: Promise<void>;
  #version = 0;
  #changed: (accountId: string) => void = () => undefined;

  constructor(options: MediaMirrorOptions) {
    this.#options = resolveOptions(options);
    this.#root = options.mediaDir ?? join(options.dataDir, 'media');
    this.#accounts = new AccountRegistry(this.#root);
    this.#queue = new TaskQueue(this.#options.concurrency, MAX_WAITING_JOBS);
    this.#loaded = this.#track(this.#accounts.load(this.#options.logger).then(count => void (count > 0 && this.#version++)));
  }

  get version(): number {
    return this.#version;
  }

  schedule(accountId: string, media: readonly Media[], options: { avatarUrl?: string | null } = {}): void {
    if (!ACCOUNT_ID.test(accountId)) return;
    try {
      const targets = mirrorTargets(media, this.#options.mirrorVideos);
      if (options.avatarUrl) targets.unshift(avatarTarget(options.avatarUrl));
      const at = this.#options.now();
      this.#track(this.#loaded.then(() => this.#startBatch(accountId, targets, at)));
    } catch (error) {
      this.#options.logger.error('Could not schedule media mirroring', { account: accountId, error });
    }
  }

  decorate(accountId: string, media: readonly Media[]): Media[] {
    const entries = this.#accounts.get(accountId)?.manifest.entries;
    return decorateMedia(media, entries, `${this.#options.publicUrl}/media/${accountId}/`, this.#options.mirrorVideos);
  }

  avatar(accountId: string): string | undefined {
    return smallestJpegUrl(this.#accounts.get(accountId)?.manifest.entries, AVATAR_ID, `${this.#options.publicUrl}/media/${accountId}/`);
  }

  async forget(accountId: string): Promise<void> {
    if (!ACCOUNT_ID.test(accountId)) return;
    await this.#loaded;
    this.#accounts.drop(accountId);
    this.#queue.drop(accountId);
    this.#version++;
    await this.#accounts.withLock(accountId, () => rm(this.#accounts.dir(accountId), { recursive: true, force: true }));
    this.#changed(accountId);
  }

  async reload(accountId: string): Promise<void> {
    if (!ACCOUNT_ID.test(accountId)) return;
    await this.#loaded;
    await this.#accounts.withLock(accountId, () => this.#accounts.reload(accountId));
    this.#version++;
  }

  onChanged(listener: (accountId: string) => void): void {
    this.#changed = listener;
  }

  status(): MirrorStatus {
    let bytes = 0;
    for (const state of this.#accounts.all()) for (const entry of Object.values(state.manifest.entries)) bytes += entryBytes(entry);
    return { queueLength: this.#queue.size, bytes };
  }

  async idle(): Promise<void> {
    while (this.#pending.size > 0 || this.#queue.size > 0) {
      await Promise.all([...this.#pending]);
      await this.#queue.idle();
    }
  }

  async #startBatch(accountId: string, targets: MirrorTarget[], at: number): Promise<void> {
    const state = this.#accounts.open(accountId);
    const { manifest } = state;
    manifest.lastSyncedAt = Math.max(manifest.lastSyncedAt, at);
    manifest.syncs = [...manifest.syncs, at].slice(-RECENT_SYNCS);
    const batch: Batch = { accountId, epoch: state.epoch, at, remaining: 0 };
    for (const target of targets) {
      const entry = manifest.entries[target.key];
      if (entry) entry.seenAt = Math.max(entry.seenAt, at);
      if (entry || state.inflight.has(target.key) || !mayTry(state, target.key, at)) continue;
      // A full backlog skips the rest; the next sync schedules them again.
      if (!this.#queue.add(accountId, () => this.#runJob(state, target, batch))) break;
      state.inflight.add(target.key);
      batch.remaining++;
    }
    if (batch.remaining === 0) await this.#finishBatch(batch);
  }

  async #runJob(state: AccountState, target: MirrorTarget, batch: Batch): Promise<void> {
    const dir = this.#accounts.dir(batch.accountId);
    try {
      const fresh = await mirrorTarget(target, dir, this.#options.limits);
      await this.#accounts.withLock(batch.accountId, async () => {
        if (this.#accounts.get(batch.accountId) !== state) {
          // Forgotten or evicted while downloading: leave nothing behind.
          await Promise.all(entryFiles({ ...fresh, seenAt: 0, mirroredAt: 0 }).map(file => rm(join(dir, file), { force: true })));
          await rmdir(dir).catch(() => undefined);
          return;
        }
        // Scheduled again while running means seen in the newest sync too.
        state.manifest.entries[target.key] = { ...fresh, seenAt: Math.max(batch.at, state.manifest.lastSyncedAt), mirroredAt: this.#options.now() };
        state.failures.delete(target.key);
        this.#version++;
        await saveManifest(dir, state.manifest);
        this.#changed(batch.accountId);
      });
    } catch (error) {
      recordFailure(state, target.key, error instanceof MediaMirrorError && error.permanent, this.#options.now());
      this.#options.logger.warn('Could not mirror Instagram media', {
        account: batch.accountId,
        media: target.mediaId,
        kind: target.kind,
        url: describeUrl(target.url),
        reason: error instanceof MediaMirrorError ? error.reason : 'internal',
        error: (error as Error).message,
      });
    } finally {
      state.inflight.delete(target.key);
      if (--batch.remaining === 0) await this.#finishBatch(batch);
    }
  }

  async #finishBatch(batch: Batch): Promise<void> {
    try {
      await this.#accounts.withLock(batch.accountId, async () => {
        const state = this.#accounts.get(batch.accountId);
        if (!state || state.epoch !== batch.epoch) return;
        const dir = this.#accounts.dir(batch.accountId);
        const expired = expiredEntries(state.manifest, this.#options.now(), this.#options.retainMs);
        for (const key of expired) delete state.manifest.entries[key];
        if (expired.length > 0) this.#version++;
        await saveManifest(dir, state.manifest);
        // The others read the manifest before any file it no longer names goes.
        this.#changed(batch.accountId);
        // Files of running jobs are not in the manifest yet: sweep only when none are running.
        if (state.inflight.size === 0) await sweepUnreferenced(dir, state.manifest);
      });
      await this.#accounts.withLock(BUDGET_LOCK, () => this.#enforceBudget(batch.accountId));
    } catch (error) {
      this.#options.logger.error('Media mirror housekeeping failed', { account: batch.accountId, error });
    }
  }

  async #enforceBudget(justSynced: string): Promise<void> {
    const { maxCacheBytes, logger } = this.#options;
    const sizes = await measureAccounts(this.#root, name => ACCOUNT_ID.test(name));
    const lastSynced = (account: string) => this.#accounts.get(account)?.manifest.lastSyncedAt ?? 0;
    for (const account of chooseEvictions(sizes, lastSynced, maxCacheBytes, justSynced)) {
      logger.info('Media cache over budget: deleting the media of the least recently synced account', { account, bytes: sizes.get(account) });
      await this.forget(account);
      sizes.delete(account);
    }
    const total = [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
    if (total > maxCacheBytes) logger.warn('Media cache stays over budget: the latest account alone exceeds it', { account: justSynced, bytes: total });
  }

  /** Keeps `idle()` waiting for `promise`; failures are logged, never thrown at a caller. */
  #track(promise: Promise<void>): Promise<void> {
    const tracked = promise.catch(error => this.#options.logger.error('Media mirror task failed', { error }));
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
    return tracked;
  }
}
