// The parts of a server-rendered feed that are plain HTML: the light-DOM content crawlers and browsers
// without declarative shadow DOM see (links to the posts with sized images), the schema.org JSON-LD,
// the data the element hydrates from, and the whole page of the iframe embed. The element's shadow
// DOM itself comes from Lit's SSR (widget/ssr.ts). Every text and URL is escaped here; URLs are
// http(s) only, as everywhere in the Feed JSON.
import type { Feed, Media, Profile } from '../../widget/contract.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value, escaped for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => ESCAPES[char]!);
}

/** JSON inside `<script>`: `<` escaped so that no `</script>` or `<!--` can end or change the block. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const httpUrl = (url: string | null | undefined): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

const TYPE_NAMES: Record<Media['type'], string> = { image: 'Photo', video: 'Video', reel: 'Reel', carousel: 'Album' };

/** A short description of a post for `alt`: its alt text, else the start of its caption, else its type and owner. */
export function altOf(media: Media): string {
  const text = media.altText ?? media.caption.replace(/\s+/g, ' ').trim();
  const short = text.length > 120 ? `${text.slice(0, 119)}…` : text;
  return short || `${TYPE_NAMES[media.type]} by @${media.username}`;
}

/** The image a post shows: its poster for videos, its first item for albums. */
function imageOf(media: Media): { url: string; width?: number; height?: number; srcset?: string } | null {
  const sources = (media.sources ?? []).filter(source => httpUrl(source.url) && source.type === 'image/jpeg');
  const url = httpUrl(media.type === 'video' || media.type === 'reel' ? media.thumbnailUrl : (media.thumbnailUrl ?? media.mediaUrl));
  if (!url && sources.length === 0) return null;
  const srcset = sources.map(source => `${source.url} ${source.width}w`).join(', ');
  return { url: url ?? sources.at(-1)!.url, width: media.width, height: media.height, srcset: srcset || undefined };
}

/**
 * Links to the posts, each with its image (width, height, alt, srcset): what a crawler indexes and what
 * a browser without declarative shadow DOM shows until the script runs. Hidden by the shadow root otherwise.
 */
export function lightDom(feed: Feed): string {
  const items = feed.media.map(media => {
    const image = imageOf(media);
    const size = image?.width && image.height ? ` width="${image.width}" height="${image.height}"` : ' width="320" height="320"';
    const img = image
      ? `<img src="${escapeHtml(image.url)}"${image.srcset ? ` srcset="${escapeHtml(image.srcset)}" sizes="(min-width: 640px) 25vw, 50vw"` : ''}${size} alt="${escapeHtml(altOf(media))}" loading="lazy" decoding="async" style="width:100%;height:auto">`
      : escapeHtml(altOf(media));
    return `<li style="list-style:none"><a href="${escapeHtml(media.permalink)}">${img}</a></li>`;
  });
  const names = (feed.accounts ?? [feed.account]).map(profile => `@${profile.username}`).join(', ');
  return `<ul aria-label="${escapeHtml(`Instagram posts by ${names}`)}" style="display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:8px;padding:0;margin:0">${items.join('')}</ul>`;
}

/**
 * Lit's SSR output without its hydration markers (`<!--lit-part …-->`, `<!--/lit-part-->`, `<!--lit-node N-->`,
 * `<?lit$…$>`): a quarter of a 12-post fragment's bytes, and unused, since the element does not hydrate with
 * Lit's hydrate support but replaces the server's nodes with its own render (widget/instagram-feed.ts,
 * createRenderRoot). Text and attribute values are escaped, so no `<!--` or `<?` in them can match.
 */
export function withoutLitMarkers(html: string): string {
  return html.replace(/<!--\/?lit-(?:part|node)[^>]*-->|<\?lit\$[^>]*>/g, '');
}

/** The Feed JSON the element starts from instead of fetching (it reads the first `script[type="application/json"]` child). */
export function hydrationData(feed: Feed): string {
  return `<script type="application/json">${scriptJson(feed)}</script>`;
}

function person(profile: Profile) {
  return { '@type': 'Person', name: profile.name ?? `@${profile.username}`, alternateName: `@${profile.username}`, url: profile.profileUrl };
}

/** schema.org: an ItemList of ImageObject / VideoObject, each with author, date and caption. */
export function structuredData(feed: Feed): string {
  const profiles = new Map((feed.accounts ?? [feed.account]).map(profile => [profile.username, profile]));
  const items = feed.media.map((media, index) => {
    const video = media.type === 'video' || media.type === 'reel';
    const profile = profiles.get(media.username) ?? feed.account;
    const image = imageOf(media);
    const item: Record<string, unknown> = {
      '@type': video ? 'VideoObject' : 'ImageObject',
      name: altOf(media),
      caption: media.caption || undefined,
      url: media.permalink,
      author: person(profile),
      datePublished: media.timestamp,
      uploadDate: video ? media.timestamp : undefined,
      contentUrl: httpUrl(media.mediaUrl) ?? undefined,
      thumbnailUrl: image?.url,
      width: media.width,
      height: media.height,
    };
    if (video) item.description = media.caption || altOf(media);
    return { '@type': 'ListItem', position: index + 1, item };
  });
  const data = {
    '@context': 'https://schema.org',
    '@type': 'ItemList',
    name: `Instagram posts by ${[...profiles.values()].map(p => `@${p.username}`).join(', ')}`,
    itemListElement: items,
  };
  return `<script type="application/ld+json">${scriptJson(data)}</script>`;
}

/**
 * The iframe embed: a whole page holding the fragment (static: tiles link to the posts on Instagram)
 * and a script that tells the parent the page's height whenever it changes
 * (`{type: 'instagram-feed:height', height}`), so the snippet's iframe never scrolls or leaves a gap.
 */
export function embedPage(options: { fragment: string; title: string; heightScriptUrl: string; lang?: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>html,body{margin:0;background:transparent;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}</style>
<script src="${escapeHtml(options.heightScriptUrl)}" defer></script>
</head>
<body>
${options.fragment}
</body>
</html>
`;
}

/**
 * Served as /embed/height.js: posts the document's height to the parent on load and on every resize
 * (the feed loading more posts, the viewport turning), only when it changed.
 */
export const EMBED_HEIGHT_SCRIPT = `(() => {
  let last = 0;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last || window.parent === window) return;
    last = height;
    window.parent.postMessage({ type: 'instagram-feed:height', height, href: location.href }, '*');
  };
  new ResizeObserver(send).observe(document.documentElement);
  addEventListener('load', send);
  send();
})();
`;
