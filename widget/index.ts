// The only module with side effects: it registers <instagram-feed> (once, because an embeddable script
// may be included twice on a page) and tells the element where it was loaded from.
import { InstagramFeedElement } from './instagram-feed.js';
import { originOf } from './options.js';

// document.currentScript exists only while a classic script (the IIFE build) runs its top level, and
// import.meta.url only in ESM (it is empty in the IIFE), so read both now.
const scriptUrl = (document.currentScript as HTMLScriptElement | null)?.src || import.meta.url;

if (!customElements.get('instagram-feed')) {
  InstagramFeedElement.defaultServer = originOf(scriptUrl);
  customElements.define('instagram-feed', InstagramFeedElement);
}

export { InstagramFeedElement };
export { InstagramFeedErrorEvent, InstagramFeedLoadEvent, InstagramFeedSelectEvent } from './events.js';
export { FeedRequestError } from './feed-api.js';
export type { FeedLayout } from './options.js';
export type * from './contract.js';

declare global {
  interface HTMLElementTagNameMap {
    'instagram-feed': InstagramFeedElement;
  }
}
