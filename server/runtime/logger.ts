// One small logger for the whole server. Every line passes through `redact`, so a token that slips
// into an error message or a URL can never reach the log.

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_PARAMS = /\b(access_token|client_secret|code|signed_request|ig_exchange_token)=([^&\s"'<>]+)/gi;
const SECRET_JSON = /("(?:access_token|accessToken|client_secret|token)"\s*:\s*")([^"]+)(")/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/-]+=*/g;

/** Removes access tokens, client secrets, OAuth codes and signed requests from any text. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(SECRET_PARAMS, '$1=[REDACTED]').replace(SECRET_JSON, '$1[REDACTED]$3').replace(BEARER, '$1[REDACTED]');
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[REDACTED]');
  return out;
}

type Level = 'info' | 'warn' | 'error';

/** Writes `time level message {fields}` lines to a stream (stderr by default), redacted. */
export function createLogger(options: { write?: (line: string) => void; secrets?: () => readonly string[] } = {}): Logger {
  const write = options.write ?? (line => process.stderr.write(`${line}\n`));
  const log = (level: Level, message: string, fields?: Record<string, unknown>) => {
    const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
    write(redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${extra}`, options.secrets?.() ?? []));
  };
  return {
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v));
  } catch {
    return '[unserializable]';
  }
}

/** A logger that keeps lines in memory: for tests, which print nothing and grep what was logged. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ write: line => lines.push(line) }), { lines });
}
