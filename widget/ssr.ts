// Server-side rendering of <instagram-feed> (built by vite.ssr.config.ts into dist/ssr/ssr.js, loaded by
// the server's /api/feeds/:account/html and /embed/:account). Lit's SSR renders the element's shadow DOM
// as declarative shadow DOM from a feed given up front, with the header and tiles rendered in place (the
// browser build loads them lazily): the page shows the exact styled feed before, or without, any script. When the
// widget script loads, the element finds the same data in its first `script[type="application/json"]`
// child and starts from it, without fetching.
import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { type CSSResult, css, html, nothing, type PropertyValues } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Feed } from './contract.js';
import * as view from './feed-view.js';
import { InstagramFeedElement } from './instagram-feed.js';
import { locales } from './locales/all.js';
import { addEnglish, tables } from './strings.js';

// One pass, no waiting for chunks: every language's table is here from the start, English whole.
Object.assign(tables, locales);
addEnglish(view.viewStrings);

/** What the server-side subclass reaches into: the element's feed controller and its header and tiles module (TS-private fields). */
interface Internals {
  feed: { value?: Feed; status: string };
  view?: typeof view;
}

/**
 * The element as the server renders it: its first page given (`initialFeed`) rather than fetched, and
 * the header's and tiles' module present rather than loaded lazily. The browser build stays as it is.
 */
class ServerRenderedFeed extends InstagramFeedElement {
  // The header's CSS joins the element's own in the rendered <style> (the browser build adopts it when
  // the lazily loaded header arrives).
  // Images show at once: the fade-in waits for a `load` listener, and no script runs behind this markup.
  static override styles = [InstagramFeedElement.styles, view.styles, css`.picture__img { opacity: 1; }`] as unknown as CSSResult;

  initialFeed?: Feed;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const internals = this as unknown as Internals;
    if (this.initialFeed) {
      internals.feed.value = this.initialFeed;
      internals.feed.status = 'complete';
    }
    internals.view = view;
    // No script runs behind this markup yet: tiles are links to the posts, not lightbox buttons.
    this.noLightbox = true;
    super.willUpdate(changed);
  }
}

if (!customElements.get('instagram-feed')) customElements.define('instagram-feed', ServerRenderedFeed);

const text = (attributes: Record<string, string | true>, name: string) => {
  const value = attributes[name];
  return typeof value === 'string' ? value : nothing;
};

/**
 * `<instagram-feed>` with the given attributes (names as in HTML) showing `feed`, its shadow DOM in a
 * `<template shadowrootmode="open">`, and `children` (trusted HTML the caller built) as light DOM.
 */
export function renderFeedElement(feed: Feed, attributes: Record<string, string | true>, children: string): string {
  const flag = (name: string) => attributes[name] === true;
  return collectResultSync(
    render(
      html`<instagram-feed
        account=${text(attributes, 'account')}
        server=${text(attributes, 'server')}
        layout=${text(attributes, 'layout')}
        columns=${text(attributes, 'columns')}
        limit=${text(attributes, 'limit')}
        types=${text(attributes, 'types')}
        tile-link=${text(attributes, 'tile-link')}
        locale=${text(attributes, 'locale')}
        strings=${text(attributes, 'strings')}
        autoplay=${text(attributes, 'autoplay')}
        load-more=${flag('load-more') ? '' : attributes['load-more'] === 'auto' ? 'auto' : nothing}
        ?no-header=${flag('no-header')}
        ?no-captions=${flag('no-captions')}
        ?no-lightbox=${flag('no-lightbox')}
        .initialFeed=${feed}
        >${unsafeHTML(children)}</instagram-feed
      >`,
    ),
  );
}
