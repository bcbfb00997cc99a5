// A curated Feed page as JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), paged with
// `next_url`. What Instagram knows that JSON Feed has no field for goes in the `_instagram` extension.
import type { Feed, MediaType } from '../../widget/contract.js';
import { type AuthorView, describeChannel, describePost, type FeedLinks, pageUrl } from './describe.js';
import { filesOf } from './media-files.js';

export interface JsonFeedAuthor {
  name: string;
  url: string;
  avatar?: string;
}

export interface JsonFeedItem {
  id: string;
  url: string;
  /** The site owner's call to action. */
  external_url?: string;
  title: string;
  content_html: string;
  content_text?: string;
  image?: string;
  date_published: string;
  /** Merged feeds: the account the post is from. */
  authors?: JsonFeedAuthor[];
  tags?: string[];
  /** A video, or an album's photos and videos. */
  attachments?: { url: string; mime_type: string }[];
  _instagram: { type: MediaType; pinned: boolean };
}

export interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  next_url?: string;
  description: string;
  icon?: string;
  favicon?: string;
  authors: JsonFeedAuthor[];
  items: JsonFeedItem[];
}

const author = ({ name, url, avatar }: AuthorView): JsonFeedAuthor => (avatar ? { name, url, avatar } : { name, url });

export function toJsonFeed(feed: Feed, links: FeedLinks): JsonFeed {
  const channel = describeChannel(feed, links);
  const items = feed.media.map((media): JsonFeedItem => {
    const post = describePost(feed, media);
    const attachments = media.type === 'image' ? [] : filesOf(media).flatMap(file => (file.type ? [{ url: file.url, mime_type: file.type }] : []));
    return {
      id: post.id,
      url: post.url,
      ...(post.cta && { external_url: post.cta.url }),
      title: post.title,
      content_html: post.html,
      ...(post.text && { content_text: post.text }),
      ...(post.image && { image: post.image }),
      date_published: post.date,
      ...(channel.merged && { authors: [author(post.author)] }),
      ...(post.tags.length > 0 && { tags: post.tags }),
      ...(attachments.length > 0 && { attachments }),
      _instagram: { type: post.type, pinned: post.pinned },
    };
  });
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.link,
    feed_url: links.self,
    ...(feed.paging.next && { next_url: pageUrl(links.self, feed.paging.next) }),
    description: channel.description,
    ...(channel.image && { icon: channel.image, favicon: channel.image }),
    authors: channel.authors.map(author),
    items,
  };
}
