import type { ErrorEnvelope, Feed, Media } from './contract.js';
import { MEDIA_TYPES } from './options.js';

/** What one page request needs. */
export interface FeedRequest {
  /** Base URL of the companion server, e.g. `https://feeds.example.com` (a path prefix is kept). */
  server: string;
  /** Username or Instagram user id, or 2 to 10 of them comma separated (a merged feed). */
  account: string;
  /** Posts per page, 1..100. */
  limit: number;
  /** `paging.next` of the previous page. */
  after?: string | null;
  signal?: AbortSignal;
}

/**
 * Thrown by {@link fetchFeed} when the server answers with a non-OK status, when the network fails
 * (`status` 0, the original error in `cause`), or when a 200 body is not a Feed (`code`
 * `invalid_response`). `code` is the server's snake_case error code when it sent one. The widget does
 * not retry on its own: the user can press Retry. An aborted request is not wrapped: its `AbortError`
 * passes through unchanged.
 */
export class FeedRequestError extends Error {
  override name = 'FeedRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The feed URL for a request: `${server}/api/feeds/${account}?limit=N[&after=cursor]`; a merged feed's commas stay as they are. */
export function feedUrl({ server, account, limit, after }: FeedRequest): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (after) query.set('after', after);
  return `${server.replace(/\/+$/, '')}/api/feeds/${account.split(',').map(encodeURIComponent).join()}?${query}`;
}

/** Fetches and shape-checks one page of an account's feed. */
export async function fetchFeed(request: FeedRequest): Promise<Feed> {
  const url = feedUrl(request);
  let response: Response;
  try {
    response = await fetch(url, { signal: request.signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new FeedRequestError(0, 'network_error', 'The feed server could not be reached.', { cause: error });
  }
  const body: unknown = await response.json().catch(error => {
    if (isAbortError(error)) throw error;
    return undefined;
  });
  if (!response.ok) {
    const { code, message } = (body as Partial<ErrorEnvelope> | undefined)?.error ?? {};
    throw new FeedRequestError(
      response.status,
      typeof code === 'string' ? code : 'http_error',
      typeof message === 'string' ? message : `The feed server answered with status ${response.status}.`,
    );
  }
  const feed = toFeed(body);
  if (!feed) {
    throw new FeedRequestError(response.status, 'invalid_response', 'The feed server sent an unexpected response.');
  }
  return feed;
}

/** True for the error `fetch` rejects with after `AbortController.abort()`. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null;

function isMedia(m: unknown): m is Loose {
  return isObject(m) && typeof m.id === 'string' && typeof m.permalink === 'string' && (MEDIA_TYPES as readonly unknown[]).includes(m.type);
}

// Only what rendering relies on is checked; posts of unknown types (from a newer server) are dropped,
// so one odd post never blanks the whole feed.
function toFeed(body: unknown): Feed | undefined {
  if (!isObject(body) || !isObject(body.account) || typeof body.account.username !== 'string') return undefined;
  if (!Array.isArray(body.media)) return undefined;
  const media = body.media.filter(isMedia).map(m => ({
    ...m,
    caption: typeof m.caption === 'string' ? m.caption : '',
    children: Array.isArray(m.children) ? m.children.filter(c => isObject(c) && ['image', 'video'].includes(c.type as string)) : [],
  })) as unknown as Media[];
  const next = isObject(body.paging) && typeof body.paging.next === 'string' ? body.paging.next : null;
  return { ...(body as unknown as Feed), media, paging: { next }, stale: body.stale === true };
}
