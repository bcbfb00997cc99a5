// `npm run refresh-tokens`: one refresh pass from the command line, printing what happened per account.
// Uses the same configuration as the server (environment variables, DATA_DIR).
import { LowAccountStore } from '../accounts/account-store.js';
import { loadOrCreateKeyFile } from '../accounts/key-file.js';
import { ConfigError, loadConfig } from '../config.js';
import { InstagramClient } from '../instagram/client.js';
import { createLogger } from '../logger.js';
import { createNotifier } from '../notifier.js';
import { refreshDueTokens } from './token-refresh.js';

try {
  let config = loadConfig();
  const logger = createLogger({ secrets: () => [config.instagram.clientSecret] });
  const closers: (() => Promise<void>)[] = [];
  if (config.demoMode) {
    const { startDemoEmulator } = await import('../../demo/demo-mode.js');
    const emulator = await startDemoEmulator(config, logger);
    config = { ...config, instagram: emulator.instagram };
    closers.push(emulator.close);
  }
  const key = config.tokenKey ?? (await loadOrCreateKeyFile(config.dataDir)).key;
  const store = await LowAccountStore.open({ dataDir: config.dataDir, key, oldKeys: config.oldTokenKeys });
  const notifier = createNotifier({ logger, publicUrl: config.publicUrl, webhookUrl: config.notifyWebhookUrl, smtpUrl: config.smtpUrl, email: config.notifyEmail });
  const outcomes = await refreshDueTokens({
    store,
    instagram: new InstagramClient(config.instagram),
    notifier,
    logger,
    now: Date.now,
    windowDays: config.tokenRefreshWindowDays,
  });
  if (outcomes.length === 0) console.log(`No connected accounts in ${config.dataDir}.`);
  for (const outcome of outcomes) {
    console.log(`@${outcome.username} (${outcome.accountId}): ${outcome.result.replace(/_/g, ' ')}${outcome.detail ? ` - ${outcome.detail}` : ''}`);
  }
  for (const close of closers) await close();
  process.exitCode = outcomes.some(o => o.result === 'failed') ? 1 : 0;
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Token refresh failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
