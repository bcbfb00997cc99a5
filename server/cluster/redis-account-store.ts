// Accounts in Redis (cluster mode). `igf:accounts` maps an id to its record as JSON, token sealed as in
// db.json (Redis never sees a plain token); `igf:account-revs` holds each record's revision, taken
// from the counter `igf:accounts:seq`. Every write is a compare-and-set on the revision (Lua), retried
// on a conflict, and announced on `igf:accounts:changed`.
//
// Each instance keeps a replica of all records, so reads stay synchronous (the feed route looks an
// account up per request) and keep working while Redis is down. The replica follows the change
// messages, reloads in full after every reconnect, and compares the counter every second in case a
// message was missed: a change made on one instance is visible on all within about a second.
import { open, seal, sealedKeyId, keyId } from '../accounts/crypto.js';
import { AccountIndex, type AccountRecord, patchedRecord, upsertedRecord } from '../accounts/records.js';
import type { Account, AccountPatch, AccountStore, NewAccount, UpdateOptions } from '../accounts/types.js';
import { StaleLeaseError } from '../runtime/coordination.js';
import type { Logger } from '../runtime/logger.js';
import { WriteStatus, type WriteError } from '../runtime/write-status.js';
import { lockKey } from './locks.js';
import type { RedisConnections } from './redis.js';

const POLL_MS = 1_000;
const MAX_ATTEMPTS = 20;

// KEYS: records, revs, seq, [lock]; ARGV: id, expected revision ('0': absent), JSON ('' deletes), channel, [lease value].
const COMPARE_AND_SET = `
if KEYS[4] and redis.call('GET', KEYS[4]) ~= ARGV[5] then return -2 end
local current = redis.call('HGET', KEYS[2], ARGV[1]) or '0'
if current ~= ARGV[2] then return -1 end
local rev = redis.call('INCR', KEYS[3])
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  redis.call('HSET', KEYS[2], ARGV[1], rev)
end
redis.call('PUBLISH', ARGV[4], ARGV[1])
return rev`;

export interface RedisAccountStoreOptions {
  redis: RedisConnections;
  key: Buffer;
  oldKeys?: Buffer[];
  logger: Logger;
  now?: () => number;
}

interface Held {
  record: AccountRecord;
  rev: number;
}

export class RedisAccountStore implements AccountStore {
  readonly #redis: RedisConnections;
  readonly #k: { records: string; revs: string; seq: string; channel: string };
  readonly #key: Buffer;
  readonly #keys: Buffer[];
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #held = new Map<string, Held>();
  /** The revision at which each account was last seen absent: an older copy arriving late must not bring it back. */
  readonly #gone = new Map<string, number>();
  readonly #index = new AccountIndex();
  readonly #writes: WriteStatus;
  readonly #listeners: ((id: string, account: Account | undefined) => void)[] = [];
  #seenSeq = '';
  #poll: NodeJS.Timeout | undefined;

  private constructor(options: RedisAccountStoreOptions) {
    this.#redis = options.redis;
    const p = options.redis.prefix;
    this.#k = { records: `${p}accounts`, revs: `${p}account-revs`, seq: `${p}accounts:seq`, channel: `${p}accounts:changed` };
    this.#key = options.key;
    this.#keys = [options.key, ...(options.oldKeys ?? [])];
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#writes = new WriteStatus(this.#now);
  }

  get lastWriteError(): WriteError | null {
    return this.#writes.lastError;
  }

  get writeFailures(): number {
    return this.#writes.failures;
  }

  /** Loads every record, checks each token opens with our keys and re-seals old-key ones, then follows changes. */
  static async open(options: RedisAccountStoreOptions): Promise<RedisAccountStore> {
    const store = new RedisAccountStore(options);
    await store.#reload();
    const currentId = keyId(options.key);
    for (const { record } of [...store.#held.values()]) {
      let token: string;
      try {
        token = open(record.sealedToken, store.#keys);
      } catch (cause) {
        throw new Error(`Cannot decrypt the token of account ${record.id} in Redis: ${(cause as Error).message}`, { cause });
      }
      if (sealedKeyId(record.sealedToken) !== currentId)
        await store.#change(record.id, current => (current ? { ...current, sealedToken: seal(token, options.key) } : null));
    }
    await options.redis.subscriber.subscribe(store.#k.channel, id => void store.#refreshOne(id).catch(() => undefined));
    options.redis.onReady(() => void store.#reload().catch(() => undefined));
    store.#poll = setInterval(() => void store.#checkSeq().catch(() => undefined), POLL_MS);
    store.#poll.unref();
    return store;
  }

  /** Stops following changes (the connections are closed by their owner). */
  close(): void {
    clearInterval(this.#poll);
  }

  list(): Account[] {
    return this.#index.list();
  }

  get(idOrUsername: string): Account | undefined {
    return this.#index.get(idOrUsername);
  }

  getToken(id: string): string {
    const held = this.#held.get(this.get(id)?.id ?? id);
    if (!held) throw new Error(`No account ${id}`);
    return open(held.record.sealedToken, this.#keys);
  }

  async latest(id: string): Promise<Account | undefined> {
    await this.#refreshOne(id);
    return this.get(id);
  }

  /** Reads every record again (another instance may have written a moment ago). */
  refresh(): Promise<void> {
    return this.#reload();
  }

  watch(listener: (id: string, account: Account | undefined) => void): void {
    this.#listeners.push(listener);
  }

  async upsert(account: NewAccount, token: string): Promise<Account> {
    await this.#change(account.id, existing => upsertedRecord(existing, account, token, this.#key, this.#now()));
    return this.get(account.id)!;
  }

  async update(id: string, patch: AccountPatch, token?: string, options: UpdateOptions = {}): Promise<Account> {
    const realId = this.get(id)?.id ?? id;
    const changed = await this.#change(
      realId,
      record => {
        if (!record) throw new Error(`No account ${id}`);
        return patchedRecord(record, patch, token, this.#key, this.#now());
      },
      options,
    );
    return this.get(changed)!;
  }

  async delete(id: string): Promise<boolean> {
    const realId = this.get(id)?.id ?? id;
    let existed = false;
    await this.#change(realId, record => {
      existed = record !== undefined;
      return null;
    });
    return existed;
  }

  /** Read, change, compare-and-set; again on a conflict. `null` from `next` deletes. Returns the id. */
  async #change(id: string, next: (current: AccountRecord | undefined) => AccountRecord | null, options: UpdateOptions = {}): Promise<string> {
    return this.#writes.track(async () => {
      const { client } = this.#redis;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const [json, rev] = await Promise.all([client.hGet(this.#k.records, id), client.hGet(this.#k.revs, id)]);
        const current = json ? (JSON.parse(json) as AccountRecord) : undefined;
        const record = next(current);
        if (record === null && !current) return id;
        const keys = [this.#k.records, this.#k.revs, this.#k.seq];
        const args = [id, rev ?? '0', record ? JSON.stringify(record) : '', this.#k.channel];
        if (options.lease) {
          keys.push(lockKey(this.#redis.prefix, options.lease.name));
          args.push(options.lease.value);
        }
        const result = Number(await client.eval(COMPARE_AND_SET, { keys, arguments: args }));
        if (result === -2) throw new StaleLeaseError(options.lease!);
        if (result > 0) {
          this.#apply(id, record ? { record, rev: result } : undefined, result, false);
          return id;
        }
      }
      throw new Error(`Could not write account ${id}: it kept changing under this write`);
    });
  }

  async #refreshOne(id: string): Promise<void> {
    const { client } = this.#redis;
    const seq = Number((await client.get(this.#k.seq)) ?? 0);
    const [json, rev] = await Promise.all([client.hGet(this.#k.records, id), client.hGet(this.#k.revs, id)]);
    this.#apply(id, json && rev ? { record: JSON.parse(json) as AccountRecord, rev: Number(rev) } : undefined, seq, true);
  }

  async #checkSeq(): Promise<void> {
    const seq = (await this.#redis.client.get(this.#k.seq)) ?? '';
    // No counter while we hold accounts: Redis lost our data (#restore).
    if (seq !== this.#seenSeq || (seq === '' && this.#held.size > 0)) await this.#reload();
  }

  async #reload(): Promise<void> {
    const { client } = this.#redis;
    // The counter first: a write landing during the reload moves it again, and the next check reloads.
    let seq = (await client.get(this.#k.seq)) ?? '';
    if (seq === '' && this.#held.size > 0) {
      await this.#restore();
      seq = (await client.get(this.#k.seq)) ?? '';
    }
    const [records, revs] = await Promise.all([client.hGetAll(this.#k.records), client.hGetAll(this.#k.revs)]);
    // The counter went back: Redis lost its data and revisions started again, so this replica does too.
    if (Number(seq || 0) < Number(this.#seenSeq || 0)) {
      this.#held.clear();
      this.#gone.clear();
    }
    const seen = new Set<string>();
    for (const [id, json] of Object.entries(records)) {
      const rev = Number(revs[id] ?? 0);
      seen.add(id);
      this.#apply(id, { record: JSON.parse(json) as AccountRecord, rev }, rev, true, false);
    }
    for (const id of [...this.#held.keys()]) if (!seen.has(id)) this.#apply(id, undefined, Number(seq || 0), true, false);
    this.#seenSeq = seq;
    this.#reindex();
  }

  /**
   * Redis came back without our data (restarted without persistence, or flushed): the records this
   * replica holds are written back, each only if still absent, so instances doing the same at once
   * write each account once. To really start over, stop every instance before flushing Redis.
   */
  async #restore(): Promise<void> {
    // Revisions go on from the highest this replica knows, so every replica still takes the newer ones.
    const base = Math.max(0, ...[...this.#held.values()].map(held => held.rev));
    await this.#redis.client.set(this.#k.seq, String(base), { NX: true });
    let written = 0;
    for (const { record } of [...this.#held.values()]) {
      const args = [record.id, '0', JSON.stringify(record), this.#k.channel];
      const keys = [this.#k.records, this.#k.revs, this.#k.seq];
      if (Number(await this.#redis.client.eval(COMPARE_AND_SET, { keys, arguments: args })) > 0) written++;
    }
    if (written > 0) this.#logger.warn(`Redis had lost the accounts (restarted without persistence?): wrote back the ${written} this instance held`);
  }

  /** Takes a record, or its absence as of revision `at`, unless the replica already knows something newer. */
  #apply(id: string, held: Held | undefined, at: number, remote: boolean, reindex = true): void {
    const mine = this.#held.get(id);
    if (held) {
      if ((mine && mine.rev >= held.rev) || (this.#gone.get(id) ?? 0) >= held.rev) return;
      this.#held.set(id, held);
      this.#gone.delete(id);
    } else {
      if (!mine || mine.rev > at) return;
      this.#held.delete(id);
      this.#gone.set(id, at);
    }
    if (reindex) this.#reindex();
    if (!remote) return;
    for (const listener of this.#listeners) {
      try {
        listener(id, held ? this.get(id) : undefined);
      } catch (error) {
        this.#logger.error('An account change listener failed', { error: (error as Error).message });
      }
    }
  }

  #reindex(): void {
    // Insertion order is connection order enough: the newest connection of a username is written last.
    const records = [...this.#held.values()].sort((a, b) => a.rev - b.rev).map(h => h.record);
    this.#index.rebuild(records);
  }
}
