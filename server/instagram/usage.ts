// Instagram reports quota use in headers on every response: `X-App-Usage` (app-wide, percentages)
// and `X-Business-Use-Case-Usage` (per account, with `estimated_time_to_regain_access` in minutes).
// We reduce both to the highest percentage seen and the longest wait, which is what backoff needs.

export interface Usage {
  /** Highest of call_count / total_cputime / total_time across both headers, 0..100+. */
  percent: number;
  /** How long Instagram says the account is blocked, when it says so. */
  regainAccessMs: number | null;
}

type HeaderValue = string | string[] | undefined;

export function parseUsage(headers: Record<string, HeaderValue>): Usage | undefined {
  const app = parseJson(headers['x-app-usage']);
  const buc = parseJson(headers['x-business-use-case-usage']);
  if (app === undefined && buc === undefined) return undefined;
  let percent = 0;
  let regainMinutes = 0;
  const take = (entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return;
    const e = entry as Record<string, unknown>;
    for (const field of ['call_count', 'total_cputime', 'total_time']) {
      const value = Number(e[field]);
      if (Number.isFinite(value)) percent = Math.max(percent, value);
    }
    const regain = Number(e.estimated_time_to_regain_access);
    if (Number.isFinite(regain)) regainMinutes = Math.max(regainMinutes, regain);
  };
  take(app);
  if (typeof buc === 'object' && buc !== null) {
    for (const entries of Object.values(buc as Record<string, unknown>)) {
      if (Array.isArray(entries)) entries.forEach(take);
    }
  }
  return { percent, regainAccessMs: regainMinutes > 0 ? regainMinutes * 60_000 : null };
}

function parseJson(value: HeaderValue): unknown {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
