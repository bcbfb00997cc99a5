// Starts `npm start` as a newcomer would (no Instagram settings: demo mode with the built-in emulator),
// only with a free port and a temporary DATA_DIR, and a headless Chromium to drive it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, ensureChromium } from '../helpers/chromium.mjs';
import { freePort } from '../server/helpers/live.js';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface DemoServer {
  url: string;
  emulatorUrl: string;
  /** Resolves with the exit code and signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  child: ChildProcess;
  dataDir: string;
  logs(): string;
  stop(): Promise<void>;
}

export async function startDemoServer(env: Record<string, string> = {}): Promise<DemoServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'igfeed-e2e-'));
  const port = await freePort();
  const emulatorPort = await freePort();
  // `node --import tsx` rather than the tsx CLI, which would run the server in a grandchild process.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), EMULATOR_PORT: String(emulatorPort), DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let output = '';
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) })).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`npm start did not answer /healthz within 60 s:\n${output}`);
    await new Promise(r => setTimeout(r, 100));
  }
  return {
    url,
    emulatorUrl: `http://127.0.0.1:${emulatorPort}`,
    exited,
    child,
    dataDir,
    logs: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
}

/** Collects console errors and uncaught exceptions of a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', error => errors.push(String(error)));
  page.on('response', response => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return errors;
}

/** Parts of the tiles rendered by an <instagram-feed> on the page (`item--image`, ...). */
export async function tileTypes(page: Page, selector = 'instagram-feed'): Promise<string[]> {
  return page.$eval(selector, element =>
    [...(element.shadowRoot?.querySelectorAll('[part~="item"]') ?? [])].map(
      tile =>
        tile
          .getAttribute('part')!
          .split(' ')
          .find(p => p.startsWith('item--'))!,
    ),
  );
}
