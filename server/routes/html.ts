// Feeds without JavaScript (DESIGN.md, "Rendering without JavaScript"):
//   GET /api/feeds/:account/html   an HTML fragment to include server-side: <instagram-feed> with its
//                                  shadow DOM rendered by Lit's SSR (declarative shadow DOM), the data it
//                                  hydrates from, light-DOM links and images, and schema.org JSON-LD
//   GET /embed/:account            a whole page of the same, for an iframe; it posts its height to the parent
// Without a script, tiles link to the posts on Instagram. With the widget's script on the page, the element
// takes the server-rendered root over in place, from the data it carries (no request): lightbox, "Load more".
// Query parameters mirror the element's attributes. Both come from the curated, cached feed page (no
// extra Instagram call) and are kept rendered per page and parameters, so a warm request is a lookup.
import { createHash } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { Feed } from '../../widget/contract.js';
import type { FeedService } from '../feed/feed-service.js';
import { corsHeaders } from '../http/cors.js';
import { HttpError } from '../http/http-error.js';
import { EMBED_HEIGHT_SCRIPT, embedPage, hydrationData, lightDom, structuredData, withoutLitMarkers } from '../render/fragment.js';
import { accountsParam, matchesEtag } from './params.js';

/** The element's attributes a fragment may carry (the query parameters, validated). */
export type FragmentAttributes = Record<string, string | true>;

/** Renders `<instagram-feed>` with declarative shadow DOM around `children` (widget/ssr.ts, built into dist/ssr/). */
export type FragmentRenderer = (feed: Feed, attributes: FragmentAttributes, children: string) => string;

export interface HtmlRouteDeps {
  feeds: Pick<FeedService, 'getPage'>;
  publicUrl: string;
  allowedOrigins: '*' | string[];
  /** Loads the renderer once; rejects when the SSR build is missing. */
  renderer: () => Promise<FragmentRenderer>;
}

const LAYOUTS = new Set(['grid', 'carousel', 'masonry', 'list']);
const TYPES = new Set(['image', 'video', 'reel', 'carousel']);
const BOOLEANS = ['load-more', 'no-header', 'no-captions', 'no-lightbox'] as const;
const MAX_RENDERED = 500;

const bad = (name: string, rule: string) => new HttpError(400, 'invalid_parameter', `\`${name}\` ${rule}.`);

/** `strings`: a JSON object of interface texts by key (the element's `strings` attribute), at most 4 kB. */
function stringsParam(raw: string): string {
  let value: unknown;
  try {
    value = raw.length <= 4096 ? JSON.parse(raw) : undefined;
  } catch {}
  const ok =
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every(text => typeof text === 'string' || (text && typeof text === 'object'));
  if (!ok) throw bad('strings', 'must be a JSON object of texts by key, at most 4 kB');
  return JSON.stringify(value);
}

/** The query as element attributes, each checked as the element would read it; anything unknown is a 400. */
function attributesOf(query: Request['query']): { attributes: FragmentAttributes; limit: number } {
  const attributes: FragmentAttributes = {};
  let limit = 12;
  for (const [name, raw] of Object.entries(query)) {
    if (typeof raw !== 'string') throw bad(name, 'must be given once');
    switch (name) {
      case 'layout':
        if (!LAYOUTS.has(raw)) throw bad(name, 'must be grid, carousel, masonry or list');
        attributes.layout = raw;
        break;
      case 'columns':
        if (!/^(?:[1-9]|1[0-2])$/.test(raw)) throw bad(name, 'must be a whole number from 1 to 12');
        attributes.columns = raw;
        break;
      case 'limit':
        if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) throw bad(name, 'must be a whole number from 1 to 100');
        limit = Number(raw);
        attributes.limit = raw;
        break;
      case 'types':
        if (!raw.split(',').every(type => TYPES.has(type.trim()))) throw bad(name, 'must list image, video, reel or carousel');
        attributes.types = raw;
        break;
      case 'tile-link':
        if (raw !== 'lightbox' && raw !== 'cta') throw bad(name, 'must be lightbox or cta');
        attributes['tile-link'] = raw;
        break;
      case 'locale':
        if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(raw)) throw bad(name, 'must be a BCP 47 language tag such as en or pt-BR');
        attributes.locale = raw;
        break;
      case 'strings':
        attributes.strings = stringsParam(raw);
        break;
      case 'autoplay':
        if (raw !== '' && !/^(?:[1-9]\d{0,2})$/.test(raw)) throw bad(name, 'takes no value, or the seconds between steps (1 to 999)');
        attributes.autoplay = raw;
        break;
      default:
        if (!(BOOLEANS as readonly string[]).includes(name)) throw bad(name, 'is not an attribute of <instagram-feed>');
        if (name === 'load-more' && raw === 'auto') {
          attributes[name] = raw;
          break;
        }
        if (raw !== '' && raw !== '1' && raw !== 'true') throw bad(name, 'takes no value (or 1)');
        attributes[name] = true;
    }
  }
  return { attributes, limit };
}

export function htmlRouter(deps: HtmlRouteDeps): Router {
  const router = Router();
  const cors = corsHeaders(deps.allowedOrigins);
  // Rendered fragments by page ETag and parameters: a page's ETag changes with its content and curation.
  const rendered = new Map<string, string>();
  const remember = (key: string, html: string) => {
    if (rendered.size >= MAX_RENDERED) rendered.delete(rendered.keys().next().value!);
    rendered.set(key, html);
  };

  async function fragmentFor(req: Request): Promise<{ html: string; etag: string; maxAge: number; feed?: Feed }> {
    const accounts = accountsParam(req.params.account);
    const { attributes, limit } = attributesOf(req.query);
    const page = await deps.feeds.getPage(accounts, { limit });
    const key = `${page.rendered.etag}\n${JSON.stringify(attributes)}`;
    const etag = `"${createHash('sha1').update(key).digest('base64url').slice(0, 20)}"`;
    let html = rendered.get(key);
    if (!html) {
      const feed = JSON.parse(page.rendered.body.toString('utf8')) as Feed;
      const render = await deps.renderer();
      const element = withoutLitMarkers(render(feed, { account: accounts, server: deps.publicUrl, ...attributes }, `${hydrationData(feed)}${lightDom(feed)}`));
      html = `${element}\n${structuredData(feed)}\n`;
      remember(key, html);
    }
    return { html, etag, maxAge: page.maxAge };
  }

  router.get('/api/feeds/:account/html', async (req: Request, res: Response) => {
    res.set(cors(req));
    const { html, etag, maxAge } = await fragmentFor(req);
    res.set({
      ETag: etag,
      'Cache-Control': `public, max-age=${maxAge}, stale-while-revalidate=3600, stale-if-error=86400`,
      'X-Content-Type-Options': 'nosniff',
    });
    if (matchesEtag(req.headers['if-none-match'], etag)) return void res.status(304).end();
    res.type('text/html; charset=utf-8').send(html);
  });

  router.get('/embed/height.js', (_req, res) => {
    res
      .set({ 'Cache-Control': 'public, max-age=3600', 'Cross-Origin-Resource-Policy': 'cross-origin' })
      .type('text/javascript; charset=utf-8')
      .send(EMBED_HEIGHT_SCRIPT);
  });

  router.get('/embed/:account', async (req: Request, res: Response) => {
    const { html, etag, maxAge } = await fragmentFor(req);
    const page = embedPage({
      fragment: html,
      title: `Instagram posts by ${accountsParam(req.params.account)
        .split(',')
        .map(name => `@${name}`)
        .join(', ')}`,
      heightScriptUrl: `${deps.publicUrl}/embed/height.js`,
      lang: typeof req.query.locale === 'string' ? req.query.locale : undefined,
    });
    res.set({
      ETag: etag,
      'Cache-Control': `public, max-age=${maxAge}, stale-while-revalidate=3600`,
      // Meant to be framed by any site: no X-Frame-Options, and a policy that allows framing but runs
      // only this server's scripts (declarative shadow roots carry <style> elements, hence inline styles).
      'Content-Security-Policy': `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src http: https: data:; media-src http: https:; connect-src 'self'; frame-ancestors *; base-uri 'none'; form-action 'none'`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
    res.removeHeader('X-Frame-Options');
    if (matchesEtag(req.headers['if-none-match'], etag)) return void res.status(304).end();
    res.type('text/html; charset=utf-8').send(page);
  });

  return router;
}
