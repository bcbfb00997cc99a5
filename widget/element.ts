// The class-only entry (`instagram-feed-element/element`): everything the default entry exports, with no
// registration, for sites that register the element under a name of their own with `define(tagName)`.
export { define } from './define.js';
export { InstagramFeedErrorEvent, InstagramFeedLoadEvent, InstagramFeedSelectEvent } from './events.js';
export { FeedRequestError } from './feed-api.js';
export { InstagramFeedElement } from './instagram-feed.js';
export type { FeedLayout, LoadMore } from './options.js';
export type { Strings } from './strings.js';
export type * from './contract.js';
