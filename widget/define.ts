// Registration as a function, for sites that register the element themselves (another tag name, a scoped
// registry) and for the default entry, which calls it once for <instagram-feed>. Importing this module
// registers nothing.
import { InstagramFeedElement } from './instagram-feed.js';

/**
 * Registers the element as `tagName` in `registry` and returns the class now registered under that name.
 * Does nothing when the name is taken (an embeddable script may run twice on a page) and returns what holds
 * it, and returns `undefined` where there is no registry yet (a server without Lit's DOM shim): call it
 * again once `customElements` exists. A second name gets a subclass, since a registry takes a class only once.
 */
export function define(
  tagName = 'instagram-feed',
  registry: CustomElementRegistry | undefined = globalThis.customElements,
): typeof InstagramFeedElement | undefined {
  if (!registry) return undefined;
  const existing = registry.get(tagName);
  if (existing) return existing as typeof InstagramFeedElement;
  const element = registry.getName?.(InstagramFeedElement) ? class extends InstagramFeedElement {} : InstagramFeedElement;
  registry.define(tagName, element);
  return element;
}
