import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator } from './app.js';
import type { Emulator, EmulatorOptions } from './app.js';
import { DEFAULT_REDIRECT_URIS } from './constants.js';

/** A listening emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`: INSTAGRAM_API_URL and INSTAGRAM_GRAPH_URL both point here. */
  url: string;
  emulator: Emulator;
  /** Stops listening and drops every connection, keep-alive and held-back ones included. */
  close(): Promise<void>;
}

/**
 * Starts the emulator on loopback (port 0, a random free port, by default). `publicUrl` defaults to the bound
 * address; `redirectUris` to the demo server's default callback.
 */
export async function startEmulator(options: Partial<EmulatorOptions> & { port?: number; host?: string; listenHost?: string } = {}): Promise<RunningEmulator> {
  // `listenHost` (default `host`) is the address bound; `host` is the one URLs name. They differ in a
  // container, where the emulator listens on 0.0.0.0 and is reached as 127.0.0.1 through a published port.
  const { port = 0, host = '127.0.0.1', listenHost = host, ...rest } = options;
  const emulator = createEmulator({ ...rest, redirectUris: rest.redirectUris ?? [...DEFAULT_REDIRECT_URIS] });
  const server = createServer(emulator.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  if (rest.publicUrl === undefined) emulator.publicUrl = url;
  let closing: Promise<void> | undefined;
  return {
    url,
    emulator,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        emulator.close();
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
