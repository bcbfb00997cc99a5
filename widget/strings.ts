// The element's interface text, in one table so a translation can replace it in one place.
// TODO(i18n): the translations issue moves the remaining English text ("Follow", "Load more", ...) here.

/** Interface text of `<instagram-feed>`. */
export const strings = {
  /** Read out for the pin badge of a pinned post. */
  pinned: 'Pinned',
  /** The text of a call-to-action link (`Media.link`) that has no label of its own. */
  learnMore: 'Learn more',
};
