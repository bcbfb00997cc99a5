// `instagram-feed-element/jsx`: types only, for React 19's JSX, which renders custom elements natively.
// Opt in once, in any file of the app: `import type {} from 'instagram-feed-element/jsx';`. Not part of the
// default entry's types, which would otherwise need React's types in every app.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { InstagramFeedErrorEvent, InstagramFeedLoadEvent, InstagramFeedSelectEvent } from './events.js';
import type { InstagramFeedElement } from './instagram-feed.js';

/** The element's attributes as written in markup (kebab-case); what a server-rendered page carries. */
export interface InstagramFeedAttributes {
  account?: string;
  server?: string;
  layout?: InstagramFeedElement['layout'];
  columns?: number | string;
  limit?: number | string;
  types?: string;
  /** `auto` loads the next page when the end of the list scrolls into view. */
  'load-more'?: boolean | 'auto';
  'no-header'?: boolean;
  'no-captions'?: boolean;
  'no-lightbox'?: boolean;
  'tile-link'?: InstagramFeedElement['tileLink'];
  locale?: string;
  /** Seconds between the carousel's steps (`true` or an empty string: 5). */
  autoplay?: boolean | number | string;
}

/** The element's properties (camelCase), which React 19 sets as properties in the browser. */
export type InstagramFeedProperties = Partial<Pick<InstagramFeedElement, 'loadMore' | 'noHeader' | 'noCaptions' | 'noLightbox' | 'tileLink'>> & {
  /** Replacements for interface text by key, e.g. `{ follow: 'Shop our feed' }`: React 19 sets it as the property. */
  strings?: InstagramFeedElement['strings'];
};

/** Listeners of the element's events: React 19 adds a listener for the name after `on`. */
export interface InstagramFeedEventProps {
  'oninstagram-feed-load'?: (event: InstagramFeedLoadEvent) => void;
  'oninstagram-feed-error'?: (event: InstagramFeedErrorEvent) => void;
  'oninstagram-feed-select'?: (event: InstagramFeedSelectEvent) => void;
}

/** Everything `<instagram-feed>` takes in React 19's JSX, with React's own props (`ref`, `key`, `className`, ...). */
export type InstagramFeedJsxProps = DetailedHTMLProps<HTMLAttributes<InstagramFeedElement>, InstagramFeedElement> &
  InstagramFeedAttributes &
  InstagramFeedProperties &
  InstagramFeedEventProps;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'instagram-feed': InstagramFeedJsxProps;
    }
  }
}
