// The English text of the parts that render a fetched page (header, tiles, lightbox, carousel buttons): it
// joins the English table in strings.ts when feed-view.ts loads, so the first bundle doesn't carry it.
import type { Message } from './strings.js';

/** English messages by key; see strings.ts for the format. */
export const viewStrings = {
  /** The header's Follow button. */
  follow: 'Follow',
  /** The Follow button's accessible name. */
  followLabel: 'Follow @{user} on Instagram',
  /** The header's post count. */
  posts: { one: '{count} post', other: '{count} posts' },
  /** The header's follower count. */
  followers: { one: '{count} follower', other: '{count} followers' },
  /** The header's following count. */
  following: '{count} following',
  /** Read before an image post's tile. */
  photo: 'Photo',
  /** Read before a video post's tile. */
  video: 'Video',
  /** Read before a reel's tile. */
  reel: 'Reel',
  /** Read before a carousel post's tile when its items are unknown. */
  album: 'Album',
  /** Read before a carousel post's tile. */
  albumOf: 'Album of {count}',
  /** Read out for the pin badge of a pinned post. */
  pinned: 'Pinned',
  /** The text of a call-to-action link (`Media.link`) that has no label of its own. */
  learnMore: 'Learn more',
  /** A post without media, and the lightbox's link. */
  viewOnInstagram: 'View on Instagram',
  /** A like count. */
  likes: { one: '{count} like', other: '{count} likes' },
  /** A comment count. */
  comments: { one: '{count} comment', other: '{count} comments' },
  /** An image's description when the post has neither alt text nor caption. */
  post: 'Instagram post',
  /** The same, with the owner. */
  postBy: 'Instagram post by @{user}',
  /** The same, with the owner and the date. */
  postByOn: 'Instagram post by @{user} on {date}',
  /** The carousel layout's scroll buttons. */
  previousPosts: 'Previous posts',
  nextPosts: 'Next posts',
  /** The carousel's button that stops and restarts `autoplay`. */
  stopAutoplay: 'Stop automatic scrolling',
  startAutoplay: 'Start automatic scrolling',
  /** The lightbox's accessible name: `{type}` is Photo, Video, Reel or Album. */
  postLabel: '{type} by @{user}',
  /** The lightbox's buttons. */
  close: 'Close',
  previousPost: 'Previous post',
  nextPost: 'Next post',
  /** Announced when the lightbox moves to another post. */
  postOf: 'Post {index} of {count}',
  /** A carousel post's buttons in the lightbox. */
  previousItem: 'Previous item',
  nextItem: 'Next item',
  /** Announced when a carousel post's item changes. */
  itemOf: 'Item {index} of {count}',
} satisfies Record<string, Message>;
