// The moderation screen's requests: the curation document (GET/PUT) and every post of an account
// (`?all=1`, paged to the end). Admin routes, so never from the browser's cache.
import type { ErrorEnvelope, Feed, Media } from '../widget/contract.js';
import { type Curation, toCuration } from './curation.js';

/** Enough pages for 5,000 posts: beyond that the screen would be no use anyway. */
const MAX_PAGES = 50;

/** A failed request; `field` names the input at fault when the server says which (`links.123.url`). */
export class CurationRequestError extends Error {
  override name = 'CurationRequestError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  /** The message to show next to the field, which need not name it again ("links.123.url: must start with https://"). */
  get fieldMessage(): string {
    const text = this.field && this.message.startsWith(`${this.field}: `) ? this.message.slice(this.field.length + 2) : this.message;
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { cache: 'no-store', ...init, headers: { accept: 'application/json', ...init.headers } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as Partial<ErrorEnvelope> | null)?.error;
    throw new CurationRequestError(error?.message ?? `The server answered ${response.status}.`, error?.field);
  }
  return body as T;
}

const curationPath = (accountId: string) => `/api/accounts/${encodeURIComponent(accountId)}/curation`;

export async function getCuration(accountId: string): Promise<Curation> {
  return toCuration(await request<Partial<Curation>>(curationPath(accountId)));
}

/** Replaces the document; answers what the server stored (it normalizes rules). */
export async function putCuration(accountId: string, curation: Curation): Promise<Curation> {
  const init = { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(curation) };
  return toCuration(await request<Partial<Curation>>(curationPath(accountId), init));
}

/**
 * Every post of an account, hidden ones included, newest first (the server lists pins first; the screen
 * orders pins itself). `progress` hears the running count and answers false to stop paging.
 */
export async function getAllPosts(username: string, progress: (count: number) => boolean): Promise<Media[]> {
  const posts = new Map<string, Media>();
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ all: '1', limit: '100' });
    if (after) query.set('after', after);
    const feed: Feed = await request<Feed>(`/api/feeds/${encodeURIComponent(username)}?${query}`);
    for (const post of feed.media) posts.set(post.id, post);
    after = feed.paging.next;
    if (!after || !progress(posts.size)) break;
  }
  return [...posts.values()].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
}
