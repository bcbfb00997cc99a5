import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

const KEY = randomBytes(32).toString('base64');

describe('loadConfig', () => {
  it('runs in demo mode with no variables at all, with the documented defaults', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      demoMode: true,
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      dataDir: '/srv/app/data',
      tokenKey: undefined,
      adminPassword: undefined,
      allowedOrigins: '*',
      feedTtlSeconds: 3600,
      tokenRefreshWindowDays: 7,
      mediaMode: 'mirror',
      mediaMirrorVideos: false,
      mediaCacheMaxMb: 1024,
    });
    expect(config.instagram).toMatchObject({
      redirectUri: 'http://localhost:3000/instagram/callback',
      scopes: ['instagram_business_basic'],
      authorizeUrl: 'https://www.instagram.com/oauth/authorize',
      apiUrl: 'https://api.instagram.com',
      graphUrl: 'https://graph.instagram.com',
      apiVersion: 'v23.0',
      timeoutMs: 10_000,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      INSTAGRAM_CLIENT_ID: '1234567890',
      INSTAGRAM_CLIENT_SECRET: 'secret',
      INSTAGRAM_REDIRECT_URI: 'https://feeds.example.com/cb',
      INSTAGRAM_SCOPES: 'instagram_business_basic,instagram_business_manage_insights',
      INSTAGRAM_API_VERSION: 'v25.0',
      PORT: '8080',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://feeds.example.com/',
      DATA_DIR: '/var/lib/igfeed',
      TOKEN_ENCRYPTION_KEY: KEY,
      TOKEN_ENCRYPTION_KEYS_OLD: `${randomBytes(32).toString('base64')}, ${randomBytes(32).toString('base64')}`,
      SESSION_SECRET: 'a-long-session-secret',
      ADMIN_PASSWORD: 'pw',
      ALLOWED_ORIGINS: 'https://a.example, https://b.example/',
      FEED_TTL_SECONDS: '600',
      INSTAGRAM_TIMEOUT_MS: '5000',
      TOKEN_REFRESH_WINDOW_DAYS: '10',
      NOTIFY_WEBHOOK_URL: 'https://hooks.example/x',
      SMTP_URL: 'smtp://mail.example:25',
      NOTIFY_EMAIL: 'me@example.com',
      MEDIA_MODE: 'direct',
      MEDIA_MIRROR_VIDEOS: 'true',
      MEDIA_CACHE_MAX_MB: '256',
      ALLOWED_HOSTS: 'Feeds.Example.com, admin.example.com:8443, 192.0.2.7:80',
      FEED_CACHE_MAX_MB: '64',
    });
    expect(config.allowedHosts).toEqual(['feeds.example.com', 'admin.example.com:8443', '192.0.2.7']);
    expect(config.feedCacheMaxMb).toBe(64);
    expect(config.demoMode).toBe(false);
    expect(config.publicUrl).toBe('https://feeds.example.com');
    expect(config.instagram.scopes).toEqual(['instagram_business_basic', 'instagram_business_manage_insights']);
    expect(config.tokenKey!.length).toBe(32);
    expect(config.oldTokenKeys).toHaveLength(2);
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      feedTtlSeconds: 600,
      tokenRefreshWindowDays: 10,
      mediaMode: 'direct',
      mediaMirrorVideos: true,
      mediaCacheMaxMb: 256,
    });
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ INSTAGRAM_CLIENT_ID: '1234567890', PORT: 'eighty', FEED_TTL_SECONDS: '-5', MEDIA_MODE: 'cdn', INSTAGRAM_GRAPH_URL: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['INSTAGRAM_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY', 'SESSION_SECRET', 'PORT', 'FEED_TTL_SECONDS', 'MEDIA_MODE', 'INSTAGRAM_GRAPH_URL']) {
      expect(message).toContain(name);
    }
    expect((error as ConfigError).problems).toHaveLength(7);
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => loadConfig({ TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/TOKEN_ENCRYPTION_KEY must be 32 random bytes/);
  });

  it('refuses to run outside demo mode without ADMIN_PASSWORD unless only this machine can reach it', () => {
    const production = { INSTAGRAM_CLIENT_ID: '1234567890', INSTAGRAM_CLIENT_SECRET: 's', TOKEN_ENCRYPTION_KEY: KEY, SESSION_SECRET: 'a-long-session-secret' };
    const exposed = [
      { HOST: '0.0.0.0' },
      { HOST: '::' },
      { HOST: '192.0.2.10' },
      // Bound to loopback behind a reverse proxy (nginx's plain proxy_pass): every visitor looks local.
      { PUBLIC_URL: 'https://feeds.example.com' },
    ];
    for (const env of exposed) {
      let error: unknown;
      try {
        loadConfig({ ...production, ...env });
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(env)).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^ADMIN_PASSWORD is required: .*reverse proxy.*Set ADMIN_PASSWORD/)]);
    }
    for (const env of [
      {},
      { HOST: '127.0.0.1', PUBLIC_URL: 'http://127.0.0.1:3000' },
      { HOST: '::1', PUBLIC_URL: 'http://[::1]:3000' },
      { HOST: 'localhost' },
    ]) {
      expect(loadConfig({ ...production, ...env }).adminPassword, JSON.stringify(env)).toBeUndefined();
    }
    expect(loadConfig({ ...production, HOST: '0.0.0.0', PUBLIC_URL: 'https://feeds.example.com', ADMIN_PASSWORD: 'a long password' }).host).toBe('0.0.0.0');
    // Demo mode keeps working anywhere (the emulator's accounts are not real).
    expect(loadConfig({ HOST: '0.0.0.0' }).demoMode).toBe(true);
  });

  it('reads LOG_FORMAT and LOG_LEVEL: text and info by default, any case accepted', () => {
    expect(loadConfig({})).toMatchObject({ logFormat: 'text', logLevel: 'info' });
    expect(loadConfig({ LOG_FORMAT: 'json', LOG_LEVEL: 'debug' })).toMatchObject({ logFormat: 'json', logLevel: 'debug' });
    expect(loadConfig({ LOG_FORMAT: ' JSON ', LOG_LEVEL: 'Warn' })).toMatchObject({ logFormat: 'json', logLevel: 'warn' });
    expect(loadConfig({ LOG_FORMAT: 'text', LOG_LEVEL: 'error' })).toMatchObject({ logFormat: 'text', logLevel: 'error' });
  });

  it('names a bad LOG_FORMAT and LOG_LEVEL in the one error', () => {
    let error: unknown;
    try {
      loadConfig({ LOG_FORMAT: 'logfmt', LOG_LEVEL: 'verbose', PORT: 'eighty' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^PORT /),
      'LOG_FORMAT must be text or json (got "logfmt")',
      'LOG_LEVEL must be debug, info, warn or error (got "verbose")',
    ]);
  });

  it('names a bad ALLOWED_HOSTS entry', () => {
    for (const bad of ['https://feeds.example.com', 'feeds.example.com/admin', 'user@feeds.example.com', 'a b']) {
      expect(() => loadConfig({ ALLOWED_HOSTS: `ok.example, ${bad}` }), bad).toThrow(/ALLOWED_HOSTS must be a comma-separated list of host names/);
    }
  });
  it('reads METRICS_TOKEN: unset by default, a blank value counts as unset', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: '   ' }).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: ' 0123456789abcdef0123456789abcdef ' }).metricsToken).toBe('0123456789abcdef0123456789abcdef');
    expect(loadConfig({ METRICS_TOKEN: 'Zm9vYmFyLWJhei1xdXV4LTEyMw==' }).metricsToken).toBe('Zm9vYmFyLWJhei1xdXV4LTEyMw==');
  });

  it('names a METRICS_TOKEN that is short or has characters a Bearer header cannot carry, without echoing it', () => {
    for (const bad of ['too-short-token', 'sixteen chars and spaces', 'sixteen-characters-ünïcödé', 'token,with,commas,123']) {
      let error: unknown;
      try {
        loadConfig({ METRICS_TOKEN: bad });
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^METRICS_TOKEN must be at least 16 characters of A-Z/)]);
      expect((error as ConfigError).message).not.toContain(bad);
    }
  });
});
