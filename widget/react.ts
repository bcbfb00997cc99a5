// `instagram-feed-element/react`: <InstagramFeed>, a React component around the element for React 18 and
// earlier, which pass every prop as a string attribute and cannot listen to custom events. React 19 needs
// no wrapper: it sets properties and takes `oninstagram-feed-load` (types: `instagram-feed-element/jsx`).
// Importing this module registers <instagram-feed>, as the default entry does. `react` and `@lit/react` are
// optional peer dependencies: only apps that import this entry install them.
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { InstagramFeedErrorEvent, InstagramFeedLoadEvent, InstagramFeedSelectEvent } from './events.js';
import { InstagramFeedElement } from './index.js';

/**
 * `<instagram-feed>` as a React component: props are the element's properties (`account`, `layout`,
 * `loadMore`, ...), events are `onInstagramFeedLoad`, `onInstagramFeedError` and `onInstagramFeedSelect`,
 * and a `ref` reaches the element (`reload()`, `loadNextPage()`, `openLightbox()`).
 */
export const InstagramFeed = createComponent({
  react: React,
  tagName: 'instagram-feed',
  elementClass: InstagramFeedElement,
  displayName: 'InstagramFeed',
  events: {
    onInstagramFeedLoad: 'instagram-feed-load' as EventName<InstagramFeedLoadEvent>,
    onInstagramFeedError: 'instagram-feed-error' as EventName<InstagramFeedErrorEvent>,
    onInstagramFeedSelect: 'instagram-feed-select' as EventName<InstagramFeedSelectEvent>,
  },
});

export * from './element.js';
