import type { Request, Response } from 'express';
import type { CallStats, Controls, FaultMode } from './controls.js';
import { GraphErrors, graphError } from './replies.js';
import type { Reply } from './replies.js';
import { lookupAccount } from './bench-account.js';
import type { EmulatorState } from './state.js';
import { decodeToken } from './token-codec.js';

/** What every route needs from the emulator; getters, so control changes apply to the next request. */
export interface EmulatorContext {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly controls: Readonly<Controls>;
  readonly state: EmulatorState;
  readonly stats: CallStats;
  readonly pending: PendingResponses;
  readonly usage: UsageMeter;
  now(): number;
  /** The emulator's public base URL (no trailing slash) for `paging.next` and CDN links. */
  baseUrl(req: Request): string;
  /** The fault to inject into this response; counts it down when `faultCount` is set. */
  takeFault(): FaultMode;
}

/**
 * Responses held back on purpose (latency, the `timeout` fault). `release()` drops them all so that closing the
 * emulator leaves no timer or socket behind.
 */
export class PendingResponses {
  #delayed = new Map<NodeJS.Timeout, Response>();
  #hung = new Set<Response>();

  delay(res: Response, ms: number, then: () => void): void {
    const timer = setTimeout(() => {
      this.#delayed.delete(timer);
      then();
    }, ms);
    timer.unref();
    this.#delayed.set(timer, res);
    res.once('close', () => {
      clearTimeout(timer);
      this.#delayed.delete(timer);
    });
  }

  hang(res: Response): void {
    this.#hung.add(res);
    res.once('close', () => this.#hung.delete(res));
  }

  release(): void {
    for (const [timer, res] of this.#delayed) {
      clearTimeout(timer);
      res.destroy();
    }
    for (const res of this.#hung) res.destroy();
    this.#delayed.clear();
    this.#hung.clear();
  }
}

type Throttle = 'buc' | 'app' | 'user';

/** Usage percentages for `X-App-Usage` / `X-Business-Use-Case-Usage`: low and slowly rising, per clock hour. */
export class UsageMeter {
  #hour = -1;
  #app = 0;
  #byAccount = new Map<string, number>();

  record(account: string | undefined, now: number): void {
    this.#roll(now);
    this.#app++;
    if (account) this.#byAccount.set(account, (this.#byAccount.get(account) ?? 0) + 1);
  }

  headers(account: string | undefined, now: number, throttle?: Throttle): Record<string, string> {
    this.#roll(now);
    // Capped well below the 100% at which clients are expected to back off: benchmarks must not trip it.
    const percent = (calls: number) => Math.min(50, Math.ceil(calls / 50));
    const app = throttle === 'app' ? 100 : percent(this.#app);
    const buc = throttle ? 100 : percent(this.#byAccount.get(account ?? '') ?? 0);
    const appUsage = { call_count: app, total_cputime: Math.ceil(app / 2), total_time: Math.ceil(app / 2) };
    const bucEntry = {
      type: 'instagram',
      call_count: buc,
      total_cputime: Math.ceil(buc / 2),
      total_time: Math.ceil(buc / 2),
      estimated_time_to_regain_access: throttle ? 5 : 0,
    };
    return {
      'X-App-Usage': JSON.stringify(appUsage),
      'X-Business-Use-Case-Usage': JSON.stringify(account ? { [account]: [bucEntry] } : {}),
    };
  }

  #roll(now: number): void {
    const hour = Math.floor(now / 3_600_000);
    if (hour === this.#hour) return;
    this.#hour = hour;
    this.#app = 0;
    this.#byAccount.clear();
  }
}

/** The access token of a Graph call: `access_token` query parameter, or an `Authorization: Bearer|OAuth` header. */
export function accessTokenOf(req: Request): string | undefined {
  const fromQuery = param(req, 'access_token');
  if (fromQuery !== undefined) return fromQuery;
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

/** One query parameter as a string (the last one when repeated), or undefined. */
export function param(req: Request, name: string): string | undefined {
  const value: unknown = (req.query as Record<string, unknown>)[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : undefined;
}

/** Writes a prepared reply; Graph replies get usage headers, and the malformed-json fault cuts the body short. */
export function send(ctx: EmulatorContext, res: Response, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const locals = res.locals as { graph?: boolean; usageAccount?: string; throttle?: Throttle; malformed?: boolean };
  if (locals.graph) res.set(ctx.usage.headers(locals.usageAccount, ctx.now(), locals.throttle));
  if (reply.headers) res.set(reply.headers);
  res.set('Cache-Control', 'private, no-cache, no-store, must-revalidate');
  res.type('application/json; charset=UTF-8');
  if (locals.malformed) {
    res.status(200).send(reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2))));
    return;
  }
  res.status(reply.status).send(reply.body);
}

/**
 * Which faults reach an endpoint: `data` (Graph reads and refresh) always, `oauth` (the two token exchanges) only
 * with `faultOAuth`, `none` (consent page, unknown paths) never.
 */
export type FaultScope = 'data' | 'oauth' | 'none';

const THROTTLES: Partial<Record<FaultMode, [Throttle, 4 | 17 | 80002]>> = {
  'rate-limit': ['buc', 80002],
  'rate-limit-app': ['app', 4],
  'rate-limit-user': ['user', 17],
};

/** Wraps a handler with call counting, latency, fault injection and crash safety. */
export function endpoint(
  ctx: EmulatorContext,
  name: string,
  scope: FaultScope,
  handler: (req: Request, res: Response) => void,
): (req: Request, res: Response) => void {
  const graph = name.startsWith('graph.');
  return (req, res) => {
    ctx.stats.count(name);
    const locals = res.locals as Record<string, unknown>;
    if (graph) {
      const token = accessTokenOf(req);
      const record = token === undefined ? undefined : decodeToken(ctx.clientSecret, token);
      locals.graph = true;
      locals.usageAccount = record ? lookupAccount(ctx, record.accountId)?.userId : undefined;
      ctx.usage.record(locals.usageAccount as string | undefined, ctx.now());
    }
    const run = () => {
      try {
        const { mode, faultOAuth } = ctx.controls;
        // The code exchange takes no access token, so token faults pass it by (and are not counted down).
        const tokenFault = mode === 'expired-token' || mode === 'invalidated-token';
        const applies = (scope === 'data' || (scope === 'oauth' && faultOAuth)) && !(tokenFault && !graph);
        const fault = applies ? ctx.takeFault() : 'ok';
        if (fault === 'ok') return handler(req, res);
        if (fault === 'timeout') return ctx.pending.hang(res);
        if (fault === 'malformed-json') {
          locals.malformed = true;
          return handler(req, res);
        }
        const now = ctx.now();
        if (fault === 'expired-token') return send(ctx, res, GraphErrors.expiredToken(now - 3_600_000, now));
        if (fault === 'invalidated-token') return send(ctx, res, GraphErrors.invalidatedToken());
        if (fault === 'http500') return send(ctx, res, GraphErrors.transient());
        const [throttle, code] = THROTTLES[fault]!;
        locals.throttle = throttle;
        send(ctx, res, GraphErrors.throttled(ctx.controls.throttleStatus, code));
      } catch {
        // A bug in a handler must cost one 500, never the process (this may run from a timer).
        send(ctx, res, graphError(500, { message: 'An unknown error has occurred.', type: 'IGApiException', code: 1 }));
      }
    };
    const latency = ctx.controls.latencyMs;
    if (latency > 0) ctx.pending.delay(res, latency, run);
    else run();
  };
}
