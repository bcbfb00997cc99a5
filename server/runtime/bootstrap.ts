// What every entry point (the server, `npm run refresh-tokens`) does first: read the configuration,
// start the demo emulator when no Instagram app is configured, find the token key, open the store.
import { LowAccountStore } from '../accounts/account-store.js';
import { loadOrCreateKeyFile } from '../accounts/key-file.js';
import { loadConfig, type Config } from '../config.js';
import { InstagramClient } from '../instagram/client.js';
import { createLogger, type Logger } from './logger.js';
import { createNotifier, type Notifier } from './notifier.js';

export interface Runtime {
  /** The configuration, with the emulator's URLs and credentials in demo mode. */
  config: Config;
  logger: Logger;
  key: Buffer;
  store: LowAccountStore;
  instagram: InstagramClient;
  notifier: Notifier;
  /** Stops what bootstrap started (the demo emulator). */
  close(): Promise<void>;
}

/** Throws ConfigError for a bad configuration (the caller prints it and exits). */
export async function bootstrap(): Promise<Runtime> {
  let config = loadConfig();
  const logger = createLogger({ secrets: () => [config.instagram.clientSecret, config.sessionSecret ?? ''] });
  let close = async () => {};
  if (config.demoMode) {
    const { startDemoEmulator } = await import('./demo-emulator.js');
    const emulator = await startDemoEmulator(config, logger);
    config = { ...config, instagram: emulator.instagram };
    close = emulator.close;
  }
  let key = config.tokenKey;
  if (!key) {
    const file = await loadOrCreateKeyFile(config.dataDir);
    key = file.key;
    if (file.created) logger.warn(`Demo mode: generated a token encryption key in ${file.path}. Set TOKEN_ENCRYPTION_KEY in production.`);
  }
  const store = await LowAccountStore.open({ dataDir: config.dataDir, key, oldKeys: config.oldTokenKeys });
  const notifier = createNotifier({
    logger,
    publicUrl: config.publicUrl,
    webhookUrl: config.notifyWebhookUrl,
    smtpUrl: config.smtpUrl,
    email: config.notifyEmail,
  });
  return { config, logger, key, store, instagram: new InstagramClient(config.instagram), notifier, close };
}
