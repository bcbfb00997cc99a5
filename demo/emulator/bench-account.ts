// An opt-in account for benchmarks that need more posts than the fixtures have (a 100-tile grid):
// @bench.gallery, 120 photo posts cycling through the fixture images. It exists only while the
// `benchAccount` control is on, so the demo and the tests never see it, and the consent page never
// offers it: benchmarks issue its token directly with `state.issueToken(BENCH_ACCOUNT.id, 'long')`.
// The `benchPosts` control gives it another number of posts (up to 10,000, for deep-paging tests);
// its first posts keep their ids, dates and images whatever the number. Posts past the newest 120
// carry captions close to Instagram's 2,200-character limit: deep pages weigh the most they can.
import type { Controls } from './controls.js';
import { buildMedia, findAccount, findMedia } from './fixtures.js';
import type { FixtureAccount, MediaLocation } from './fixtures.js';
import type { PostSpec } from './fixture-posts.js';

const BENCH_POST_COUNT = 120;
const IMAGES = [
  'sq-beans.jpg',
  'pt-window.jpg',
  'ls-coast.jpg',
  'sq-croissant.jpg',
  'pt-alps.jpg',
  'sq-lagoon.jpg',
  'pt-pourover.jpg',
  'ls-dunes.jpg',
  'sq-flatwhite.jpg',
  'pt-alley.jpg',
  'ls-counter.jpg',
  'sq-park.jpg',
  'video-pour.jpg',
];

const LONG_TEXT = ' Slow mornings, long walks, and far too many photos of the same harbour.'.repeat(28);

function posts(count: number): PostSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    kind: 'image',
    image: IMAGES[index % IMAGES.length]!,
    caption: `Gallery post ${count - index} #bench${index < BENCH_POST_COUNT ? '' : LONG_TEXT}`,
  }));
}

function benchAccount(count: number): FixtureAccount {
  return {
    id: '27000000000000120',
    userId: '17841400000000120',
    username: 'bench.gallery',
    name: 'Bench Gallery',
    accountType: 'BUSINESS',
    biography: 'A long feed for benchmarks.',
    followersCount: 5_000,
    followsCount: 10,
    profilePicture: 'avatar-northshore.jpg',
    media: buildMedia(posts(count), 4404, '2026-11-20T09:00:00Z', 5_000),
  };
}

/** @bench.gallery with its default 120 posts. */
export const BENCH_ACCOUNT: FixtureAccount = benchAccount(BENCH_POST_COUNT);

const BENCH_KEYS = new Set([BENCH_ACCOUNT.id, BENCH_ACCOUNT.userId, BENCH_ACCOUNT.username]);

interface Built {
  account: FixtureAccount;
  media: Map<string, MediaLocation>;
}

const index = (account: FixtureAccount): Built => ({ account, media: new Map(account.media.map(media => [media.id, { account, media }])) });
const DEFAULT_BUILT = index(BENCH_ACCOUNT);
// The last other size asked for, so that account and media lookups return the very same objects.
let custom: Built | undefined;

function built(count: number): Built {
  if (count === BENCH_POST_COUNT) return DEFAULT_BUILT;
  if (custom?.account.media.length !== count) custom = index(benchAccount(count));
  return custom;
}

type Switches = { readonly controls: Readonly<Pick<Controls, 'benchAccount' | 'benchPosts'>> };

/** `findAccount`, plus the bench account while its control is on. */
export function lookupAccount(ctx: Switches, key: string): FixtureAccount | undefined {
  return findAccount(key) ?? (ctx.controls.benchAccount && BENCH_KEYS.has(key) ? built(ctx.controls.benchPosts).account : undefined);
}

/** `findMedia`, plus the bench account's posts while its control is on. */
export function lookupMedia(ctx: Switches, id: string): MediaLocation | undefined {
  return findMedia(id) ?? (ctx.controls.benchAccount ? built(ctx.controls.benchPosts).media.get(id) : undefined);
}
