// Where state lives, chosen once at start-up: embedded mode (no REDIS_URL) keeps accounts in
// DATA_DIR/db.json, last-good copies under DATA_DIR/feeds and everything else in memory; cluster mode
// keeps them in Redis and adds what several instances need (leases, the chunk exchange, the shared
// backoff, session and rate-limit stores, leader election). Routes and services get interfaces and
// never learn which mode runs.
import type session from 'express-session';
import { LowAccountStore } from '../accounts/account-store.js';
import { DeletionLog, type DeletionRecords } from '../accounts/deletion-log.js';
import type { AccountStore } from '../accounts/types.js';
import type { Config } from '../config.js';
import type { AccountBackoff } from '../feed/backoff.js';
import type { ChunkExchange } from '../feed/shared-load.js';
import type { Leadership } from './leader.js';
import { SnapshotStore, type Snapshots } from '../feed/snapshots.js';
import type { SharedRateLimit } from '../http/rate-limit.js';
import type { MediaMirror, SharedMediaMirror } from '../mirror/types.js';
import type { ClusterStatus, Locks } from '../runtime/coordination.js';
import type { Logger } from '../runtime/logger.js';

export interface Backend {
  mode: 'embedded' | 'cluster';
  store: AccountStore;
  deletions: DeletionRecords;
  snapshots: Snapshots;
  /** Absent in embedded mode: createApp's in-memory store. */
  sessionStore?: session.Store;
  sharedRateLimit?: SharedRateLimit;
  locks?: Locks;
  exchange?: ChunkExchange;
  /** The feed's backoff table, shared with the other instances (absent: the feed service makes its own). */
  backoff?: AccountBackoff;
  /** Who runs the cluster-wide scheduled tasks; absent in embedded mode (this process does). */
  leadership?: Leadership;
  /** Cluster mode: the disk mirror made one writer (the leader) over the shared MEDIA_DIR. */
  shareMirror?(mirror: SharedMediaMirror): Promise<MediaMirror>;
  /** Cluster mode: what the admin `/healthz` reports. */
  status?(): ClusterStatus;
  close(): Promise<void>;
}

export interface BackendOptions {
  config: Config;
  logger: Logger;
  key: Buffer;
  now?: () => number;
}

export async function openBackend(options: BackendOptions): Promise<Backend> {
  const { config, logger, key } = options;
  const now = options.now ?? Date.now;
  if (!config.redisUrl) {
    return {
      mode: 'embedded',
      store: await LowAccountStore.open({ dataDir: config.dataDir, key, oldKeys: config.oldTokenKeys, now }),
      deletions: await DeletionLog.open(config.dataDir, now),
      snapshots: new SnapshotStore(config.dataDir, logger, now),
      close: async () => {},
    };
  }
  const { openCluster } = await import('./open-cluster.js');
  return openCluster({ ...options, redisUrl: config.redisUrl, now });
}
