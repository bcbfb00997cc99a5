import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { BROKEN_IMAGE, deferred, feed, imagePosts, json, media, mixedFeed, nextEvent, part, parts, profile, settled, stubFetch, svgImage } from './fixtures.js';

async function load(template: ReturnType<typeof html>): Promise<InstagramFeedElement> {
  const el = await fixture<InstagramFeedElement>(template);
  await settled(el);
  return el;
}

function columnCount(el: InstagramFeedElement): number {
  return new Set(parts(el, 'item').map(item => Math.round(item.getBoundingClientRect().left))).size;
}

describe('<instagram-feed>', () => {
  afterEach(() => sinon.restore());

  describe('with every kind of post', () => {
    let el: InstagramFeedElement;
    let fetch: sinon.SinonStub;

    beforeEach(async () => {
      fetch = stubFetch(() => mixedFeed);
      el = await load(html`<instagram-feed account="acme.studio"></instagram-feed>`);
    });

    it('requests the feed from the origin the script came from', () => {
      expect(fetch.callCount).to.equal(1);
      expect(String(fetch.firstCall.args[0])).to.equal(`${location.origin}/api/feeds/acme.studio?limit=12`);
    });

    it('renders one item per post, with a part for its media type', () => {
      expect(parts(el, 'item')).to.have.length(mixedFeed.media.length);
      for (const type of ['image', 'video', 'reel', 'carousel']) {
        expect(parts(el, `item--${type}`), type).to.not.be.empty;
      }
      expect(parts(el, 'item').every(item => item.querySelector('[part~="media"]'))).to.be.true;
    });

    it('badges videos, reels and carousels but not photos', () => {
      const badged = (type: string) => parts(el, `item--${type}`)[0].querySelector('[part~="badge"]');
      expect(badged('image')).to.be.null;
      expect(badged('video')).to.exist;
      expect(badged('reel')).to.exist;
      expect(badged('carousel')).to.exist;
    });

    it('shows posters for videos and reels, and the first child of a carousel', () => {
      const src = (type: string) => parts(el, `item--${type}`)[0].querySelector('img')!.getAttribute('src');
      expect(src('video')).to.equal(media.video.thumbnailUrl);
      expect(src('reel')).to.equal(media.reel.thumbnailUrl);
      expect(src('carousel')).to.equal(media.carousel.children[0].mediaUrl);
    });

    it('names tiles by type and alt text: altText, else the caption, else the account and date', () => {
      const tile = (id: string) => el.shadowRoot!.querySelectorAll<HTMLElement>('.feed__tile')[mixedFeed.media.findIndex(m => m.id === id)];
      expect(tile('image').querySelector('img')!.alt).to.equal('Three glazed bowls on a wooden table');
      expect(tile('image').textContent).to.contain('Photo:');
      expect(tile('video').querySelector('img')!.alt).to.equal('Throwing a vase, start to finish');
      expect(tile('nocaption').querySelector('img')!.alt).to.equal('Instagram post by @acme.studio on January 15, 2025');
      expect(tile('carousel').textContent).to.contain('Album of 5');
    });

    it('renders a post without mediaUrl from its thumbnail', () => {
      const tile = parts(el, 'item').find(item => item.querySelector('img')?.getAttribute('src') === media.posterOnly.thumbnailUrl);
      expect(tile).to.exist;
      expect(tile!.querySelector('button')).to.exist;
    });

    it('renders a post with no image at all as a link to Instagram', () => {
      const link = el.shadowRoot!.querySelector<HTMLAnchorElement>(`a.feed__tile[href="${media.unavailable.permalink}"]`);
      expect(link).to.exist;
      expect(link!.target).to.equal('_blank');
      expect(link!.textContent).to.contain('View on Instagram');
    });

    it('lazy-loads images, with WebP sources before JPEG and the size reserved', () => {
      const picture = parts(el, 'item--image')[0].querySelector('picture')!;
      const sources = [...picture.querySelectorAll('source')];
      expect(sources.map(s => s.type)).to.deep.equal(['image/webp', 'image/jpeg']);
      expect(sources[0].srcset.split(', ').map(s => s.split(' ').pop())).to.deep.equal(['320w', '640w']);
      const img = picture.querySelector('img')!;
      expect(img.loading).to.equal('lazy');
      expect(img.decoding).to.equal('async');
      expect([img.getAttribute('width'), img.getAttribute('height')]).to.deep.equal(['1080', '1350']);
      expect(getComputedStyle(part(el, 'media')).backgroundColor).to.equal('rgb(180, 83, 9)');
    });

    it('shows likes and comments in the overlay, and omits counts the owner hid', () => {
      const overlay = (id: string) => parts(el, 'item')[mixedFeed.media.findIndex(m => m.id === id)].querySelector('[part~="overlay"]')!;
      expect(overlay('image').querySelector('[part~="likes"]')!.textContent).to.equal('1.5K likes');
      expect(overlay('image').querySelector('[part~="comments"]')!.textContent).to.equal('12 comments');
      expect(overlay('image').querySelector('[part~="caption"]')!.textContent).to.contain('Glazing day.');
      expect(overlay('hidden').querySelector('[part~="likes"]')).to.be.null;
      expect(overlay('hidden').querySelector('[part~="comments"]')).to.be.null;
      expect(overlay('nocaption').querySelector('[part~="caption"]')).to.be.null;
    });

    it('shows the overlay while a tile has focus', async () => {
      const overlay = parts(el, 'overlay')[0];
      expect(getComputedStyle(overlay).opacity).to.equal('0');
      el.shadowRoot!.querySelector<HTMLElement>('.feed__tile')!.focus();
      await waitUntil(() => getComputedStyle(overlay).opacity === '1');
    });

    it('shows a header with avatar, names, bio, compact counts and a Follow link', () => {
      expect(part<HTMLImageElement>(el, 'avatar').src).to.equal(profile.profilePictureUrl);
      expect(part(el, 'username').textContent).to.equal('acme.studio');
      expect(part(el, 'name').textContent).to.equal('Acme Studio');
      expect(part(el, 'bio').textContent).to.equal(profile.biography);
      expect([...part(el, 'stats').children].map(li => li.textContent)).to.deep.equal(['248 posts', '12.4K followers', '321 following']);
      const follow = part<HTMLAnchorElement>(el, 'follow-button');
      expect(follow.href).to.equal(profile.profileUrl);
      expect(follow.getAttribute('aria-label')).to.equal('Follow @acme.studio on Instagram');
    });

    it('hides the header and captions when asked', async () => {
      el.noHeader = true;
      el.noCaptions = true;
      await el.updateComplete;
      expect(parts(el, 'header')).to.be.empty;
      expect(parts(el, 'caption')).to.be.empty;
    });
  });

  describe('when `locale` is set', () => {
    it('formats counts and dates with it', async () => {
      stubFetch(() => feed([media.noCaption]));
      const el = await load(html`<instagram-feed account="acme.studio" locale="de"></instagram-feed>`);
      const compact = new Intl.NumberFormat('de', { notation: 'compact', maximumFractionDigits: 1 });
      expect(part(el, 'stats').textContent).to.contain(compact.format(12400));
      expect(el.shadowRoot!.querySelector('img.picture__img')!.getAttribute('alt')).to.contain('15. Januar 2025');
    });

    it('falls back to the browser locale for an invalid tag', async () => {
      stubFetch(() => feed([media.image]));
      const el = await load(html`<instagram-feed account="acme.studio" locale="not a locale!"></instagram-feed>`);
      expect(part(el, 'stats').textContent).to.contain('12.4K');
    });
  });

  describe('when `server` is set', () => {
    it('requests from that server, keeping a path prefix and encoding the account', async () => {
      const fetch = stubFetch(() => feed([]));
      await load(html`<instagram-feed server="https://feeds.example.com/ig/" account="a b/c" limit="3"></instagram-feed>`);
      expect(String(fetch.firstCall.args[0])).to.equal('https://feeds.example.com/ig/api/feeds/a%20b%2Fc?limit=3');
    });
  });

  describe('layouts', () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('renders a responsive grid by default: up to 4 columns, fewer on narrow screens', async () => {
      stubFetch(() => feed(imagePosts(12)));
      const el = await load(html`<instagram-feed account="acme.studio" style="width: 1000px"></instagram-feed>`);
      expect(el.layout).to.equal('grid');
      expect(part(el, 'base').classList.contains('feed--grid')).to.be.true;
      expect(columnCount(el)).to.equal(4);
      // Tiles stay at least 110px wide: 400px less 2 × 16px padding holds 3, 280px holds 2.
      el.style.width = '400px';
      await nextFrame();
      expect(columnCount(el)).to.equal(3);
      el.style.width = '280px';
      await nextFrame();
      expect(columnCount(el)).to.equal(2);
    });

    it('uses `columns` over --instagram-feed-columns, and that over the default', async () => {
      stubFetch(() => feed(imagePosts(12)));
      document.documentElement.style.setProperty('--instagram-feed-columns', '2');
      try {
        const el = await load(html`<instagram-feed account="acme.studio" style="width: 1000px"></instagram-feed>`);
        expect(columnCount(el)).to.equal(2);
        el.columns = 6;
        await el.updateComplete;
        expect(columnCount(el)).to.equal(6);
      } finally {
        document.documentElement.style.removeProperty('--instagram-feed-columns');
      }
    });

    it('keeps grid tiles square and reserves their size before images load', async () => {
      stubFetch(() => feed([media.image, media.reel]));
      const el = await load(html`<instagram-feed account="acme.studio" style="width: 800px"></instagram-feed>`);
      for (const box of parts(el, 'media')) {
        const { width, height } = box.getBoundingClientRect();
        expect(width).to.be.greaterThan(100);
        expect(Math.abs(width - height)).to.be.lessThan(1);
      }
    });

    it('renders a scroll-snap carousel with previous and next buttons', async function () {
      this.timeout(15_000); // smooth scrolling waits for frames, which a loaded machine delays
      stubFetch(() => feed(imagePosts(12)));
      const el = await load(html`<instagram-feed account="acme.studio" layout="carousel" style="width: 700px"></instagram-feed>`);
      const list = part(el, 'list');
      expect(getComputedStyle(list).scrollSnapType).to.equal('x mandatory');
      expect(list.scrollWidth).to.be.greaterThan(list.clientWidth);
      await waitUntil(() => parts(el, 'carousel-next').length === 1, 'no carousel buttons');
      await waitUntil(() => part(el, 'carousel-next').getAttribute('aria-disabled') === 'false', 'next never enabled');
      expect(part(el, 'carousel-prev').getAttribute('aria-disabled')).to.equal('true');
      expect(part(el, 'carousel-prev').getAttribute('aria-label')).to.equal('Previous posts');
      part(el, 'carousel-next').click();
      await waitUntil(() => list.scrollLeft > 0, 'the carousel did not scroll', { timeout: 10_000 });
      await waitUntil(() => part(el, 'carousel-prev').getAttribute('aria-disabled') === 'false');
    });

    it('renders masonry with each post at its own aspect ratio (reels 9:16)', async () => {
      stubFetch(() => feed([media.image, media.reel, media.noCaption]));
      const el = await load(html`<instagram-feed account="acme.studio" layout="masonry" style="width: 900px"></instagram-feed>`);
      expect(getComputedStyle(part(el, 'list')).columnCount).to.equal('4');
      const ratio = (type: string) => {
        const { width, height } = parts(el, `item--${type}`)[0].querySelector('[part~="media"]')!.getBoundingClientRect();
        return height / width;
      };
      expect(ratio('reel')).to.be.closeTo(16 / 9, 0.02);
      expect(ratio('image')).to.be.closeTo(1350 / 1080, 0.02);
    });

    it('renders a list with captions and counts beside each post', async () => {
      stubFetch(() => feed([media.image, media.video]));
      const el = await load(html`<instagram-feed account="acme.studio" layout="list" style="width: 800px"></instagram-feed>`);
      const overlay = parts(el, 'overlay')[0];
      expect(getComputedStyle(overlay).opacity).to.equal('1');
      expect(getComputedStyle(overlay).position).to.equal('static');
      expect(overlay.querySelector('time')!.dateTime).to.equal(media.image.timestamp);
      expect(overlay.getBoundingClientRect().left).to.be.greaterThan(part(el, 'media').getBoundingClientRect().right);
    });

    it('falls back to the grid for an unknown layout, and to defaults for bad numbers', async () => {
      const fetch = stubFetch(() => feed(imagePosts(2)));
      const el = await load(html`<instagram-feed account="acme.studio" layout="hexagons" limit="5000" columns="-2"></instagram-feed>`);
      expect(el.layout).to.equal('grid');
      expect(el.limit).to.equal(12);
      expect(el.columns).to.be.undefined;
      expect(String(fetch.firstCall.args[0])).to.contain('limit=12');
      expect(part(el, 'base').classList.contains('feed--grid')).to.be.true;
    });
  });

  describe('when `types` is set', () => {
    it('shows only those media types', async () => {
      stubFetch(() => mixedFeed);
      const el = await load(html`<instagram-feed account="acme.studio" types="reel, carousel"></instagram-feed>`);
      expect(parts(el, 'item').map(item => item.getAttribute('part'))).to.deep.equal(['item item--reel', 'item item--carousel']);
    });

    it('shows every type when no valid type is named', async () => {
      stubFetch(() => mixedFeed);
      const el = await load(html`<instagram-feed account="acme.studio" types="stories"></instagram-feed>`);
      expect(parts(el, 'item')).to.have.length(mixedFeed.media.length);
    });
  });

  describe('while loading', () => {
    it('shows a skeleton with the same box sizes as the loaded grid', async () => {
      const reply = deferred();
      stubFetch(() => reply.answer);
      const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="6" style="width: 600px"></instagram-feed>`);
      expect(part(el, 'base').getAttribute('aria-busy')).to.equal('true');
      const skeletons = parts(el, 'skeleton').filter(s => s.localName === 'li');
      expect(skeletons).to.have.length(6);
      const boxes = (items: HTMLElement[]) => items.map(item => Object.values(item.getBoundingClientRect().toJSON()).map(value => Math.round(value as number)));
      const before = boxes(skeletons);
      reply.resolve(feed(imagePosts(6)));
      await settled(el);
      expect(boxes(parts(el, 'item'))).to.deep.equal(before);
      expect(part(el, 'base').getAttribute('aria-busy')).to.equal('false');
    });
  });

  describe('when the server fails', () => {
    it('shows the error part with Retry and fires instagram-feed-error with the status', async () => {
      let fail = true;
      stubFetch(() => (fail ? json({ error: { code: 'account_not_found', message: 'No connected account "nobody".' } }, 404) : feed([media.image])));
      const el = document.createElement('instagram-feed');
      const error = nextEvent(el, 'instagram-feed-error');
      el.account = 'nobody';
      document.body.append(el);
      try {
        const event = await error;
        expect([event.status, event.code, event.message]).to.deep.equal([404, 'account_not_found', 'No connected account "nobody".']);
        expect(part(el, 'error').getAttribute('role')).to.equal('alert');
        expect(part(el, 'error').textContent).to.contain('No connected account "nobody".');
        fail = false;
        part(el, 'retry').click();
        await waitUntil(() => parts(el, 'item').length === 1, 'Retry did not reload');
      } finally {
        el.remove();
      }
    });

    it('reports status 0 when the server cannot be reached', async () => {
      sinon.stub(window, 'fetch').rejects(new TypeError('Failed to fetch'));
      const el = await fixture<InstagramFeedElement>(html`<instagram-feed></instagram-feed>`);
      const error = nextEvent(el, 'instagram-feed-error');
      el.account = 'acme.studio';
      expect((await error).status).to.equal(0);
      expect(parts(el, 'retry')).to.have.length(1);
    });

    it('treats a response that is not a Feed as an error', async () => {
      stubFetch(() => json({ hello: 'world' }));
      const el = await fixture<InstagramFeedElement>(html`<instagram-feed></instagram-feed>`);
      const error = nextEvent(el, 'instagram-feed-error');
      el.account = 'acme.studio';
      expect((await error).code).to.equal('invalid_response');
    });
  });

  describe('when the account has no posts', () => {
    it('shows the empty part with a default text', async () => {
      stubFetch(() => feed([]));
      const el = await load(html`<instagram-feed account="acme.studio"></instagram-feed>`);
      expect(part(el, 'empty').textContent!.trim()).to.equal('No posts yet.');
    });

    it('shows slotted content instead', async () => {
      stubFetch(() => feed([]));
      const el = await load(html`<instagram-feed account="acme.studio"><p slot="empty">Follow us for news</p></instagram-feed>`);
      const slot = part(el, 'empty').querySelector('slot')!;
      expect(slot.assignedElements()[0].textContent).to.equal('Follow us for news');
    });
  });

  describe('when the feed is stale', () => {
    it('renders it normally', async () => {
      stubFetch(() => feed(imagePosts(3), null, { stale: true }));
      const el = await load(html`<instagram-feed account="acme.studio"></instagram-feed>`);
      expect(parts(el, 'item')).to.have.length(3);
      expect(parts(el, 'error')).to.be.empty;
    });
  });

  describe('with `load-more`', () => {
    it('appends the next page, requested with `after`, and hides the button at the end', async () => {
      const fetch = stubFetch(url => (url.searchParams.get('after') === 'cursor-2' ? feed(imagePosts(4, 'q'), null) : feed(imagePosts(4, 'p'), 'cursor-2')));
      const el = await load(html`<instagram-feed account="acme.studio" limit="4" load-more></instagram-feed>`);
      const loads: number[] = [];
      el.addEventListener('instagram-feed-load', event => loads.push(event.added.length));
      const button = part<HTMLButtonElement>(el, 'load-more');
      expect(button.textContent!.trim()).to.equal('Load more');
      button.focus();
      button.click();
      await waitUntil(() => parts(el, 'item').length === 8, 'the next page was not appended');
      const second = new URL(String(fetch.secondCall.args[0]));
      expect([second.searchParams.get('after'), second.searchParams.get('limit')]).to.deep.equal(['cursor-2', '4']);
      expect(parts(el, 'item').map(item => item.querySelector('img')!.alt)).to.deep.equal([
        ...['p1', 'p2', 'p3', 'p4', 'q1', 'q2', 'q3', 'q4'].map(id => `Post ${id} #ceramics with @friend`),
      ]);
      expect(parts(el, 'load-more')).to.be.empty;
      await waitUntil(() => el.shadowRoot!.activeElement === el.shadowRoot!.querySelectorAll('.feed__tile')[4], 'focus did not move to the first new post');
      expect(loads).to.deep.equal([4]);
      expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('4 more posts loaded');
    });

    it('shows no button without a next page, or without the attribute', async () => {
      stubFetch(() => feed(imagePosts(2), 'cursor-2'));
      const el = await load(html`<instagram-feed account="acme.studio"></instagram-feed>`);
      expect(parts(el, 'load-more')).to.be.empty;
      sinon.restore();
      stubFetch(() => feed(imagePosts(2), null));
      const last = await load(html`<instagram-feed account="acme.studio" load-more></instagram-feed>`);
      expect(parts(last, 'load-more')).to.be.empty;
    });

    it('keeps the posts and offers to try again when the next page fails', async () => {
      stubFetch(url => (url.searchParams.has('after') ? json({ error: { code: 'upstream', message: 'Try later.' } }, 503) : feed(imagePosts(2), 'c')));
      const el = await load(html`<instagram-feed account="acme.studio" load-more></instagram-feed>`);
      const error = nextEvent(el, 'instagram-feed-error');
      part(el, 'load-more').click();
      expect((await error).status).to.equal(503);
      expect(parts(el, 'item')).to.have.length(2);
      expect(part(el, 'load-more').textContent!.trim()).to.equal('Try again');
    });
  });

  describe('events', () => {
    it('fires instagram-feed-load once the posts are rendered', async () => {
      stubFetch(() => feed(imagePosts(3)));
      const el = document.createElement('instagram-feed');
      const loaded = nextEvent(el, 'instagram-feed-load');
      el.account = 'acme.studio';
      document.body.append(el);
      try {
        const event = await loaded;
        expect(event.feed.account.username).to.equal('acme.studio');
        expect(event.added).to.have.length(3);
        expect(parts(el, 'item')).to.have.length(3);
        expect(event.bubbles && event.composed).to.be.true;
      } finally {
        el.remove();
      }
    });

    it('fires nothing when properties are changed by script', async () => {
      stubFetch(() => mixedFeed);
      const el = await load(html`<instagram-feed account="acme.studio"></instagram-feed>`);
      const fired: string[] = [];
      for (const type of ['instagram-feed-load', 'instagram-feed-error', 'instagram-feed-select']) el.addEventListener(type, () => fired.push(type));
      Object.assign(el, { layout: 'masonry', columns: 2, types: 'image', noCaptions: true, noHeader: true, locale: 'fr', loadMore: true });
      await el.updateComplete;
      el.layout = 'carousel';
      await el.updateComplete;
      await nextFrame();
      expect(fired).to.deep.equal([]);
    });

    it('fires a cancelable instagram-feed-select when a link tile is clicked', async () => {
      stubFetch(() => feed([media.image, media.unavailable]));
      const el = await load(html`<instagram-feed account="acme.studio" no-lightbox></instagram-feed>`);
      const links = el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('a.feed__tile');
      expect(links).to.have.length(2);
      el.addEventListener('instagram-feed-select', event => event.preventDefault());
      const clicked = new Promise<MouseEvent>(resolve => window.addEventListener('click', resolve, { once: true }));
      const selected = nextEvent(el, 'instagram-feed-select');
      links[1].click();
      const event = await selected;
      expect([event.media.id, event.index]).to.deep.equal(['gone', 1]);
      // Canceling the select event cancels the click, so the browser stays on the page.
      expect((await clicked).defaultPrevented).to.be.true;
    });
  });

  describe('when `account` changes during a request', () => {
    it('aborts the old request and never shows its result', async () => {
      const first = deferred({ ignoreAbort: true });
      stubFetch(url => (url.pathname.endsWith('/first') ? first.answer : feed([media.reel])));
      const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="first"></instagram-feed>`);
      await waitUntil(() => first.signal());
      el.account = 'second';
      await settled(el);
      expect(first.signal()!.aborted).to.be.true;
      first.resolve(feed(imagePosts(5)));
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(parts(el, 'item').map(item => item.getAttribute('part'))).to.deep.equal(['item item--reel']);
    });
  });

  describe('when images fail to load (an expired CDN URL)', () => {
    it('shows a stand-in and reloads the feed once', async () => {
      const fetch = stubFetch(() => feed(imagePosts(2, 'x', () => BROKEN_IMAGE)));
      const el = await load(html`<instagram-feed account="acme.studio"></instagram-feed>`);
      await waitUntil(() => fetch.callCount === 2, 'the feed was not reloaded');
      await waitUntil(() => el.shadowRoot!.querySelectorAll('.feed__unavailable').length === 2, 'no stand-ins');
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(fetch.callCount).to.equal(2);
      expect(parts(el, 'item')).to.have.length(2);
    });

    it('shows the fresh images when the reload brings new URLs', async () => {
      let calls = 0;
      stubFetch(() => feed([{ ...media.noCaption, mediaUrl: calls++ === 0 ? BROKEN_IMAGE : svgImage(10, 10, '#123456') }]));
      const el = await load(html`<instagram-feed account="acme.studio"></instagram-feed>`);
      await waitUntil(() => el.shadowRoot!.querySelector('img.picture__img.is-loaded'), 'the fresh image never showed');
      expect(calls).to.equal(2);
    });
  });
});
