// A page renders its header first, then a chunk of tiles per frame, from the first, with skeleton tiles holding
// the place of the rest: every post ends up rendered, in order, keyboard order and focus survive the chunks, and
// `instagram-feed-load` (and `reload()`, `loadNextPage()`) still mean that every tile is there.
import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { feed, imagePosts, nextEvent, parts, settled, stubFetch } from './fixtures.js';

interface Frame {
  tiles: number;
  placeholders: number;
  height: number;
}

/** Until every post is a tile: per animation frame, how many tiles and placeholders the list holds, and its height. */
async function watchFrames(el: InstagramFeedElement, posts: number): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (let i = 0; i < 600; i++) {
    const list = el.shadowRoot?.querySelector('[part~="list"]');
    if (list) {
      frames.push({
        tiles: parts(el, 'item').length,
        placeholders: list.querySelectorAll('[part~="skeleton"]').length,
        height: list.getBoundingClientRect().height,
      });
      if (frames.at(-1)!.tiles === posts) return frames;
    }
    await nextFrame();
  }
  throw new Error('the posts never all rendered');
}

const indexes = (el: InstagramFeedElement) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.feed__tile')].map(tile => Number(tile.dataset.index));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('<instagram-feed> with a long page', () => {
  afterEach(() => sinon.restore());

  it('renders it over several frames, in order, skeleton tiles holding the place of the rest', async () => {
    stubFetch(() => feed(imagePosts(100)));
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="100" no-header></instagram-feed>`);
    const frames = await watchFrames(el, 100);
    expect(frames[0]!.tiles, 'the first frame already held every tile').to.be.lessThan(100);
    expect(frames.length).to.be.greaterThan(2);
    for (const [i, frame] of frames.entries()) {
      expect(frame.tiles + frame.placeholders, `frame ${i}`).to.equal(100);
      expect(frame.height, `frame ${i}: the list changed height`).to.equal(frames[0]!.height);
      if (i) expect(frame.tiles, `frame ${i}`).to.be.at.least(frames[i - 1]!.tiles);
    }
    expect(indexes(el)).to.deep.equal(range(100));
    expect(parts(el, 'item').map(item => item.querySelector('img')!.alt)).to.deep.equal(range(100).map(i => `Post p${i + 1} #ceramics with @friend`));
    expect(el.shadowRoot!.querySelectorAll('[part~="skeleton"]')).to.have.length(0);
  });

  it('shows the header first, in place of its skeleton, and the tiles from a later frame on', async () => {
    stubFetch(() => feed(imagePosts(12)));
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="12"></instagram-feed>`);
    for (let i = 0; !el.shadowRoot?.querySelector('[part~="header"]'); i++) {
      if (i > 600) throw new Error('the header never rendered');
      await nextFrame();
    }
    expect(parts(el, 'item'), 'tiles rendered with the header').to.have.length(0);
    expect(el.shadowRoot!.querySelectorAll('[part~="list"] [part~="skeleton"]')).to.have.length(12);
    const frames = await watchFrames(el, 12);
    expect(frames.at(-1)!.tiles).to.equal(12);
    expect(indexes(el)).to.deep.equal(range(12));
  });

  it('fires instagram-feed-load once per page, when its last chunk has rendered; reload() waits for it too', async () => {
    stubFetch(url => feed(imagePosts(Number(url.searchParams.get('limit')))));
    const el = document.createElement('instagram-feed');
    const seen: number[][] = [];
    el.addEventListener('instagram-feed-load', event => seen.push([event.added.length, parts(el, 'item').length]));
    Object.assign(el, { account: 'acme.studio', limit: 100 });
    document.body.append(el);
    try {
      await nextEvent(el, 'instagram-feed-load');
      await el.reload();
      expect(parts(el, 'item')).to.have.length(100);
      el.limit = 60;
      await nextEvent(el, 'instagram-feed-load');
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(seen).to.deep.equal([
        [100, 100],
        [100, 100],
        [60, 60],
      ]);
    } finally {
      el.remove();
    }
  });

  it('keeps keyboard order, and the focus of a tile focused before the last chunk', async () => {
    stubFetch(() => feed(imagePosts(100)));
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="100" no-header></instagram-feed>`);
    // Frame by frame, not waitUntil's 50 ms polling: a fast machine renders every chunk within that.
    while (!parts(el, 'item').length) await nextFrame();
    const first = el.shadowRoot!.querySelector<HTMLElement>('.feed__tile')!;
    first.focus();
    expect(parts(el, 'item').length, 'every tile was there already').to.be.lessThan(100);
    expect(el.shadowRoot!.querySelectorAll('[part~="skeleton"] :is(a, button, [tabindex])')).to.have.length(0);
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(first);
    for (let i = 1; i <= 3; i++) {
      await sendKeys({ press: 'Tab' });
      expect((el.shadowRoot!.activeElement as HTMLElement).dataset.index).to.equal(String(i));
    }
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect((el.shadowRoot!.activeElement as HTMLElement).dataset.index).to.equal('2');
  });

  it('renders a next page in chunks too, after the posts already shown', async () => {
    stubFetch(url => (url.searchParams.get('after') ? feed(imagePosts(100, 'q'), null) : feed(imagePosts(100, 'p'), 'next')));
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="100" no-header load-more></instagram-feed>`);
    await settled(el);
    const more = el.loadNextPage();
    const frames = await watchFrames(el, 200);
    await more;
    expect(frames.some(frame => frame.tiles > 100 && frame.tiles < 200 && frame.placeholders === 200 - frame.tiles)).to.be.true;
    expect(indexes(el)).to.deep.equal(range(200));
  });

  it('renders the masonry layout at once, its columns filling top to bottom', async () => {
    stubFetch(() => feed(imagePosts(40)));
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="40" layout="masonry" no-header></instagram-feed>`);
    const frames = await watchFrames(el, 40);
    expect(frames.map(frame => frame.tiles)).to.deep.equal([40]);
  });
});
