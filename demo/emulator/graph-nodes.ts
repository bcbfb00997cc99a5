import { cdnPath } from './cdn.js';
import type { CdnKind } from './cdn.js';
import type { FieldNode } from './fields.js';
import type { FixtureAccount, FixtureChild, FixtureMedia } from './fixtures.js';
import type { EmulatorContext } from './pipeline.js';

// Renders fixture data as Graph nodes for a `fields` selection. A field that does not apply to a node (like_count
// on a post with hidden likes, thumbnail_url on an image, media_url on a reel with copyrighted audio) is omitted,
// as Instagram does; a field Instagram does not know is an error.

/** A requested field that the node type does not have; answered as Graph error 100. */
export class UnknownFieldError extends Error {
  override name = 'UnknownFieldError';
  constructor(
    readonly field: string,
    readonly nodeType: 'User' | 'Media',
  ) {
    super(`Unknown field ${field} on ${nodeType}`);
  }
}

/** Everything a field needs besides the node itself. */
export interface RenderScope {
  ctx: EmulatorContext;
  /** The emulator's base URL for CDN links. */
  base: string;
  account: FixtureAccount;
}

type Field<T> = (node: T, scope: RenderScope, field: FieldNode) => unknown;

const url = (scope: RenderScope, file: string, kind: CdnKind) => scope.base + cdnPath(scope.ctx, file, kind);

/** Instagram's timestamp form, `2025-01-15T10:30:00+0000`. */
export function instagramTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

const USER_FIELDS: Record<string, Field<FixtureAccount>> = {
  id: a => a.id,
  user_id: a => a.userId,
  username: a => a.username,
  name: a => a.name,
  account_type: a => a.accountType,
  profile_picture_url: (a, s) => url(s, a.profilePicture, 'profile'),
  followers_count: a => a.followersCount,
  follows_count: a => a.followsCount,
  media_count: a => a.media.length,
  biography: a => a.biography || undefined,
  website: a => a.website,
};

const childUrl = (c: FixtureChild, s: RenderScope) => (c.video ? url(s, c.video, 'video') : url(s, c.image, 'image'));

const MEDIA_FIELDS: Record<string, Field<FixtureMedia>> = {
  id: m => m.id,
  caption: m => m.caption,
  media_type: m => m.mediaType,
  media_product_type: (m, s) => (s.ctx.controls.mediaProductType ? m.mediaProductType : undefined),
  media_url: (m, s) => {
    if (m.copyrighted) return undefined;
    if (m.mediaType === 'CAROUSEL_ALBUM') return m.children[0] && childUrl(m.children[0], s);
    return m.video ? url(s, m.video, 'video') : url(s, m.image, 'image');
  },
  thumbnail_url: (m, s) => (m.mediaType === 'VIDEO' ? url(s, m.image, 'image') : undefined),
  permalink: m => `https://www.instagram.com/${m.mediaProductType === 'REELS' ? 'reel' : 'p'}/${m.shortcode}/`,
  shortcode: m => m.shortcode,
  timestamp: m => instagramTimestamp(m.timestamp),
  username: (_, s) => s.account.username,
  owner: (_, s) => ({ id: s.account.userId }),
  like_count: m => m.likeCount,
  comments_count: m => m.commentsCount,
  is_comment_enabled: m => m.isCommentEnabled,
  is_shared_to_feed: m => m.isSharedToFeed,
  alt_text: m => m.altText,
  legacy_instagram_media_id: (m, s) => `${m.id}_${s.account.userId}`,
  children: (m, s, field) => {
    if (m.mediaType !== 'CAROUSEL_ALBUM') return undefined;
    const limit = Number.parseInt(field.modifiers.limit ?? '', 10);
    const children = limit > 0 ? m.children.slice(0, limit) : m.children;
    return { data: children.map(child => renderChild(child, m, field.children ?? [], s)) };
  },
};

// Carousel items answer a subset; caption, counts and the like belong to the album.
const CHILD_FIELDS: Record<string, Field<{ child: FixtureChild; parent: FixtureMedia }>> = {
  id: ({ child }) => child.id,
  media_type: ({ child }) => child.mediaType,
  media_url: ({ child }, s) => childUrl(child, s),
  thumbnail_url: ({ child }, s) => (child.video ? url(s, child.image, 'image') : undefined),
  permalink: ({ child }) => `https://www.instagram.com/p/${child.shortcode}/`,
  shortcode: ({ child }) => child.shortcode,
  timestamp: ({ parent }) => instagramTimestamp(parent.timestamp),
  username: (_, s) => s.account.username,
  owner: (_, s) => ({ id: s.account.userId }),
  alt_text: ({ child }) => child.altText,
};

const DEFAULT_FIELDS: FieldNode[] = [{ name: 'id', modifiers: {} }];

/** Throws `UnknownFieldError` for the first field the node type lacks, before anything is rendered. */
export function checkFields(fields: FieldNode[], nodeType: 'User' | 'Media'): void {
  const known = nodeType === 'User' ? USER_FIELDS : MEDIA_FIELDS;
  for (const field of fields) {
    if (!Object.hasOwn(known, field.name)) throw new UnknownFieldError(field.name, nodeType);
    if (nodeType === 'Media' && field.children) checkFields(field.children, 'Media');
  }
}

// Graph always answers a node's id, after the requested fields when they did not include it.
function build<T>(fields: FieldNode[], table: Record<string, Field<T>>, node: T, scope: RenderScope, id: string) {
  const out: Record<string, unknown> = {};
  for (const field of fields.length > 0 ? fields : DEFAULT_FIELDS) {
    const value = Object.hasOwn(table, field.name) ? table[field.name]!(node, scope, field) : undefined;
    if (value !== undefined) out[field.name] = value;
  }
  if (!('id' in out)) out.id = id;
  return out;
}

/** A user node; `id` is the id the caller addressed it by (app-scoped for `/me`). */
export function renderUser(account: FixtureAccount, fields: FieldNode[], scope: RenderScope, id = account.id) {
  return build(fields, { ...USER_FIELDS, id: () => id }, account, scope, id);
}

export function renderChild(child: FixtureChild, parent: FixtureMedia, fields: FieldNode[], scope: RenderScope) {
  return build(fields, CHILD_FIELDS, { child, parent }, scope, child.id);
}

export function renderMedia(media: FixtureMedia, fields: FieldNode[], scope: RenderScope) {
  return build(fields, MEDIA_FIELDS, media, scope, media.id);
}
