// An opt-in account for benchmarks that need more posts than the fixtures have (a 100-tile grid):
// @bench.gallery, 120 photo posts cycling through the fixture images. It exists only while the
// `benchAccount` control is on, so the demo and the tests never see it, and the consent page never
// offers it: benchmarks issue its token directly with `state.issueToken(BENCH_ACCOUNT.id, 'long')`.
import type { Controls } from './controls.js';
import { buildMedia, findAccount, findMedia } from './fixtures.js';
import type { FixtureAccount, MediaLocation } from './fixtures.js';
import type { PostSpec } from './fixture-posts.js';

const BENCH_POST_COUNT = 120;
const IMAGES = [
  'sq-beans.jpg', 'pt-window.jpg', 'ls-coast.jpg', 'sq-croissant.jpg', 'pt-alps.jpg', 'sq-lagoon.jpg', 'pt-pourover.jpg',
  'ls-dunes.jpg', 'sq-flatwhite.jpg', 'pt-alley.jpg', 'ls-counter.jpg', 'sq-park.jpg', 'video-pour.jpg',
];
const POSTS: PostSpec[] = Array.from({ length: BENCH_POST_COUNT }, (_, index) => ({
  kind: 'image',
  image: IMAGES[index % IMAGES.length]!,
  caption: `Gallery post ${BENCH_POST_COUNT - index} #bench`,
}));

export const BENCH_ACCOUNT: FixtureAccount = {
  id: '27000000000000120',
  userId: '17841400000000120',
  username: 'bench.gallery',
  name: 'Bench Gallery',
  accountType: 'BUSINESS',
  biography: 'A long feed for benchmarks.',
  followersCount: 5_000,
  followsCount: 10,
  profilePicture: 'avatar-northshore.jpg',
  media: buildMedia(POSTS, 4404, '2026-11-20T09:00:00Z', 5_000),
};

const BENCH_KEYS = new Set([BENCH_ACCOUNT.id, BENCH_ACCOUNT.userId, BENCH_ACCOUNT.username]);
const BENCH_MEDIA = new Map(BENCH_ACCOUNT.media.map(media => [media.id, { account: BENCH_ACCOUNT, media }]));

type Switches = { readonly controls: Readonly<Pick<Controls, 'benchAccount'>> };

/** `findAccount`, plus the bench account while its control is on. */
export function lookupAccount(ctx: Switches, key: string): FixtureAccount | undefined {
  return findAccount(key) ?? (ctx.controls.benchAccount && BENCH_KEYS.has(key) ? BENCH_ACCOUNT : undefined);
}

/** `findMedia`, plus the bench account's posts while its control is on. */
export function lookupMedia(ctx: Switches, id: string): MediaLocation | undefined {
  return findMedia(id) ?? (ctx.controls.benchAccount ? BENCH_MEDIA.get(id) : undefined);
}
