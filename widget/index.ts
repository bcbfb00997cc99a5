// The only module with side effects: it registers <instagram-feed> (once, because an embeddable script
// may be included twice on a page) and tells the element where it was loaded from. Importing it on a
// server (Next.js, Nuxt, Astro) is safe: there is no document there, and Lit's DOM shim holds the registry.
import { isServer } from 'lit';
import { define } from './define.js';
import { InstagramFeedElement } from './instagram-feed.js';
import { originOf } from './options.js';

if (!isServer && !customElements.get('instagram-feed')) {
  // document.currentScript exists only while a classic script (the IIFE build) runs its top level, and
  // import.meta.url only in ESM (it is empty in the IIFE), so read both now.
  InstagramFeedElement.defaultServer = originOf((document.currentScript as HTMLScriptElement | null)?.src || import.meta.url);
}
define();

export * from './element.js';

declare global {
  interface HTMLElementTagNameMap {
    'instagram-feed': InstagramFeedElement;
  }
}
