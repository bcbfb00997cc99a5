// Feed JSON fixtures (contract v1 and the second round's fields) and a fetch stub for the widget tests.
// Images are solid SVGs from the test server (web-test-runner.config.mjs), so no test leaves it; absolute
// http URLs, because the widget renders no other kind. `servedImage` asks for one that arrives late.
import { waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { Feed, Media, MediaChild, Profile } from '../../widget/contract.js';

/** A solid `color` (`#rrggbb`) image of the given size; `label` only makes the URL unique. */
export function svgImage(width: number, height: number, color: string, label = ''): string {
  const query = label ? `?label=${encodeURIComponent(label)}` : '';
  return `${location.origin}/__test-image/${width}x${height}/${color.replace('#', '')}.svg${query}`;
}

/** An image from the test server that arrives after `delay` ms. */
export function servedImage(width: number, height: number, color: string, delay = 0): string {
  return `${location.origin}/__test-image/${width}x${height}/${color.replace('#', '')}.svg?delay=${delay}`;
}

/** A URL that fails to load as an image (it is JSON) without a console message. */
export const BROKEN_IMAGE = `${location.origin}/package.json`;

/** A video URL that fails to play (it is an SVG) without leaving the test server. */
export const VIDEO_URL = `${location.origin}/__test-image/2x2/000000.svg?video`;

export const profile: Profile = {
  id: '17841400000000001',
  username: 'acme.studio',
  name: 'Acme Studio',
  profilePictureUrl: svgImage(160, 160, '#c2410c', 'A'),
  followersCount: 12400,
  followsCount: 321,
  mediaCount: 248,
  biography: 'Small-batch ceramics from Lisbon.\nNew drops every Friday.',
  website: 'https://www.acme.example/shop',
  profileUrl: 'https://www.instagram.com/acme.studio/',
};

/** Two more accounts, for merged feeds (`account="acme.studio,kiln.friends,north.shore"`). */
export const otherProfiles: Profile[] = [
  {
    ...profile,
    id: '17841400000000002',
    username: 'kiln.friends',
    name: 'Kiln Friends',
    profilePictureUrl: svgImage(160, 160, '#0f766e', 'K'),
    profileUrl: 'https://www.instagram.com/kiln.friends/',
  },
  // No picture: the avatar shows the initial.
  { ...profile, id: '17841400000000003', username: 'north.shore', name: null, profilePictureUrl: null, profileUrl: 'https://www.instagram.com/north.shore/' },
];

let serial = 0;

/** A post with sensible defaults; `overrides` win. */
export function post(overrides: Partial<Media> = {}): Media {
  serial += 1;
  const id = overrides.id ?? `m${serial}`;
  return {
    id,
    type: 'image',
    caption: `Post ${id} #ceramics with @friend`,
    altText: null,
    permalink: `https://www.instagram.com/p/${id}/`,
    timestamp: '2025-01-15T10:30:00.000Z',
    likeCount: 1520,
    commentsCount: 12,
    mediaUrl: svgImage(1080, 1080, '#0f766e', id),
    thumbnailUrl: null,
    children: [],
    username: profile.username,
    hashtags: ['ceramics'],
    mentions: ['friend'],
    pinned: false,
    link: null,
    ...overrides,
  };
}

function child(id: string, type: MediaChild['type'], color: string): MediaChild {
  const url = svgImage(1080, 1350, color, id);
  return type === 'image'
    ? { id, type, mediaUrl: url, thumbnailUrl: null, altText: `Slide ${id}`, width: 1080, height: 1350 }
    : { id, type, mediaUrl: VIDEO_URL, thumbnailUrl: url, altText: null, width: 1080, height: 1350 };
}

/** One post of every kind the contract allows, newest first. */
export const media = {
  image: post({
    id: 'image',
    caption: 'Glazing day.\nThree new colours for spring #ceramics #handmade @kiln.friends',
    hashtags: ['ceramics', 'handmade'],
    mentions: ['kiln.friends'],
    altText: 'Three glazed bowls on a wooden table',
    mediaUrl: svgImage(1080, 1350, '#b45309', 'image'),
    width: 1080,
    height: 1350,
    color: '#b45309',
    sources: [
      { width: 640, height: 800, url: svgImage(640, 800, '#b45309', 'webp'), type: 'image/webp' },
      { width: 320, height: 400, url: svgImage(320, 400, '#b45309', 'webp'), type: 'image/webp' },
      { width: 640, height: 800, url: svgImage(640, 800, '#b45309', 'jpeg'), type: 'image/jpeg' },
    ],
  }),
  video: post({
    id: 'video',
    type: 'video',
    caption: 'Throwing a vase, start to finish',
    mediaUrl: VIDEO_URL,
    thumbnailUrl: svgImage(1080, 1080, '#1d4ed8', 'video'),
  }),
  reel: post({
    id: 'reel',
    type: 'reel',
    caption: 'Kiln opening 🔥',
    mediaUrl: VIDEO_URL,
    thumbnailUrl: svgImage(1080, 1920, '#7c3aed', 'reel'),
    width: 1080,
    height: 1920,
  }),
  carousel: post({
    id: 'carousel',
    type: 'carousel',
    caption: 'The spring collection, five ways',
    mediaUrl: svgImage(1080, 1350, '#be123c', 'c1'),
    children: [
      child('c1', 'image', '#be123c'),
      child('c2', 'video', '#9f1239'),
      child('c3', 'image', '#881337'),
      child('c4', 'image', '#4c0519'),
      child('c5', 'video', '#e11d48'),
    ],
  }),
  hiddenCounts: post({ id: 'hidden', likeCount: null, commentsCount: null, caption: 'Likes hidden on this one' }),
  noCaption: post({ id: 'nocaption', caption: '', mediaUrl: svgImage(1080, 1080, '#334155', 'quiet') }),
  posterOnly: post({
    id: 'poster',
    type: 'video',
    caption: 'Music video (copyrighted audio)',
    mediaUrl: null,
    thumbnailUrl: svgImage(1080, 1080, '#0369a1', 'poster'),
  }),
  unavailable: post({ id: 'gone', type: 'video', caption: 'Only on Instagram', mediaUrl: null, thumbnailUrl: null }),
} satisfies Record<string, Media>;

/** A Feed around `items`. */
export function feed(items: Media[], next: string | null = null, extra: Partial<Feed> = {}): Feed {
  return { account: profile, media: items, paging: { next }, fetchedAt: '2025-01-16T08:00:00.000Z', stale: false, ...extra };
}

/** A merged feed (`GET /api/feeds/a,b,c`): `account` is the first of `accounts`. */
export function mergedFeed(items: Media[], accounts: Profile[] = [profile, ...otherProfiles], next: string | null = null): Feed {
  return feed(items, next, { account: accounts[0], accounts });
}

/** `count` plain image posts, e.g. for paging and layout tests. */
export function imagePosts(count: number, prefix = 'p', image = (i: number) => svgImage(1080, 1080, '#475569', `${prefix}${i}`)): Media[] {
  return Array.from({ length: count }, (_, i) => post({ id: `${prefix}${i + 1}`, mediaUrl: image(i + 1) }));
}

/** Every kind of post, in one feed. */
export const mixedFeed = feed(Object.values(media));

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** What a fetch stub answers: a Feed, a Response, or a function of the URL and its signal. */
export type Answer = Feed | Response | ((url: URL, signal: AbortSignal | undefined) => Response | Promise<Response>);

/**
 * Replaces `window.fetch`: `answer(url)` picks the reply for each request (restored by
 * `sinon.restore()` in `afterEach`). Returns the stub, so tests can read calls and signals.
 */
export function stubFetch(answer: (url: URL) => Answer): sinon.SinonStub {
  return sinon.stub(window, 'fetch').callsFake(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), location.href);
    const reply = answer(url);
    if (typeof reply === 'function') return reply(url, init?.signal ?? undefined);
    return reply instanceof Response ? reply : json(reply);
  });
}

/**
 * A reply that settles only when the test says so. Like fetch it rejects with an AbortError when aborted,
 * unless `ignoreAbort` (a server that answers anyway, to prove the widget drops stale answers itself).
 */
export function deferred({ ignoreAbort = false } = {}): { answer: Answer; resolve(body: Feed): void; signal(): AbortSignal | undefined } {
  let resolve!: (response: Response) => void;
  let seen: AbortSignal | undefined;
  const answer: Answer = (_url, signal) => {
    seen = signal;
    return new Promise<Response>((done, fail) => {
      resolve = done;
      if (!ignoreAbort) signal?.addEventListener('abort', () => fail(new DOMException('The operation was aborted.', 'AbortError')));
    });
  };
  return { answer, resolve: body => resolve(json(body)), signal: () => seen };
}

/** Elements in `el`'s shadow root whose `part` includes `name`. */
export function parts<T extends Element = HTMLElement>(el: Element, name: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(`[part~="${name}"]`)];
}

/** The first such element (fails the test when there is none). */
export function part<T extends Element = HTMLElement>(el: Element, name: string): T {
  const found = el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part "${name}"`);
  return found;
}

/** Resolves once the element shows posts (every tile of them, see `getUpdateComplete`), the empty state or the error state. */
export async function settled(el: Element): Promise<void> {
  // A generous timeout: the first test of a file also loads the lazy modules, on a machine that may be busy.
  await waitUntil(() => el.shadowRoot?.querySelector('[part~="list"], [part~="empty"], [part~="error"]'), 'the feed never settled', { timeout: 4000 });
  await (el as Element & { updateComplete?: Promise<unknown> }).updateComplete;
}

/** The next `type` event on `el`, typed by the element's event map (oneEvent types it as CustomEvent). */
export function nextEvent<K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K): Promise<HTMLElementEventMap[K]> {
  return new Promise(resolve => el.addEventListener(type, resolve as EventListener, { once: true }));
}
