// What renders a fetched page, in one lazily loaded chunk: the profile header and the tiles. The element
// imports it with its first request, in parallel with that request, and applies the page once both have
// arrived, so the first paint (the skeleton) pays for neither. `no-header` pages load the header's code
// too: about 1.3 kB, in the same request, rather than a chunk of its own and one for what both share.
export { renderHeader, styles } from './header.js';
export { renderTile, typeLabel } from './media/tile.js';

import { en } from './strings.js';
import { viewStrings } from './view-strings.js';

// The English text of what this module renders joins the table before any of it renders.
Object.assign(en, viewStrings);
