import type { Feed, Media } from './contract.js';

/** Posts were fetched and rendered: the first page, a page added by "Load more", or a reload. */
export class InstagramFeedLoadEvent extends Event {
  constructor(
    /** Everything loaded so far, including the profile. */
    readonly feed: Feed,
    /** The posts this load added (all of them for a first page). */
    readonly added: readonly Media[],
  ) {
    super('instagram-feed-load', { bubbles: true, composed: true });
  }
}

/** Fetching failed. Not fired for requests aborted because `account`, `server` or `limit` changed. */
export class InstagramFeedErrorEvent extends Event {
  constructor(
    /** The HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** The server's snake_case error code, or `network_error` / `http_error` / `invalid_response`. */
    readonly code: string,
    /** A human-readable explanation. */
    readonly message: string,
  ) {
    super('instagram-feed-error', { bubbles: true, composed: true });
  }
}

/** The user activated a post (click, Enter or Space). Cancel it to keep the lightbox closed or stay on the page. */
export class InstagramFeedSelectEvent extends Event {
  constructor(
    /** The post that was activated. */
    readonly media: Media,
    /** Its position among the rendered posts. */
    readonly index: number,
  ) {
    super('instagram-feed-select', { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'instagram-feed-load': InstagramFeedLoadEvent;
    'instagram-feed-error': InstagramFeedErrorEvent;
    'instagram-feed-select': InstagramFeedSelectEvent;
  }
}
