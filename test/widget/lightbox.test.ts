import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { feed, media, mixedFeed, nextEvent, part, parts, settled, stubFetch } from './fixtures.js';

const dialogOf = (el: InstagramFeedElement) => el.shadowRoot!.querySelector<HTMLDialogElement>('dialog');
const tiles = (el: InstagramFeedElement) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.feed__tile')];
const active = (el: InstagramFeedElement) => el.shadowRoot!.activeElement;
const announced = (el: InstagramFeedElement) => dialogOf(el)!.querySelector('.lightbox__status')!.textContent;

async function opened(el: InstagramFeedElement): Promise<HTMLDialogElement> {
  await waitUntil(() => dialogOf(el)?.open && dialogOf(el)!.contains(active(el)), 'the lightbox did not open with focus inside');
  return dialogOf(el)!;
}

describe('<instagram-feed> lightbox', () => {
  let el: InstagramFeedElement;

  beforeEach(async () => {
    stubFetch(() => mixedFeed);
    el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" no-header></instagram-feed>`);
    await settled(el);
  });

  afterEach(async () => {
    sinon.restore();
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('works from the keyboard: Tab, Enter, arrows, Esc, and focus returns to the tile', async () => {
    const selected = nextEvent(el, 'instagram-feed-select');
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(tiles(el)[0]);
    await sendKeys({ press: 'Enter' });
    expect((await selected).index).to.equal(0);
    const dialog = await opened(el);
    expect(dialog.matches(':modal')).to.be.true;
    expect(announced(el)).to.equal(`Post 1 of ${mixedFeed.media.length}`);
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => announced(el) === `Post 2 of ${mixedFeed.media.length}`, 'ArrowRight did not move on');
    expect(part(el, 'lightbox-media').querySelector('video')).to.exist;
    await sendKeys({ press: 'ArrowLeft' });
    await waitUntil(() => announced(el) === `Post 1 of ${mixedFeed.media.length}`, 'ArrowLeft did not move back');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialogOf(el), 'Esc did not close');
    expect(active(el)).to.equal(tiles(el)[0]);
  });

  it('opens with Space too, and returns focus to the tile of the post last shown', async () => {
    tiles(el)[1].focus();
    await sendKeys({ press: 'Space' });
    await opened(el);
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => announced(el) === `Post 4 of ${mixedFeed.media.length}`);
    part(el, 'lightbox-close').click();
    await waitUntil(() => active(el) === tiles(el)[3], 'focus did not land on the fourth tile');
  });

  it('traps focus inside the dialog', async () => {
    tiles(el)[0].click();
    const dialog = await opened(el);
    for (let i = 0; i < 12; i++) {
      await sendKeys({ press: 'Tab' });
      expect(dialog.contains(active(el)), `after ${i + 1} Tab presses`).to.be.true;
    }
    const focusable = [...dialog.querySelectorAll<HTMLElement>('a[href], button')];
    focusable.at(-1)!.focus();
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(focusable[0]);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(active(el)).to.equal(focusable.at(-1));
  });

  it('shows the caption with line breaks and links, date, counts and a link to Instagram', async () => {
    tiles(el)[0].click();
    await opened(el);
    const caption = part(el, 'lightbox-caption');
    const text = caption.querySelector('.lightbox__caption')!;
    expect(text.textContent).to.equal(media.image.caption);
    expect(getComputedStyle(text).whiteSpace).to.equal('pre-line');
    expect([...text.querySelectorAll('a')].map(a => a.href)).to.deep.equal([
      'https://www.instagram.com/explore/tags/ceramics/',
      'https://www.instagram.com/explore/tags/handmade/',
      'https://www.instagram.com/kiln.friends/',
    ]);
    expect(caption.querySelector('[part~="likes"]')!.textContent).to.equal('1.5K likes');
    expect(caption.querySelector('[part~="comments"]')!.textContent).to.equal('12 comments');
    expect(caption.querySelector('time')!.dateTime).to.equal(media.image.timestamp);
    const link = [...caption.querySelectorAll('a')].find(a => a.textContent!.includes('View on Instagram'))!;
    expect(link.href).to.equal(media.image.permalink);
    expect(part(el, 'lightbox-prev').getAttribute('aria-disabled')).to.equal('true');
  });

  it('pages through carousel children with their own controls and counter', async () => {
    const index = mixedFeed.media.findIndex(m => m.type === 'carousel');
    tiles(el)[index].click();
    await opened(el);
    const counter = () => part(el, 'lightbox-counter').querySelector('[aria-hidden]')!.textContent;
    expect(counter()).to.equal('1 / 5');
    expect(part(el, 'lightbox-slide-prev').getAttribute('aria-disabled')).to.equal('true');
    part(el, 'lightbox-slide-next').click();
    await waitUntil(() => counter() === '2 / 5');
    const video = part(el, 'lightbox-media').querySelector('video')!;
    expect(video.controls).to.be.true;
    expect(video.poster).to.equal(media.carousel.children[1].thumbnailUrl);
    part(el, 'lightbox-slide-prev').click();
    await waitUntil(() => counter() === '1 / 5');
    expect(part(el, 'lightbox-media').querySelector('img')!.alt).to.equal('Slide c1');
  });

  it('plays videos with controls, muted and autoplaying unless reduced motion is asked for', async () => {
    const index = mixedFeed.media.findIndex(m => m.id === 'video');
    tiles(el)[index].click();
    await opened(el);
    let video = part(el, 'lightbox-media').querySelector('video')!;
    expect([video.controls, video.muted, video.autoplay]).to.deep.equal([true, true, true]);
    await el.closeLightbox();
    await emulateMedia({ reducedMotion: 'reduce' });
    tiles(el)[index].click();
    await opened(el);
    video = part(el, 'lightbox-media').querySelector('video')!;
    expect([video.controls, video.autoplay]).to.deep.equal([true, false]);
  });

  it('shows the poster, not a video, for a video without mediaUrl', async () => {
    tiles(el)[mixedFeed.media.findIndex(m => m.id === 'poster')].click();
    await opened(el);
    expect(part(el, 'lightbox-media').querySelector('video')).to.be.null;
    expect(part(el, 'lightbox-media').querySelector('img')!.getAttribute('src')).to.equal(media.posterOnly.thumbnailUrl);
  });

  it('closes when the backdrop is clicked', async () => {
    tiles(el)[0].click();
    await opened(el);
    await sendMouse({ type: 'click', position: [3, 300] });
    await waitUntil(() => !dialogOf(el), 'the backdrop click did not close');
  });

  it('stays closed when instagram-feed-select is canceled', async () => {
    el.addEventListener('instagram-feed-select', event => event.preventDefault());
    tiles(el)[0].click();
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(dialogOf(el)).to.be.null;
  });

  it('opens from script without an instagram-feed-select event', async () => {
    const selected = sinon.spy();
    el.addEventListener('instagram-feed-select', selected);
    await el.openLightbox(2);
    await opened(el);
    expect(announced(el)).to.equal(`Post 3 of ${mixedFeed.media.length}`);
    await el.closeLightbox();
    expect(selected.called).to.be.false;
  });

  describe('page scrolling', () => {
    const root = document.documentElement;
    beforeEach(() => {
      // The page's own inline style, which every release must give back exactly.
      root.style.overflow = 'visible';
      document.body.style.height = '5000px';
    });
    afterEach(() => {
      root.style.overflow = '';
      document.body.style.height = '';
    });

    it('stops while the lightbox is open and comes back as it was on close', async () => {
      await el.openLightbox(0);
      await opened(el);
      expect(root.style.overflow).to.equal('hidden');
      await el.closeLightbox();
      expect(root.style.overflow).to.equal('visible');
      expect(root.style.paddingRight).to.equal('');
    });

    it('comes back when the element is removed while open', async () => {
      await el.openLightbox(0);
      await opened(el);
      el.remove();
      expect(root.style.overflow).to.equal('visible');
    });

    it('stays stopped until the last of two open lightboxes closes', async () => {
      const other = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" no-header></instagram-feed>`);
      await settled(other);
      await el.openLightbox(0);
      await other.openLightbox(1);
      await el.closeLightbox();
      expect(root.style.overflow).to.equal('hidden');
      await other.closeLightbox();
      expect(root.style.overflow).to.equal('visible');
    });
  });
});

describe('<instagram-feed no-lightbox>', () => {
  afterEach(() => sinon.restore());

  it('links tiles to Instagram instead', async () => {
    stubFetch(() => feed([media.image]));
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" no-lightbox></instagram-feed>`);
    await settled(el);
    const tile = el.shadowRoot!.querySelector<HTMLAnchorElement>('.feed__tile')!;
    expect(tile.localName).to.equal('a');
    expect(tile.href).to.equal(media.image.permalink);
    expect(parts(el, 'lightbox')).to.be.empty;
  });
});
