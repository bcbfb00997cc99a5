// What every entry point (the server, `npm run refresh-tokens`) does first: read the configuration,
// take DATA_DIR's lock (one writer per directory), start the demo emulator when no Instagram app is
// configured, find the token key, open the store.
import type { AccountStore } from '../accounts/types.js';
import { type Backend, openBackend } from '../cluster/backend.js';
import { loadOrCreateKeyFile } from '../accounts/key-file.js';
import { loadConfig, type Config } from '../config.js';
import { InstagramClient } from '../instagram/client.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { createLogger, type Logger } from './logger.js';
import { createNotifier, type Notifier } from './notifier.js';

export interface Runtime {
  /** The configuration, with the emulator's URLs and credentials in demo mode. */
  config: Config;
  logger: Logger;
  key: Buffer;
  store: AccountStore;
  /** Where state lives: embedded (DATA_DIR) or cluster (REDIS_URL); the store above is its store. */
  backend: Backend;
  instagram: InstagramClient;
  notifier: Notifier;
  /** DATA_DIR's lock, held until `close`. */
  lock: DataDirLock;
  /** Stops what bootstrap started (the demo emulator) and releases the lock. */
  close(): Promise<void>;
}

export interface BootstrapOptions {
  /** Who takes the lock: `server` (advertises its admin API) or a CLI's name. */
  role?: string;
}

/**
 * Throws ConfigError for a bad configuration and DataDirLockedError when another live process holds
 * DATA_DIR, before anything in DATA_DIR is opened (the caller prints either and exits).
 */
export async function bootstrap(options: BootstrapOptions = {}): Promise<Runtime> {
  let config = loadConfig();
  const logger = createLogger({
    secrets: () => [config.instagram.clientSecret, config.sessionSecret ?? '', config.metricsToken ?? '', redisPassword(config.redisUrl)],
    level: config.logLevel,
    format: config.logFormat,
  });
  const role = options.role ?? 'server';
  const lock = await acquireDataDirLock({
    dataDir: config.dataDir,
    role,
    adminUrl: role === 'server' ? adminUrl(config.host, config.port) : null,
    onLost: holder => {
      logger.error(`Another process (pid ${holder.pid} on host ${holder.host}) took over the lock on ${config.dataDir}; stopping so that only one writes it.`);
      process.exit(1);
    },
  });
  let stop = async () => {};
  try {
    if (config.demoMode) {
      const { startDemoEmulator } = await import('./demo-emulator.js');
      const emulator = await startDemoEmulator(config, logger);
      // The logger's secrets closure reads `config`: it then redacts the emulator's client secret too.
      config = { ...config, instagram: emulator.instagram };
      stop = emulator.close;
    }
    return await open(config, logger, lock, stop);
  } catch (error) {
    await stop();
    await lock.release();
    throw error;
  }
}

async function open(config: Config, logger: Logger, lock: DataDirLock, stop: () => Promise<void>): Promise<Runtime> {
  let key = config.tokenKey;
  if (!key) {
    const file = await loadOrCreateKeyFile(config.dataDir);
    key = file.key;
    if (file.created) logger.warn(`Demo mode: generated a token encryption key in ${file.path}. Set TOKEN_ENCRYPTION_KEY in production.`);
  }
  const backend = await openBackend({ config, logger, key });
  const { store } = backend;
  const notifier = createNotifier({
    logger,
    publicUrl: config.publicUrl,
    webhookUrl: config.notifyWebhookUrl,
    smtpUrl: config.smtpUrl,
    email: config.notifyEmail,
  });
  const close = async () => {
    await backend.close();
    await stop();
    await lock.release();
  };
  return { config, logger, key, store, backend, instagram: new InstagramClient(config.instagram), notifier, lock, close };
}

/** Where a process on this machine reaches the server's admin API: 127.0.0.1 for a wildcard HOST, else HOST. */
export function adminUrl(host: string, port: number): string | null {
  // PORT=0 picks a port at listen; the lock then advertises no API and the CLI refuses instead.
  if (port === 0) return null;
  if (host === '' || host === '0.0.0.0' || host === '::' || host === '[::]') return `http://127.0.0.1:${port}`;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** The password in REDIS_URL, for the logger to redact ('' when none). */
function redisPassword(url: string | undefined): string {
  try {
    return url ? decodeURIComponent(new URL(url).password) : '';
  } catch {
    return '';
  }
}
