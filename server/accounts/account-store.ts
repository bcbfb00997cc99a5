// The lowdb-backed AccountStore. Tokens stay sealed in memory too and are opened only in getToken(),
// so a heap dump or a stray JSON.stringify of a record never shows a plaintext token.
import { chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { ensurePrivateDir, removeStaleTempFiles, writeFileAtomic } from '../runtime/atomic-file.js';
import { WriteStatus, type WriteError } from '../runtime/write-status.js';
import { keyId, open, seal, sealedKeyId } from './crypto.js';
import { AccountIndex, type AccountRecord, patchedRecord, upsertedRecord } from './records.js';
import type { Account, AccountPatch, AccountStore, NewAccount, UpdateOptions } from './types.js';
interface StoreData {
  version: 1;
  accounts: AccountRecord[];
}

export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/** lowdb adapter: missing file = no data yet; unreadable JSON = loud error naming the file. */
class JsonFileAdapter implements Adapter<StoreData> {
  constructor(readonly path: string) {}
  async read(): Promise<StoreData | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreOpenError(`Cannot read account store ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (cause) {
      throw new StoreOpenError(`Account store ${this.path} is corrupt (not valid JSON); restore it from a backup or move it away to start empty`, { cause });
    }
    if (!isStoreData(data)) throw new StoreOpenError(`Account store ${this.path} has an unexpected shape; refusing to overwrite it`);
    return data;
  }
  async write(data: StoreData): Promise<void> {
    await writeFileAtomic(this.path, JSON.stringify(data, null, 2));
  }
}

function isStoreData(data: unknown): data is StoreData {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as StoreData).version === 1 &&
    Array.isArray((data as StoreData).accounts) &&
    (data as StoreData).accounts.every(a => typeof a?.id === 'string' && typeof a?.sealedToken === 'string')
  );
}

export interface LowAccountStoreOptions {
  dataDir: string;
  key: Buffer;
  oldKeys?: Buffer[];
  now?: () => number;
}

export class LowAccountStore implements AccountStore {
  readonly #db: Low<StoreData>;
  readonly #key: Buffer;
  readonly #keys: Buffer[];
  readonly #now: () => number;
  // Rebuilt after each write: the feed route looks accounts up on every request.
  readonly #index = new AccountIndex();
  readonly #writes: WriteStatus;

  get lastWriteError(): WriteError | null {
    return this.#writes.lastError;
  }

  get writeFailures(): number {
    return this.#writes.failures;
  }

  private constructor(db: Low<StoreData>, options: LowAccountStoreOptions) {
    this.#db = db;
    this.#key = options.key;
    this.#keys = [options.key, ...(options.oldKeys ?? [])];
    this.#now = options.now ?? Date.now;
    this.#writes = new WriteStatus(this.#now);
  }

  /** Opens (or creates) `DATA_DIR/db.json`; verifies every token decrypts and re-seals old-key ones. */
  static async open(options: LowAccountStoreOptions): Promise<LowAccountStore> {
    await ensurePrivateDir(options.dataDir);
    await removeStaleTempFiles(options.dataDir);
    const path = join(options.dataDir, 'db.json');
    const db = new Low<StoreData>(new JsonFileAdapter(path), { version: 1, accounts: [] });
    await db.read();
    const store = new LowAccountStore(db, options);
    const currentId = keyId(options.key);
    let resealed = 0;
    for (const record of db.data.accounts) {
      let token: string;
      try {
        token = open(record.sealedToken, store.#keys);
      } catch (cause) {
        throw new StoreOpenError(`Cannot decrypt the token of account ${record.id} in ${path}: ${(cause as Error).message}`, { cause });
      }
      if (sealedKeyId(record.sealedToken) !== currentId) {
        record.sealedToken = seal(token, options.key);
        resealed++;
      }
    }
    if (resealed > 0) await db.write();
    await chmod(path, 0o600).catch(() => undefined);
    store.#reindex();
    return store;
  }

  list(): Account[] {
    return this.#index.list();
  }

  get(idOrUsername: string): Account | undefined {
    return this.#index.get(idOrUsername);
  }

  /** One process owns db.json: what it holds is the latest. */
  async latest(id: string): Promise<Account | undefined> {
    return this.get(id);
  }

  getToken(id: string): string {
    const record = this.#find(id);
    if (!record) throw new Error(`No account ${id}`);
    return open(record.sealedToken, this.#keys);
  }

  async upsert(account: NewAccount, token: string): Promise<Account> {
    const existing = this.#db.data.accounts.find(a => a.id === account.id);
    const record = upsertedRecord(existing, account, token, this.#key, this.#now());
    // Usernames can move between accounts (renames); the newest connection owns the name.
    this.#db.data.accounts = this.#db.data.accounts.filter(a => a.id !== account.id);
    this.#db.data.accounts.push(record);
    this.#reindex();
    await this.#write();
    return this.get(record.id)!;
  }

  // `options.lease` guards writes between instances; one process needs no guard.
  async update(id: string, patch: AccountPatch, token?: string, _options?: UpdateOptions): Promise<Account> {
    const record = this.#find(id);
    if (!record) throw new Error(`No account ${id}`);
    Object.assign(record, patchedRecord(record, patch, token, this.#key, this.#now()));
    this.#reindex();
    await this.#write();
    return this.get(record.id)!;
  }

  async delete(id: string): Promise<boolean> {
    const record = this.#find(id);
    if (!record) return false;
    this.#db.data.accounts = this.#db.data.accounts.filter(a => a !== record);
    this.#reindex();
    await this.#write();
    return true;
  }

  /** Persists; on failure the in-memory state stays (serving goes on) and the error is kept for /healthz. */
  async #write(): Promise<void> {
    await this.#writes.track(() => this.#db.write());
  }

  #reindex(): void {
    this.#index.rebuild(this.#db.data.accounts);
  }

  #find(idOrUsername: string): AccountRecord | undefined {
    const accounts = this.#db.data.accounts;
    const lower = idOrUsername.toLowerCase();
    return (
      accounts.find(a => a.id === idOrUsername) ?? accounts.find(a => a.appScopedId === idOrUsername) ?? accounts.find(a => a.username.toLowerCase() === lower)
    );
  }
}
