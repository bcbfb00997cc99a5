// What renders a fetched page, in one lazily loaded chunk: the profile header and the tiles. The element
// imports it with its first request, in parallel with that request, and applies the page once both have
// arrived, so the first paint (the skeleton) pays for neither. `no-header` pages load the header's code
// too: about 1.3 kB, in the same request, rather than a chunk of its own and one for what both share.
export { renderHeader, styles } from './header.js';
export { renderTile, typeLabel } from './media/tile.js';
// Their English text, which the element adds to the English table as this module arrives (an export the element
// uses, not a side effect: widget/package.json lets bundlers drop side effects of these modules).
export { viewStrings } from './view-strings.js';
