// Lit does not sanitize URLs: a `javascript:` permalink bound to href is a live link. The server sends
// only http(s) URLs; these tests prove the widget checks again before anything reaches an href, src,
// srcset or poster (issue 12, item 6).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import type { Feed, Media, MediaChild } from '../../widget/contract.js';
import { httpsUrl, httpUrl } from '../../widget/safe-url.js';
import { VIDEO_URL, feed, media, mergedFeed, mixedFeed, otherProfiles, part, parts, profile, settled, stubFetch, svgImage } from './fixtures.js';

const HOSTILE = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '\x01\x1f javascript:alert(1)',
  '\tjava\nscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'vbscript:msgbox(1)',
  'javascript:alert(1)//https://ok.example/',
  '//evil.example/x.jpg',
  '/relative/x.jpg',
];

const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'poster', 'xlink:href', 'action', 'formaction', 'data'];

/** Every URL in an href, src, srcset, poster, … anywhere in the element's shadow root. */
function renderedUrls(el: InstagramFeedElement): string[] {
  const urls: string[] = [];
  for (const node of el.shadowRoot!.querySelectorAll('*')) {
    for (const name of URL_ATTRIBUTES) {
      const value = node.getAttribute(name);
      if (value === null) continue;
      if (name === 'srcset') urls.push(...value.split(',').map(candidate => candidate.trim().split(/\s+/)[0]!));
      else urls.push(value);
    }
  }
  return urls;
}

function expectOnlyHttp(el: InstagramFeedElement, where: string): void {
  const urls = renderedUrls(el);
  expect(
    urls.filter(url => /script:|^\s*data:/i.test(url)),
    `${where}: script or data URLs`,
  ).to.be.empty;
  expect(
    urls.filter(url => !/^https?:\/\//i.test(url)),
    `${where}: URLs that are not absolute http(s)`,
  ).to.be.empty;
}

/** A feed in which every URL the server could send is `bad`. */
function hostileFeed(bad: string): Feed {
  const child = (id: string, type: MediaChild['type']): MediaChild => ({
    id,
    type,
    mediaUrl: bad,
    thumbnailUrl: bad,
    altText: null,
    sources: [{ width: 320, height: 320, url: bad, type: 'image/webp' }],
  });
  const post = (over: Partial<Media>): Media => ({
    ...media.image,
    permalink: bad,
    mediaUrl: bad,
    thumbnailUrl: bad,
    sources: [{ width: 320, height: 400, url: bad, type: 'image/webp' }],
    link: { url: bad, label: 'Shop' },
    ...over,
  });
  return feed(
    [
      post({ id: 'image' }),
      post({ id: 'video', type: 'video' }),
      post({ id: 'reel', type: 'reel' }),
      post({ id: 'carousel', type: 'carousel', children: [child('c1', 'image'), child('c2', 'video')] }),
      post({ id: 'gone', type: 'video', mediaUrl: null, thumbnailUrl: null }),
      // A good image with bad resized variants: the image shows, the variants do not.
      post({ id: 'variants', mediaUrl: media.image.mediaUrl }),
    ],
    null,
    { account: { ...profile, profilePictureUrl: bad, website: bad, profileUrl: bad } },
  );
}

async function load(body: Feed, attributes = ''): Promise<InstagramFeedElement> {
  stubFetch(() => body);
  const el = await fixture<InstagramFeedElement>(
    attributes === 'no-lightbox'
      ? html`<instagram-feed account="acme.studio" no-lightbox></instagram-feed>`
      : attributes === 'cta'
        ? html`<instagram-feed account="acme.studio" tile-link="cta"></instagram-feed>`
        : html`<instagram-feed account="acme.studio"></instagram-feed>`,
  );
  await settled(el);
  return el;
}

async function openEach(el: InstagramFeedElement, check: (index: number) => void): Promise<void> {
  for (let i = 0; i < parts(el, 'item').length; i += 1) {
    await el.openLightbox(i);
    await waitUntil(() => el.shadowRoot!.querySelector('dialog[open]'), 'the lightbox did not open');
    check(i);
    await el.closeLightbox();
  }
}

describe('httpUrl (the widget side of the URL check)', () => {
  // `https:host` is http(s) to a browser, but the server always sends the parsed `https://host/` form.
  for (const bad of [...HOSTILE, '', null, undefined, 'https:evil.example', 'ftp://x.example/a']) {
    it(`refuses ${JSON.stringify(bad)}`, () => expect(httpUrl(bad)).to.be.undefined);
  }
  for (const good of ['https://www.instagram.com/p/Abc/', 'http://example.com', 'HTTPS://EXAMPLE.COM/x']) {
    it(`keeps ${good}`, () => expect(httpUrl(good)).to.equal(good));
  }
});

describe('httpsUrl (calls to action are https only)', () => {
  for (const bad of [...HOSTILE, '', null, undefined, 'http://shop.example/', 'https:shop.example']) {
    it(`refuses ${JSON.stringify(bad)}`, () => expect(httpsUrl(bad)).to.be.undefined);
  }
  it('keeps https URLs', () => expect(httpsUrl('HTTPS://shop.example/a?b=c')).to.equal('HTTPS://shop.example/a?b=c'));
});

describe('<instagram-feed> with URLs that are not http(s)', () => {
  afterEach(() => sinon.restore());

  for (const bad of HOSTILE) {
    describe(`(every URL is ${JSON.stringify(bad)})`, () => {
      it('renders the posts and header, but no such URL in the grid or the lightbox', async () => {
        const el = await load(hostileFeed(bad));
        expect(parts(el, 'item').length).to.equal(6);
        expect(parts(el, 'item--image')[1]!.querySelector('img')?.getAttribute('src')).to.equal(media.image.mediaUrl);
        expectOnlyHttp(el, 'grid');
        expect(part(el, 'avatar').localName).to.equal('span');
        // Elements are compared as markup: chai's diff of a DOM node stalls the test runner.
        expect(parts(el, 'website').map(node => node.outerHTML)).to.be.empty;
        expect(part(el, 'username').hasAttribute('href')).to.be.false;
        expect(part(el, 'follow-button').hasAttribute('href')).to.be.false;
        expect([...el.shadowRoot!.querySelectorAll('source')].map(node => node.outerHTML)).to.be.empty;
        await openEach(el, i => {
          expectOnlyHttp(el, `lightbox of post ${i}`);
          expect(part(el, 'lightbox-link').hasAttribute('href')).to.be.false;
          expect(parts(el, 'link').map(node => node.outerHTML)).to.be.empty;
          expect(part(el, 'lightbox-media').querySelector('video')?.outerHTML).to.be.undefined;
        });
      });

      it('keeps tiles on the lightbox with tile-link="cta", and renders a merged header without such URLs', async () => {
        const hostile = hostileFeed(bad);
        const accounts = [hostile.account, ...otherProfiles.map(p => ({ ...p, profilePictureUrl: bad, profileUrl: bad }))];
        const el = await load(mergedFeed(hostile.media, accounts), 'cta');
        expect([...el.shadowRoot!.querySelectorAll('.feed__tile')].map(tile => tile.localName)).to.deep.equal([
          'button',
          'button',
          'button',
          'button',
          'a',
          'button',
        ]);
        expectOnlyHttp(el, 'merged grid with calls to action');
        expect(parts(el, 'avatar').map(node => node.querySelector('img')?.outerHTML)).to.deep.equal([undefined, undefined, undefined]);
        expect(parts(el, 'avatar').some(node => node.hasAttribute('href'))).to.be.false;
        expect(parts(el, 'username').some(node => node.hasAttribute('href'))).to.be.false;
      });

      it('renders link tiles (no-lightbox) without an href', async () => {
        const el = await load(hostileFeed(bad), 'no-lightbox');
        const hrefs = [...el.shadowRoot!.querySelectorAll('a.feed__tile')].map(tile => tile.getAttribute('href'));
        expect(hrefs).to.deep.equal([null, null, null, null, null, null]);
        expectOnlyHttp(el, 'grid without lightbox');
      });
    });
  }

  it('still renders valid http and https URLs everywhere', async () => {
    const http = { ...profile, website: 'http://acme.example/shop', profileUrl: 'http://www.instagram.com/acme.studio/' };
    const posts = mixedFeed.media.map(m => ({ ...m, permalink: m.permalink.replace(/^https:/, 'http:') }));
    const el = await load(feed(posts, null, { account: http }));
    expect(part<HTMLImageElement>(el, 'avatar').getAttribute('src')).to.equal(profile.profilePictureUrl);
    expect(part(el, 'website').getAttribute('href')).to.equal('http://acme.example/shop');
    expect(part(el, 'username').getAttribute('href')).to.equal(http.profileUrl);
    expect(part(el, 'follow-button').getAttribute('href')).to.equal(http.profileUrl);
    const srcs = parts(el, 'item').map(item => item.querySelector('img')?.getAttribute('src'));
    expect(srcs.filter(Boolean)).to.have.length(posts.length - 1); // all but the post with no media at all
    expect([...el.shadowRoot!.querySelectorAll('source')].map(s => s.getAttribute('srcset'))).to.deep.equal([
      `${svgImage(320, 400, '#b45309', 'webp')} 320w, ${svgImage(640, 800, '#b45309', 'webp')} 640w`,
      `${svgImage(640, 800, '#b45309', 'jpeg')} 640w`,
    ]);
    expectOnlyHttp(el, 'grid');
    const video = posts.findIndex(m => m.id === 'video');
    await openEach(el, i => {
      expect(part(el, 'lightbox-link').getAttribute('href')).to.equal(posts[i]!.permalink);
      if (i === video) expect(part(el, 'lightbox-media').querySelector('video')!.getAttribute('src')).to.equal(VIDEO_URL);
      expectOnlyHttp(el, `lightbox of post ${i}`);
    });
  });

  it('still renders valid permalinks on link tiles (no-lightbox)', async () => {
    const el = await load(mixedFeed, 'no-lightbox');
    const hrefs = [...el.shadowRoot!.querySelectorAll('a.feed__tile')].map(a => a.getAttribute('href'));
    expect(hrefs).to.deep.equal(mixedFeed.media.map(m => m.permalink));
  });
});
