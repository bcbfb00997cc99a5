// Environment -> typed Config. Every problem is collected and reported at once, so a bad deployment
// fails fast with one message instead of one restart per mistake. Over 250 lines on purpose: one
// function reads every variable, so every problem lands in the same list.
import { isAbsolute, resolve } from 'node:path';
import { LOG_LEVELS, type LogFormat, type LogLevel } from './runtime/logger.js';

export type MediaMode = 'mirror' | 'direct';

export interface InstagramConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string[];
  authorizeUrl: string;
  apiUrl: string;
  graphUrl: string;
  apiVersion: string;
  timeoutMs: number;
}

export interface Config {
  /** No Instagram app configured: the built-in emulator stands in for Instagram. */
  demoMode: boolean;
  instagram: InstagramConfig;
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  /** Mirrored media (MEDIA_DIR, default DATA_DIR/media); in cluster mode a directory every instance shares. */
  mediaDir: string;
  /** Cluster mode when set: accounts, feed cache, locks, sessions and rate limits live in this Redis. */
  redisUrl: string | undefined;
  /** Prepended to every Redis key and channel (REDIS_PREFIX, default `igf:`): several deployments can share one Redis. */
  redisPrefix: string;
  /** 32-byte key; undefined only in demo mode, where main.ts generates one into DATA_DIR. */
  tokenKey: Buffer | undefined;
  oldTokenKeys: Buffer[];
  sessionSecret: string | undefined;
  adminPassword: string | undefined;
  allowedOrigins: '*' | string[];
  feedTtlSeconds: number;
  tokenRefreshWindowDays: number;
  notifyWebhookUrl: string | undefined;
  smtpUrl: string | undefined;
  notifyEmail: string | undefined;
  mediaMode: MediaMode;
  mediaMirrorVideos: boolean;
  mediaCacheMaxMb: number;
  /** Requests per minute per client address on public routes; 0 disables the limit. */
  rateLimitPerMinute: number;
  /** Express `trust proxy` value: set when a reverse proxy or CDN forwards client addresses. */
  trustProxy: string | undefined;
  /** A client must send a whole request (headers and body) within this time, or gets a 408. */
  requestTimeoutMs: number;
  /**
   * `Host` header values the admin surface answers besides PUBLIC_URL's host and the loopback names
   * (normalised like `URL.host`: lower case, no default port). Guards against DNS rebinding.
   */
  allowedHosts: string[];
  /** Memory for cached feed chunks and rendered pages across all accounts (least recently used go first). */
  feedCacheMaxMb: number;
  /** `text` (one readable line) or `json` (one object per line, for log collectors). */
  logFormat: LogFormat;
  /** The lowest level written; `debug` adds an access line per request. */
  logLevel: LogLevel;
  /** A scraper sending `Authorization: Bearer <this>` may read `GET /metrics` without being an admin. */
  metricsToken: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map(p => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** `value` as `URL.host` spells it (lower case, no default port), or undefined when it is not a bare host[:port]. */
export function normalizeHost(value: string): string | undefined {
  if (!/^[\w.:[\]-]{1,300}$/.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    return url.username === '' && url.pathname === '/' && url.search === '' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/** A loopback IP address (127.0.0.0/8, ::1, IPv4-mapped 127.x), as sockets report them. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/** A host name or address only this machine reaches: localhost or a loopback address, brackets allowed. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || isLoopback(name);
}

/** Reads the variables documented in the README; throws one ConfigError naming every bad one. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const url = (name: string, fallback: string): string => {
    const raw = text(name) ?? fallback;
    try {
      const parsed = new URL(raw);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      problems.push(`${name} must be an http(s) URL (got "${raw}")`);
      return fallback;
    }
  };
  const key = (name: string, raw: string): Buffer | undefined => {
    const buffer = Buffer.from(raw, 'base64');
    if (buffer.length !== 32 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) {
      problems.push(`${name} must be 32 random bytes in base64 (try: openssl rand -base64 32)`);
      return undefined;
    }
    return buffer;
  };
  const bool = (name: string): boolean => {
    const raw = text(name)?.toLowerCase();
    if (raw === undefined) return false;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (!['0', 'false', 'no', 'off'].includes(raw)) problems.push(`${name} must be true or false (got "${raw}")`);
    return false;
  };

  const clientId = text('INSTAGRAM_CLIENT_ID');
  const clientSecret = text('INSTAGRAM_CLIENT_SECRET');
  const demoMode = clientId === undefined;
  if (!demoMode && !clientSecret) problems.push('INSTAGRAM_CLIENT_SECRET is required when INSTAGRAM_CLIENT_ID is set');
  if (clientId !== undefined && !/^\d{5,32}$/.test(clientId)) {
    problems.push('INSTAGRAM_CLIENT_ID must be the numeric Instagram App ID (App Dashboard > Instagram > API setup)');
  }

  const port = int('PORT', 3000, 0, 65535);
  const host = text('HOST') ?? '127.0.0.1';
  const publicUrl = url('PUBLIC_URL', `http://localhost:${port}`);
  const dataDirRaw = text('DATA_DIR') ?? './data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);
  const mediaDirRaw = text('MEDIA_DIR');
  const mediaDir = mediaDirRaw === undefined ? resolve(dataDir, 'media') : resolve(cwd, mediaDirRaw);
  const redisUrl = text('REDIS_URL');
  const redisPrefix = text('REDIS_PREFIX') ?? 'igf:';
  if (!/^[\w:.-]{1,64}$/.test(redisPrefix)) problems.push('REDIS_PREFIX must be 1 to 64 letters, digits, _ - . or :');
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) problems.push('REDIS_URL must be a redis:// or rediss:// URL (redis://host:6379)');

  const keyRaw = text('TOKEN_ENCRYPTION_KEY');
  const tokenKey = keyRaw === undefined ? undefined : key('TOKEN_ENCRYPTION_KEY', keyRaw);
  if (keyRaw === undefined && !demoMode) {
    problems.push('TOKEN_ENCRYPTION_KEY is required outside demo mode (32 bytes in base64: openssl rand -base64 32)');
  }
  // Every instance must open every token, and demo mode's generated key lives in one instance's DATA_DIR.
  if (redisUrl !== undefined && demoMode) {
    problems.push(
      'REDIS_URL (cluster mode) needs an Instagram app: set INSTAGRAM_CLIENT_ID, INSTAGRAM_CLIENT_SECRET and TOKEN_ENCRYPTION_KEY, the same on every instance',
    );
  }
  const oldTokenKeys = (text('TOKEN_ENCRYPTION_KEYS_OLD') ?? '')
    .split(',')
    .map(part => part.trim())
    .filter(Boolean)
    .map(part => key('TOKEN_ENCRYPTION_KEYS_OLD', part))
    .filter((k): k is Buffer => k !== undefined);

  const sessionSecret = text('SESSION_SECRET');
  if (!sessionSecret && !demoMode) problems.push('SESSION_SECRET is required outside demo mode');
  else if (sessionSecret && sessionSecret.length < 16) problems.push('SESSION_SECRET must be at least 16 characters');

  const originsRaw = text('ALLOWED_ORIGINS') ?? '*';
  let allowedOrigins: '*' | string[] = '*';
  if (originsRaw !== '*') {
    allowedOrigins = [];
    for (const origin of originsRaw
      .split(',')
      .map(o => o.trim())
      .filter(Boolean)) {
      try {
        allowedOrigins.push(new URL(origin).origin);
      } catch {
        problems.push(`ALLOWED_ORIGINS must be * or a comma-separated list of origins (bad: "${origin}")`);
      }
    }
  }

  const allowedHosts: string[] = [];
  for (const entry of (text('ALLOWED_HOSTS') ?? '')
    .split(',')
    .map(h => h.trim())
    .filter(Boolean)) {
    const host = normalizeHost(entry);
    if (host) allowedHosts.push(host);
    else problems.push(`ALLOWED_HOSTS must be a comma-separated list of host names, each with an optional :port (bad: "${entry}")`);
  }

  // Without a password the admin surface trusts loopback clients. Behind a reverse proxy that adds no
  // forwarding headers (nginx's plain proxy_pass, a TCP proxy, a tunnel) every visitor looks local, so
  // outside demo mode that rule is only allowed when nothing but this machine can reach the server.
  const adminPassword = text('ADMIN_PASSWORD');
  const publicHost = (() => {
    try {
      return new URL(publicUrl).hostname;
    } catch {
      return '';
    }
  })();
  if (!demoMode && adminPassword === undefined && !(isLoopbackHost(host) && isLoopbackHost(publicHost))) {
    problems.push(
      `ADMIN_PASSWORD is required: with HOST=${host} and PUBLIC_URL=${publicUrl} other machines can reach the server, ` +
        'directly or through a reverse proxy, where every visitor would look local and could use the admin API. ' +
        'Set ADMIN_PASSWORD to a long random password (try: openssl rand -base64 24), or keep HOST and PUBLIC_URL on loopback for a machine-local setup.',
    );
  }

  const mediaModeRaw = text('MEDIA_MODE') ?? 'mirror';
  if (mediaModeRaw !== 'mirror' && mediaModeRaw !== 'direct') problems.push(`MEDIA_MODE must be mirror or direct (got "${mediaModeRaw}")`);

  const webhook = text('NOTIFY_WEBHOOK_URL') === undefined ? undefined : url('NOTIFY_WEBHOOK_URL', '');
  const smtpUrl = text('SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');
  const notifyEmail = text('NOTIFY_EMAIL');
  if (notifyEmail !== undefined && !/^[^\s@]+@[^\s@]+$/.test(notifyEmail)) problems.push('NOTIFY_EMAIL must be an email address');

  const logFormat = text('LOG_FORMAT')?.toLowerCase() ?? 'text';
  if (logFormat !== 'text' && logFormat !== 'json') problems.push(`LOG_FORMAT must be text or json (got "${logFormat}")`);
  const logLevel = text('LOG_LEVEL')?.toLowerCase() ?? 'info';
  const isLevel = (value: string): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value);
  if (!isLevel(logLevel)) problems.push(`LOG_LEVEL must be debug, info, warn or error (got "${logLevel}")`);

  // Sent in a header: RFC 6750's token characters only, and long enough that guessing it is hopeless.
  const metricsToken = text('METRICS_TOKEN');
  if (metricsToken !== undefined && !/^[A-Za-z0-9._~+/-]{16,}=*$/.test(metricsToken)) {
    problems.push('METRICS_TOKEN must be at least 16 characters of A-Z, a-z, 0-9 and - . _ ~ + / (try: openssl rand -hex 32)');
  }

  const scopes = (text('INSTAGRAM_SCOPES') ?? 'instagram_business_basic').split(/[,\s]+/).filter(Boolean);
  const apiVersion = text('INSTAGRAM_API_VERSION') ?? 'v23.0';
  if (!/^v\d+\.\d+$/.test(apiVersion)) problems.push(`INSTAGRAM_API_VERSION must look like v23.0 (got "${apiVersion}")`);

  const instagram: InstagramConfig = {
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    redirectUri: url('INSTAGRAM_REDIRECT_URI', `${publicUrl}/instagram/callback`),
    scopes,
    authorizeUrl: url('INSTAGRAM_AUTHORIZE_URL', 'https://www.instagram.com/oauth/authorize'),
    apiUrl: url('INSTAGRAM_API_URL', 'https://api.instagram.com'),
    graphUrl: url('INSTAGRAM_GRAPH_URL', 'https://graph.instagram.com'),
    apiVersion,
    timeoutMs: int('INSTAGRAM_TIMEOUT_MS', 10_000, 100, 120_000),
  };

  const config: Config = {
    demoMode,
    instagram,
    port,
    host,
    publicUrl,
    dataDir,
    mediaDir,
    redisUrl,
    redisPrefix,
    tokenKey,
    oldTokenKeys,
    sessionSecret,
    adminPassword,
    allowedOrigins,
    feedTtlSeconds: int('FEED_TTL_SECONDS', 3600, 10, 7 * 86_400),
    tokenRefreshWindowDays: int('TOKEN_REFRESH_WINDOW_DAYS', 7, 1, 59),
    notifyWebhookUrl: webhook,
    smtpUrl,
    notifyEmail,
    mediaMode: mediaModeRaw === 'direct' ? 'direct' : 'mirror',
    mediaMirrorVideos: bool('MEDIA_MIRROR_VIDEOS'),
    mediaCacheMaxMb: int('MEDIA_CACHE_MAX_MB', 1024, 16, 1_048_576),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    requestTimeoutMs: int('REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    trustProxy: text('TRUST_PROXY'),
    allowedHosts,
    feedCacheMaxMb: int('FEED_CACHE_MAX_MB', 128, 8, 65_536),
    logFormat: logFormat === 'json' ? 'json' : 'text',
    logLevel: isLevel(logLevel) ? logLevel : 'info',
    metricsToken,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
