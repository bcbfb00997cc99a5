import { LENA_POSTS, NORTHSHORE_POSTS, SAM_POSTS } from './fixture-posts.js';
import type { PostSpec } from './fixture-posts.js';

// Everything here is derived from fixed seeds, so ids, dates and counts are identical on every start: a server that
// stored a media id or a token yesterday still finds it after the emulator restarts.

export type AccountType = 'BUSINESS' | 'MEDIA_CREATOR' | 'PERSONAL';

/** A carousel item. */
export interface FixtureChild {
  id: string;
  mediaType: 'IMAGE' | 'VIDEO';
  shortcode: string;
  /** The still, or the video's poster (served as `thumbnail_url`). */
  image: string;
  video?: string;
  altText?: string;
}

/** One post of a fixture account, as the emulator stores it. */
export interface FixtureMedia {
  id: string;
  mediaType: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  mediaProductType: 'FEED' | 'REELS';
  shortcode: string;
  /** Epoch milliseconds. */
  timestamp: number;
  caption?: string;
  altText?: string;
  /** Absent when the owner hid like counts. */
  likeCount?: number;
  commentsCount: number;
  isCommentEnabled: boolean;
  image: string;
  video?: string;
  /** `media_url` is omitted (reel with copyrighted audio). */
  copyrighted: boolean;
  isSharedToFeed?: boolean;
  children: FixtureChild[];
}

/** A fixture Instagram account with its posts, newest first. */
export interface FixtureAccount {
  /** Instagram-app-scoped user id: 17 digits, above 2^53, so `JSON.parse` of the unquoted number loses it. */
  id: string;
  /** The professional account id (`IG_ID`, 1784…), as returned by `/me?fields=user_id`. */
  userId: string;
  username: string;
  name: string;
  accountType: AccountType;
  biography: string;
  website?: string;
  followersCount: number;
  followsCount: number;
  profilePicture: string;
  media: FixtureMedia[];
}

// mulberry32: tiny, seedable, good enough to spread ids and dates.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SHORTCODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

function builder(seed: number) {
  const random = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
  return {
    int,
    mediaId: () => `1${int(7, 8)}${int(0, 9)}${digits(14)}`,
    shortcode: () => `D${Array.from({ length: 10 }, () => SHORTCODE_ALPHABET[int(0, 63)]).join('')}`,
  };
}

/** Posts with ids, dates and counts derived from `seed`, newest first (also used by bench-account.ts). */
export function buildMedia(specs: PostSpec[], seed: number, newest: string, followers: number): FixtureMedia[] {
  const b = builder(seed);
  let at = Date.parse(newest);
  return specs.map((spec, index) => {
    if (index > 0) at -= b.int(2, 5) * 86_400_000 + b.int(-300, 300) * 60_000;
    const children: FixtureChild[] = (spec.children ?? []).map(child => ({
      id: b.mediaId(),
      mediaType: child.video ? 'VIDEO' : 'IMAGE',
      shortcode: b.shortcode(),
      image: child.image,
      ...(child.video ? { video: child.video } : {}),
      ...(child.alt && !child.video ? { altText: child.alt } : {}),
    }));
    const first = children[0];
    const isVideo = spec.kind === 'video' || spec.kind === 'reel';
    const likes = b.int(Math.round(followers * 0.01), Math.round(followers * 0.08));
    return {
      id: b.mediaId(),
      mediaType: spec.kind === 'carousel' ? 'CAROUSEL_ALBUM' : isVideo ? 'VIDEO' : 'IMAGE',
      mediaProductType: spec.kind === 'reel' ? 'REELS' : 'FEED',
      shortcode: b.shortcode(),
      timestamp: at,
      ...(spec.caption !== undefined ? { caption: spec.caption } : {}),
      ...(spec.alt && spec.kind === 'image' ? { altText: spec.alt } : {}),
      ...(spec.likes === null ? {} : { likeCount: spec.likes ?? likes }),
      commentsCount: b.int(0, 60),
      isCommentEnabled: index % 9 !== 4,
      image: spec.image ?? first?.image ?? '',
      ...(spec.video ? { video: spec.video } : first?.video ? { video: first.video } : {}),
      copyrighted: spec.copyrighted === true,
      ...(spec.kind === 'reel' ? { isSharedToFeed: spec.notSharedToFeed !== true } : {}),
      children,
    };
  });
}

/** The fixture accounts: one Business, one Creator, and one personal account that servers must refuse. */
export const FIXTURE_ACCOUNTS: readonly FixtureAccount[] = [
  {
    id: '26914583027716433',
    userId: '17841405793187218',
    username: 'northshore.coffee',
    name: 'Northshore Coffee',
    accountType: 'BUSINESS',
    biography: 'Small-batch roastery & café on Harbour Street ☕️\nOpen daily 7–18 · Roasting since 2016',
    website: 'https://northshore.coffee.example/',
    followersCount: 12_480,
    followsCount: 312,
    profilePicture: 'avatar-northshore.jpg',
    media: buildMedia(NORTHSHORE_POSTS, 1101, '2026-11-21T08:14:00Z', 12_480),
  },
  {
    id: '27498120356684211',
    userId: '17841402689301554',
    username: 'lena.travels',
    name: 'Lena Park',
    accountType: 'MEDIA_CREATOR',
    biography: 'Slow travel, long walks, too many photos.\n📍 currently: Lisbon',
    website: 'https://lena.travel.example/',
    followersCount: 48_215,
    followsCount: 903,
    profilePicture: 'avatar-lena.jpg',
    media: buildMedia(LENA_POSTS, 2202, '2026-11-19T17:42:00Z', 48_215),
  },
  {
    id: '25630017488259123',
    userId: '17841463350079126',
    username: 'sam.snapshots',
    name: 'Sam',
    accountType: 'PERSONAL',
    biography: '',
    followersCount: 87,
    followsCount: 140,
    profilePicture: 'avatar-sam.jpg',
    media: buildMedia(SAM_POSTS, 3303, '2026-10-30T11:05:00Z', 87),
  },
];

/** A fixture account by app-scoped id, IG_ID or username. */
export function findAccount(key: string): FixtureAccount | undefined {
  return FIXTURE_ACCOUNTS.find(a => a.id === key || a.userId === key || a.username === key);
}

/** Where a media or carousel-child id lives. */
export interface MediaLocation {
  account: FixtureAccount;
  media: FixtureMedia;
  child?: FixtureChild;
}

const MEDIA_INDEX = new Map<string, MediaLocation>();
for (const account of FIXTURE_ACCOUNTS) {
  for (const media of account.media) {
    MEDIA_INDEX.set(media.id, { account, media });
    for (const child of media.children) MEDIA_INDEX.set(child.id, { account, media, child });
  }
}

export function findMedia(id: string): MediaLocation | undefined {
  return MEDIA_INDEX.get(id);
}
