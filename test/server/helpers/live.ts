// A real server on a loopback port, in this process, talking HTTP to the demo emulator: for tests
// that exercise the whole stack (OAuth dance, faults, hostile input) without mocks of our own code.
import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from '../../../demo/emulator/constants.js';
import { startEmulator } from '../../../demo/emulator/server.js';
import type { AppDeps } from '../../../server/app.js';
import { buildApp, testConfig } from './setup.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startLive(env: Record<string, string> = {}, options: { now?: () => number; dataDir?: string; routers?: AppDeps['routers'] } = {}) {
  const emulator = await startEmulator({ controls: true, redirectUris: [] });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  emulator.emulator.redirectUris = [`${url}/instagram/callback`];
  const settings = {
    INSTAGRAM_CLIENT_ID: EMULATOR_CLIENT_ID,
    INSTAGRAM_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    INSTAGRAM_AUTHORIZE_URL: `${emulator.url}/oauth/authorize`,
    INSTAGRAM_API_URL: emulator.url,
    INSTAGRAM_GRAPH_URL: emulator.url,
    PUBLIC_URL: url,
    INSTAGRAM_TIMEOUT_MS: '2000',
    ...env,
  };
  const ctx = await buildApp({
    now: options.now,
    routers: options.routers,
    env: settings,
    reuse: options.dataDir ? { dir: options.dataDir, config: testConfig(options.dataDir, settings) } : undefined,
  });
  const server: Server = createHttpServer(ctx.app).listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    ...ctx,
    url,
    emulator,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      await emulator.close();
      await ctx.cleanup();
    },
  };
}
