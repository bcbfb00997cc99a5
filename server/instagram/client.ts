// The Instagram API with Instagram Login: OAuth code exchange (api.instagram.com), token exchange and
// refresh and Graph reads (graph.instagram.com). undici `request()` on the global dispatcher, so tests
// intercept it with nock. Knows nothing of Express, storage or caching; observers (the metrics) hear of
// every call by endpoint name and outcome, never its URL.
import { request } from 'undici';
import type { InstagramConfig } from '../config.js';
import { redact } from '../runtime/logger.js';
import { InstagramApiError, RATE_LIMIT_CODES } from './api-error.js';
import { InstagramAuthError } from './auth-error.js';
import { callOutcome, type InstagramCall, type InstagramCallOutcome, type InstagramEndpoint } from './calls.js';
import { finite, text } from './coerce.js';
import { InstagramMalformedResponseError } from './malformed-response-error.js';
import { InstagramNetworkError } from './network-error.js';
import { InstagramRateLimitError } from './rate-limit-error.js';
import type { CodeGrant, GraphMedia, GraphProfile, MediaPage, TokenGrant } from './types.js';
import { parseUsage, type Usage } from './usage.js';

export const PROFILE_FIELDS = 'id,user_id,username,name,account_type,profile_picture_url,followers_count,follows_count,media_count,biography,website';
export const MEDIA_FIELDS =
  'id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,shortcode,timestamp,like_count,comments_count,alt_text,' +
  'children{id,media_type,media_url,thumbnail_url,alt_text}';

export interface CallOptions {
  /** Receives the quota headers of the response (also of error responses). */
  onUsage?: (usage: Usage) => void;
  signal?: AbortSignal;
}

interface RequestSpec {
  endpoint: InstagramEndpoint;
  method: 'GET' | 'POST';
  base: string;
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
}

export class InstagramClient {
  readonly #config: InstagramConfig;
  readonly #observers = new Set<(call: InstagramCall) => void>();

  constructor(config: InstagramConfig) {
    this.#config = config;
  }

  /** Tells `observer` of every call once it has ended (the metrics); returns a function that stops that. */
  observe(observer: (call: InstagramCall) => void): () => void {
    this.#observers.add(observer);
    return () => void this.#observers.delete(observer);
  }

  /** The consent URL for one `state`. */
  authorizeUrl(state: string): string {
    const url = new URL(this.#config.authorizeUrl);
    url.searchParams.set('client_id', this.#config.clientId);
    url.searchParams.set('redirect_uri', this.#config.redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', this.#config.scopes.join(','));
    url.searchParams.set('state', state);
    return url.toString();
  }

  /** Code -> short-lived token. Accepts the flat and the documented `{data:[...]}` shapes. */
  async exchangeCode(code: string, options: CallOptions = {}): Promise<CodeGrant> {
    const spec: RequestSpec = {
      endpoint: 'oauth_token',
      method: 'POST',
      base: this.#config.apiUrl,
      path: '/oauth/access_token',
      form: {
        client_id: this.#config.clientId,
        client_secret: this.#config.clientSecret,
        grant_type: 'authorization_code',
        redirect_uri: this.#config.redirectUri,
        code,
      },
    };
    return this.#call(spec, options, body => {
      const grant = (Array.isArray(body.data) ? body.data[0] : body) as Record<string, unknown> | undefined;
      const accessToken = grant?.access_token;
      if (typeof accessToken !== 'string' || accessToken === '') {
        throw new InstagramMalformedResponseError('POST', '/oauth/access_token', 'Instagram answered the code exchange without an access token');
      }
      const permissions = Array.isArray(grant?.permissions)
        ? grant.permissions.map(String)
        : typeof grant?.permissions === 'string'
          ? grant.permissions
              .split(',')
              .map(p => p.trim())
              .filter(Boolean)
          : [];
      const userId = grant?.user_id === undefined || grant.user_id === null ? null : String(grant.user_id);
      return { accessToken, userId, permissions };
    });
  }

  /** Short-lived (1 h) -> long-lived (60 days) token. */
  async exchangeForLongLivedToken(shortLivedToken: string, options: CallOptions = {}): Promise<TokenGrant> {
    const query = { grant_type: 'ig_exchange_token', client_secret: this.#config.clientSecret, access_token: shortLivedToken };
    const spec: RequestSpec = { endpoint: 'exchange_token', method: 'GET', base: this.#config.graphUrl, path: '/access_token', query };
    return this.#call(spec, options, body => toTokenGrant(body, '/access_token'));
  }

  /** Another 60 days for a long-lived token that is at least 24 h old and unexpired. */
  async refreshToken(token: string, options: CallOptions = {}): Promise<TokenGrant> {
    const query = { grant_type: 'ig_refresh_token', access_token: token };
    const spec: RequestSpec = { endpoint: 'refresh_access_token', method: 'GET', base: this.#config.graphUrl, path: '/refresh_access_token', query };
    return this.#call(spec, options, body => toTokenGrant(body, '/refresh_access_token'));
  }

  async getProfile(token: string, options: CallOptions = {}): Promise<GraphProfile> {
    const path = `/${this.#config.apiVersion}/me`;
    const spec: RequestSpec = { endpoint: 'me', method: 'GET', base: this.#config.graphUrl, path, query: { fields: PROFILE_FIELDS, access_token: token } };
    // Meta's docs show `{data:[{...}]}`; real responses are flat. Accept both.
    return this.#call(spec, options, body => (Array.isArray(body.data) ? (body.data[0] ?? {}) : body) as GraphProfile);
  }

  /** One page of the account's media, newest first, carousel children expanded in the same request. */
  async listMedia(token: string, page: { limit: number; after?: string | null }, options: CallOptions = {}): Promise<MediaPage> {
    const query: Record<string, string> = { fields: MEDIA_FIELDS, limit: String(page.limit), access_token: token };
    if (page.after) query.after = page.after;
    const path = `/${this.#config.apiVersion}/me/media`;
    return this.#call({ endpoint: 'media', method: 'GET', base: this.#config.graphUrl, path, query }, options, body => {
      if (!Array.isArray(body.data)) throw new InstagramMalformedResponseError('GET', path, 'Instagram answered without a media list');
      const paging = (body.paging ?? {}) as { next?: unknown; cursors?: { after?: unknown } };
      const after = typeof paging.next === 'string' && typeof paging.cursors?.after === 'string' ? paging.cursors.after : null;
      return { data: body.data as GraphMedia[], after };
    });
  }

  /** One post by id (a pinned post older than the cached pages), with the same fields as {@link listMedia}. */
  async getMedia(token: string, mediaId: string, options: CallOptions = {}): Promise<GraphMedia> {
    if (!/^\d+$/.test(mediaId)) throw new Error('Media ids are numeric');
    const path = `/${this.#config.apiVersion}/${mediaId}`;
    return this.#call(
      { endpoint: 'media_by_id', method: 'GET', base: this.#config.graphUrl, path, query: { fields: MEDIA_FIELDS, access_token: token } },
      options,
      body => {
        if (typeof body.id !== 'string' && typeof body.id !== 'number')
          throw new InstagramMalformedResponseError('GET', path, 'Instagram answered without a media id');
        return body as GraphMedia;
      },
    );
  }

  /** Sends the request and reads the answer with `read`; observers hear of the outcome, `read`'s errors included. */
  async #call<T>(spec: RequestSpec, options: CallOptions, read: (body: Record<string, unknown>) => T): Promise<T> {
    const started = performance.now();
    let outcome: InstagramCallOutcome = 'ok';
    try {
      return read(await this.#send(spec, options));
    } catch (error) {
      outcome = callOutcome(error);
      throw error;
    } finally {
      if (this.#observers.size > 0) {
        const call: InstagramCall = { endpoint: spec.endpoint, outcome, seconds: (performance.now() - started) / 1000 };
        for (const observer of this.#observers) observer(call);
      }
    }
  }

  async #send(spec: RequestSpec, options: CallOptions): Promise<Record<string, unknown>> {
    const url = new URL(spec.base + spec.path);
    for (const [name, value] of Object.entries(spec.query ?? {})) url.searchParams.set(name, value);
    const timeout = AbortSignal.timeout(this.#config.timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await request(url, {
        method: spec.method,
        headers: spec.form ? { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' } : { accept: 'application/json' },
        body: spec.form ? new URLSearchParams(spec.form).toString() : undefined,
        signal,
        headersTimeout: this.#config.timeoutMs,
        bodyTimeout: this.#config.timeoutMs,
      });
      status = response.statusCode;
      headers = response.headers;
      text = await response.body.text();
    } catch (error) {
      // undici's own errors carry no URL, but rebuild the message anyway: a cause must never hold a token.
      const reason = timeout.aborted ? `timed out after ${this.#config.timeoutMs} ms` : redact(describe(error));
      throw new InstagramNetworkError(spec.method, spec.path, `Instagram request failed (${reason}): ${spec.method} ${spec.path}`);
    }
    const usage = parseUsage(headers);
    if (usage) options.onUsage?.(usage);
    const body = parseBody(text);
    if (status >= 400 || (body && typeof body.error === 'object' && body.error !== null) || (body && 'error_type' in body)) {
      // Instagram sometimes echoes what it was sent; scrub every secret of this request from its text.
      const secrets = [spec.query?.access_token, spec.query?.client_secret, spec.form?.client_secret, spec.form?.code];
      throw toApiError(
        spec,
        status,
        body,
        usage,
        secrets.filter((s): s is string => s !== undefined),
      );
    }
    if (!body) {
      throw new InstagramMalformedResponseError(
        spec.method,
        spec.path,
        `Instagram sent a response that is not JSON (status ${status}): ${spec.method} ${spec.path}`,
      );
    }
    return body;
  }
}

/** JSON.parse, except that integer ids longer than 15 digits are read as strings (they exceed 2^53). */
export function parseBody(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text.replace(/("(?:user_id|id)"\s*:\s*)(\d{16,})/g, '$1"$2"'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function toTokenGrant(body: Record<string, unknown>, path: string): TokenGrant {
  const accessToken = body.access_token;
  const expiresIn = Number(body.expires_in);
  if (typeof accessToken !== 'string' || accessToken === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new InstagramMalformedResponseError('GET', path, `Instagram answered without a token or expiry: GET ${path}`);
  }
  return { accessToken, expiresIn };
}

function toApiError(spec: RequestSpec, status: number, body: Record<string, unknown> | undefined, usage: Usage | undefined, secrets: string[]) {
  const graph = (body?.error && typeof body.error === 'object' ? body.error : undefined) as Record<string, unknown> | undefined;
  const detail = text(graph?.message ?? body?.error_message);
  const fields = {
    status,
    code: finite(graph?.code ?? body?.code),
    subcode: finite(graph?.error_subcode),
    type: text(graph?.type ?? body?.error_type),
    fbtraceId: text(graph?.fbtrace_id),
    detail: detail === null ? null : redact(detail, secrets),
    usage,
  };
  if (fields.code === 190) return new InstagramAuthError(spec.method, spec.path, fields);
  if ((fields.code !== null && RATE_LIMIT_CODES.has(fields.code)) || status === 429) {
    return new InstagramRateLimitError(spec.method, spec.path, fields);
  }
  return new InstagramApiError(spec.method, spec.path, fields);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : error.message;
  }
  return String(error);
}
