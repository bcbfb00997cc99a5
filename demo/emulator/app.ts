import express from 'express';
import type { ErrorRequestHandler, Express, Request } from 'express';
import { cdnHandler } from './cdn.js';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from './constants.js';
import { CallStats, DEFAULT_CONTROLS, controlRouter, parseControlPatch } from './controls.js';
import type { ControlHost, Controls, EmulatorStats, FaultMode } from './controls.js';
import { graphError, oauthError } from './replies.js';
import { graphHandler } from './graph.js';
import { oauthRouter } from './oauth.js';
import { PendingResponses, UsageMeter, send } from './pipeline.js';
import type { EmulatorContext } from './pipeline.js';
import { EmulatorState } from './state.js';

export {
  DAY_MS,
  DEFAULT_REDIRECT_URIS,
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  HOUR_MS,
  KNOWN_SCOPES,
  LONG_TOKEN_TTL_MS,
  SHORT_TOKEN_TTL_MS,
  signedRequest,
} from './constants.js';
export { BENCH_ACCOUNT } from './bench-account.js';
export { ControlError, DEFAULT_CONTROLS, FAULT_MODES } from './controls.js';
export type { Controls, EmulatorStats, FaultMode } from './controls.js';
export { FIXTURE_ACCOUNTS, findAccount, findMedia } from './fixtures.js';
export type { AccountType, FixtureAccount, FixtureChild, FixtureMedia } from './fixtures.js';
export { EmulatorState } from './state.js';
export type { AuthorizationCode, TokenCheck, TokenKind, TokenRecord } from './state.js';

export interface EmulatorOptions {
  /** Instagram App ID the emulator accepts; default `EMULATOR_CLIENT_ID`. */
  clientId?: string;
  /** Instagram App Secret; default `EMULATOR_CLIENT_SECRET`. Also keys tokens and CDN signatures. */
  clientSecret?: string;
  /** Exact-match allow-list for `redirect_uri`. */
  redirectUris: string[];
  /** Base URL clients reach the emulator at, for `paging.next` and CDN links; default: from the request's Host. */
  publicUrl?: string;
  /** Enables `/__control` and `/__stats`; otherwise they answer 404. Default false. */
  controls?: boolean;
  /** Clock in epoch milliseconds; default `Date.now`. `clockOffsetMs` is added on top. */
  now?: () => number;
}

/** An Instagram stand-in: an Express app (never listening) plus the handles tests need. */
export interface Emulator extends ControlHost {
  readonly app: Express;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Settable after listen, since port 0 is only known then. `undefined`: derived from each request's Host. */
  publicUrl: string | undefined;
  /** Settable, for when the server's port is only known after the emulator started. */
  redirectUris: string[];
  readonly state: EmulatorState;
  /** Calls per endpoint name (`graph.media`, `oauth.access_token`, `cdn`, …) since the last reset. */
  readonly stats: EmulatorStats;
  readonly controls: Readonly<Controls>;
  /** Validates and merges a patch (throws `ControlError`); setting `mode` without `faultCount` resets the count. */
  setControl(patch: Partial<Controls>): Readonly<Controls>;
  resetControls(): Readonly<Controls>;
  resetStats(): void;
  /** Controls, stats, codes and the token registry back to a fresh start. */
  reset(): void;
  /** The emulator clock: `options.now()` plus `clockOffsetMs`. */
  now(): number;
  /** Drops responses held back by latency or the `timeout` fault, so nothing keeps the process alive. */
  close(): void;
}

export function createEmulator(options: EmulatorOptions): Emulator {
  const clock = options.now ?? Date.now;
  const clientId = options.clientId ?? EMULATOR_CLIENT_ID;
  const clientSecret = options.clientSecret ?? EMULATOR_CLIENT_SECRET;
  let publicUrl = options.publicUrl?.replace(/\/+$/, '');
  let redirectUris = [...options.redirectUris];
  let controls: Readonly<Controls> = DEFAULT_CONTROLS;
  const stats = new CallStats();
  const now = () => clock() + controls.clockOffsetMs;
  const state = new EmulatorState(clientSecret, now);
  const pending = new PendingResponses();

  const ctx: EmulatorContext = {
    clientId,
    clientSecret,
    get redirectUris() {
      return redirectUris;
    },
    get controls() {
      return controls;
    },
    state,
    stats,
    pending,
    usage: new UsageMeter(),
    now,
    baseUrl: (req: Request) => publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`,
    takeFault(): FaultMode {
      const { mode, faultCount } = controls;
      if (mode !== 'ok' && faultCount !== null) {
        const left = faultCount - 1;
        const next = left > 0 ? { faultCount: left } : { mode: 'ok' as const, faultCount: null };
        controls = Object.freeze({ ...controls, ...next });
      }
      return mode;
    },
  };

  const emulator: Emulator = {
    app: express(),
    clientId,
    clientSecret,
    get publicUrl() {
      return publicUrl;
    },
    set publicUrl(url: string | undefined) {
      publicUrl = url?.replace(/\/+$/, '');
    },
    get redirectUris() {
      return redirectUris;
    },
    set redirectUris(uris: string[]) {
      redirectUris = [...uris];
    },
    state,
    get stats() {
      return stats.snapshot();
    },
    get controls() {
      return controls;
    },
    setControl(patch) {
      const checked = parseControlPatch(patch);
      const fresh = 'mode' in checked && !('faultCount' in checked) ? { faultCount: null } : {};
      controls = Object.freeze({ ...controls, ...fresh, ...checked });
      return controls;
    },
    resetControls() {
      controls = DEFAULT_CONTROLS;
      return controls;
    },
    resetStats: () => stats.reset(),
    reset() {
      controls = DEFAULT_CONTROLS;
      stats.reset();
      state.reset();
    },
    now,
    close: () => pending.release(),
  };

  const app = emulator.app;
  app.disable('x-powered-by');
  app.set('etag', false);
  if (options.controls) app.use(controlRouter(emulator));
  else app.all(['/__control', '/__stats'], (_req, res) => void res.status(404).json({ error: { message: 'Controls are off' } }));
  app.get('/cdn/*path', cdnHandler(ctx));
  app.use(oauthRouter(ctx));
  app.use(graphHandler(ctx));
  app.use(errorHandler(ctx));
  return emulator;
}

// Body parser failures (too large, malformed) and anything unforeseen: answered in the host's envelope, never thrown.
function errorHandler(ctx: EmulatorContext): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const raw = (error as { status?: unknown } | null)?.status;
    const status = typeof raw === 'number' && raw >= 400 && raw < 600 ? raw : 500;
    let message = status < 500 ? 'Malformed request body' : 'An unknown error has occurred.';
    if (status === 413) message = 'Request body too large';
    if (res.headersSent) return void res.destroy();
    if (req.path.startsWith('/oauth/')) return send(ctx, res, oauthError(message, status));
    send(ctx, res, graphError(status, { message, type: 'IGApiException', code: status < 500 ? 100 : 1 }));
  };
}
