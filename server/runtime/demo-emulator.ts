// Demo mode wiring: with no Instagram app configured, `npm start` runs the built-in emulator on its
// own loopback port and points the three INSTAGRAM_* URLs at it. That is the only difference from
// production: the server talks to the emulator over HTTP exactly as it talks to Instagram.
import { type Config, type InstagramConfig, isLoopbackHost } from '../config.js';
import type { Logger } from './logger.js';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from '../../demo/emulator/constants.js';
import { startEmulator, type RunningEmulator } from '../../demo/emulator/server.js';

export interface DemoEmulator {
  url: string;
  instagram: InstagramConfig;
  close(): Promise<void>;
}

export async function startDemoEmulator(config: Config, logger: Logger): Promise<DemoEmulator> {
  // A stable port (PORT + 1) keeps the media URLs in saved feeds valid across restarts.
  const preferred = Number(process.env.EMULATOR_PORT ?? config.port + 1);
  // Bound where the server is: with HOST=0.0.0.0 (the container image) the consent page is reachable
  // through a published port (`-p 3001:3001`), while URLs keep naming 127.0.0.1.
  const listenHost = isLoopbackHost(config.host) ? '127.0.0.1' : config.host;
  const options = { host: '127.0.0.1', listenHost, redirectUris: [config.instagram.redirectUri], controls: true };
  let running: RunningEmulator;
  try {
    running = await startEmulator({ ...options, port: preferred });
  } catch {
    running = await startEmulator({ ...options, port: 0 });
  }
  logger.info(`Demo mode: no INSTAGRAM_CLIENT_ID set, so the built-in Instagram emulator at ${running.url} stands in for Instagram.`);
  return {
    url: running.url,
    instagram: {
      ...config.instagram,
      clientId: EMULATOR_CLIENT_ID,
      clientSecret: EMULATOR_CLIENT_SECRET,
      authorizeUrl: `${running.url}/oauth/authorize`,
      apiUrl: running.url,
      graphUrl: running.url,
    },
    close: running.close,
  };
}
