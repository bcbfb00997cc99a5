// `npm run refresh-tokens`: one refresh pass from the command line, printing what happened per account.
// Uses the same configuration as the server (environment variables, DATA_DIR).
import { bootstrap } from '../runtime/bootstrap.js';
import { ConfigError } from '../config.js';
import { refreshDueTokens } from './token-refresh.js';

try {
  const { config, logger, store, instagram, notifier, close } = await bootstrap();
  const outcomes = await refreshDueTokens({ store, instagram, notifier, logger, now: Date.now, windowDays: config.tokenRefreshWindowDays });
  if (outcomes.length === 0) console.log(`No connected accounts in ${config.dataDir}.`);
  for (const outcome of outcomes) {
    console.log(`@${outcome.username} (${outcome.accountId}): ${outcome.result.replace(/_/g, ' ')}${outcome.detail ? ` - ${outcome.detail}` : ''}`);
  }
  await close();
  process.exitCode = outcomes.some(o => o.result === 'failed') ? 1 : 0;
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Token refresh failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
