// `npm run emulator`: the Instagram emulator on its own port, with /__control and /__stats enabled.
//   EMULATOR_PORT (3001)  EMULATOR_HOST (127.0.0.1)  EMULATOR_PUBLIC_URL (http://<host>:<port>)
//   EMULATOR_REDIRECT_URIS (comma separated; default: the demo server's callback on port 3000)
import { DEFAULT_REDIRECT_URIS, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, FIXTURE_ACCOUNTS } from './app.js';
import { startEmulator } from './server.js';

const port = Number(process.env.EMULATOR_PORT ?? 3001);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`EMULATOR_PORT must be a port number, got "${process.env.EMULATOR_PORT}"`);
  process.exit(1);
}
const redirectUris = process.env.EMULATOR_REDIRECT_URIS?.split(',')
  .map(uri => uri.trim())
  .filter(Boolean) ?? [...DEFAULT_REDIRECT_URIS];

const running = await startEmulator({
  port,
  host: process.env.EMULATOR_HOST ?? '127.0.0.1',
  controls: true,
  redirectUris,
  ...(process.env.EMULATOR_PUBLIC_URL ? { publicUrl: process.env.EMULATOR_PUBLIC_URL } : {}),
}).catch((error: unknown) => {
  console.error(`Could not start the Instagram emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

const base = running.emulator.publicUrl ?? running.url;
console.log(`Instagram emulator listening on ${running.url}

Point the server at it with:
  INSTAGRAM_CLIENT_ID=${EMULATOR_CLIENT_ID}
  INSTAGRAM_CLIENT_SECRET=${EMULATOR_CLIENT_SECRET}
  INSTAGRAM_AUTHORIZE_URL=${base}/oauth/authorize
  INSTAGRAM_API_URL=${base}
  INSTAGRAM_GRAPH_URL=${base}

Accepted redirect URIs: ${redirectUris.join(', ')}
Accounts: ${FIXTURE_ACCOUNTS.map(a => `@${a.username} (${a.accountType}, ${a.media.length} posts)`).join(', ')}
Controls: GET/POST/DELETE ${base}/__control, GET/DELETE ${base}/__stats`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the Instagram emulator`);
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
