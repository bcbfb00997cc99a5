// One small logger for the whole server. Every line passes through `redact`, so a token that slips
// into an error message or a URL can never reach the log.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Whether a line at `level` is written: hot paths ask once, at set-up, and skip the work otherwise. */
  enabled(level: LogLevel): boolean;
}

const SECRET_PARAMS = /\b(access_token|client_secret|code|signed_request|ig_exchange_token)=([^&\s"'<>]+)/gi;
// Quotes may come escaped (`\"token\":\"...\"`): a JSON body inside a field of a serialised log line.
const SECRET_JSON = /(\\?"(?:access_token|accessToken|client_secret|token)\\?"\s*:\s*\\?")((?:[^"\\]|\\(?!"))+)(\\?")/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/-]+=*/g;

/** Removes access tokens, client secrets, OAuth codes and signed requests from any text. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(SECRET_PARAMS, '$1=[REDACTED]').replace(SECRET_JSON, '$1[REDACTED]$3').replace(BEARER, '$1[REDACTED]');
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    out = out.split(secret).join('[REDACTED]');
    // The same secret as it reads inside a JSON string (a quote or backslash in it comes escaped).
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join('[REDACTED]');
  }
  return out;
}

export interface LoggerOptions {
  write?: (line: string) => void;
  secrets?: () => readonly string[];
  /** Lines below this level are dropped (default `info`). */
  level?: LogLevel;
  /** `text`: `time LEVEL message {fields}`; `json`: one object per line, `{time, level, msg, ...fields}`. */
  format?: LogFormat;
}

/**
 * Writes lines to a stream (stderr by default), redacted. The whole serialised line goes through
 * `redact`, so JSON escaping of a field value (`\"`, `\u0026`) happens before the search, never after.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? (line => process.stderr.write(`${line}\n`));
  const min = LOG_LEVELS.indexOf(options.level ?? 'info');
  const format = options.format === 'json' ? jsonLine : textLine;
  const log = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) < min) return;
    write(redact(format(new Date().toISOString(), level, message, fields), options.secrets?.() ?? []));
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    enabled: level => LOG_LEVELS.indexOf(level) >= min,
  };
}

function textLine(time: string, level: LogLevel, message: string, fields?: Record<string, unknown>): string {
  const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
  return `${time} ${level.toUpperCase()} ${message}${extra}`;
}

// `time`, `level` and `msg` lead the line, and are set again after the fields: a field named `level`
// or `msg` cannot pass for them.
function jsonLine(time: string, level: LogLevel, message: string, fields?: Record<string, unknown>): string {
  const own = { time, level, msg: message };
  const line = safeJson(Object.assign({ ...own }, fields, own));
  return line === '[unserializable]' ? safeJson({ time, level, msg: message, fields: line }) : line;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v));
  } catch {
    return '[unserializable]';
  }
}

/** A logger that keeps lines in memory: for tests, which print nothing and grep what was logged. */
export function createMemoryLogger(options: Pick<LoggerOptions, 'level' | 'format'> = {}): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ ...options, write: line => lines.push(line) }), { lines });
}
