import express from 'express';
import type { Router } from 'express';

/** What Graph data calls answer: normally (`ok`) or with one injected fault. */
export const FAULT_MODES = [
  'ok',
  'http500',
  'timeout',
  'malformed-json',
  'expired-token',
  'invalidated-token',
  'rate-limit',
  'rate-limit-app',
  'rate-limit-user',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** Switches for tests and benchmarks; `POST /__control` takes any subset. */
export interface Controls {
  mode: FaultMode;
  /** Faulted responses left before `mode` falls back to `ok`; `null`: until changed. Setting `mode` resets it. */
  faultCount: number | null;
  /** Delay before every OAuth and Graph response (not CDN). */
  latencyMs: number;
  /** Code exchange answer: the observed flat shape, or the documented `{data:[…]}` one. */
  tokenResponse: 'flat' | 'wrapped';
  /** Refreshing a token younger than 24 h: a Graph error, or the same token with its expiry unchanged. */
  refreshTooEarly: 'error' | 'same';
  /** HTTP status of the rate-limit faults (undocumented; reports vary). */
  throttleStatus: 400 | 403 | 429;
  /** Lifetime of newly signed CDN URLs. */
  cdnTtlSeconds: number;
  /** Added to the emulator clock: move time forward to expire codes, tokens and CDN URLs. */
  clockOffsetMs: number;
  /** Also fault the code exchange and the long-lived exchange, to test the OAuth callback's error paths. */
  faultOAuth: boolean;
  /** Return `media_product_type` (documented for Facebook Login only, so a server must cope without it). */
  mediaProductType: boolean;
  /** Also serve @bench.gallery (bench-account.ts), 120 posts for benchmarks; off, its tokens do not parse. */
  benchAccount: boolean;
  /** Number of posts of @bench.gallery (1 to 10,000); its newest posts stay the same whatever the number. */
  benchPosts: number;
}

export const DEFAULT_CONTROLS: Readonly<Controls> = Object.freeze({
  mode: 'ok',
  faultCount: null,
  latencyMs: 0,
  tokenResponse: 'flat',
  refreshTooEarly: 'error',
  throttleStatus: 400,
  cdnTtlSeconds: 4 * 86_400,
  clockOffsetMs: 0,
  faultOAuth: false,
  mediaProductType: true,
  benchAccount: false,
  benchPosts: 120,
});

/** A control patch that names an unknown switch or carries a value out of range. */
export class ControlError extends Error {
  override name = 'ControlError';
}

const TEN_YEARS_MS = 10 * 365 * 86_400_000;
const isInt = (min: number, max: number) => (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const oneOf = (values: readonly unknown[]) => (v: unknown) => values.includes(v);

const RULES: { [K in keyof Controls]: [check: (v: unknown) => boolean, expected: string] } = {
  mode: [oneOf(FAULT_MODES), `one of ${FAULT_MODES.join(', ')}`],
  faultCount: [v => v === null || isInt(1, 1_000_000)(v), 'null or an integer from 1'],
  latencyMs: [isInt(0, 600_000), 'an integer from 0 to 600000'],
  tokenResponse: [oneOf(['flat', 'wrapped']), 'flat or wrapped'],
  refreshTooEarly: [oneOf(['error', 'same']), 'error or same'],
  throttleStatus: [oneOf([400, 403, 429]), '400, 403 or 429'],
  cdnTtlSeconds: [isInt(1, 90 * 86_400), 'an integer from 1 to 7776000'],
  clockOffsetMs: [isInt(-TEN_YEARS_MS, TEN_YEARS_MS), 'an integer number of milliseconds within ten years'],
  faultOAuth: [v => typeof v === 'boolean', 'a boolean'],
  mediaProductType: [v => typeof v === 'boolean', 'a boolean'],
  benchAccount: [v => typeof v === 'boolean', 'a boolean'],
  benchPosts: [isInt(1, 10_000), 'an integer from 1 to 10000'],
};

/** Checks a patch from outside; throws `ControlError` naming every bad key. */
export function parseControlPatch(input: unknown): Partial<Controls> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ControlError('Expected a JSON object of controls');
  }
  const problems: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    const rule = Object.hasOwn(RULES, key) ? RULES[key as keyof Controls] : undefined;
    if (!rule) problems.push(`unknown control "${key}"`);
    else if (!rule[0](value)) problems.push(`"${key}" must be ${rule[1]}`);
  }
  if (problems.length > 0) throw new ControlError(`Invalid controls: ${problems.join('; ')}`);
  return input as Partial<Controls>;
}

/** Calls per endpoint name since the last reset. */
export interface EmulatorStats {
  calls: Record<string, number>;
  total: number;
}

export class CallStats {
  #calls = new Map<string, number>();
  #total = 0;

  count(endpoint: string): void {
    this.#calls.set(endpoint, (this.#calls.get(endpoint) ?? 0) + 1);
    this.#total++;
  }

  snapshot(): EmulatorStats {
    return { calls: Object.fromEntries([...this.#calls].sort(([a], [b]) => a.localeCompare(b))), total: this.#total };
  }

  reset(): void {
    this.#calls.clear();
    this.#total = 0;
  }
}

/** What the control routes need from the emulator. */
export interface ControlHost {
  readonly controls: Readonly<Controls>;
  readonly stats: EmulatorStats;
  setControl(patch: Partial<Controls>): Readonly<Controls>;
  resetControls(): Readonly<Controls>;
  resetStats(): void;
}

/** `/__control` and `/__stats`: mounted only when the emulator runs with `controls: true`. */
export function controlRouter(host: ControlHost): Router {
  const router = express.Router();
  router
    .route('/__control')
    .get((_req, res) => void res.json(host.controls))
    .post(express.json({ limit: '8kb', type: () => true }), (req, res) => {
      try {
        res.json(host.setControl(parseControlPatch(req.body)));
      } catch (error) {
        if (!(error instanceof ControlError)) throw error;
        res.status(400).json({ error: { message: error.message, type: 'ControlError' } });
      }
    })
    .delete((_req, res) => void res.json(host.resetControls()));
  router
    .route('/__stats')
    .get((_req, res) => void res.json(host.stats))
    .delete((_req, res) => {
      host.resetStats();
      res.json(host.stats);
    });
  return router;
}
