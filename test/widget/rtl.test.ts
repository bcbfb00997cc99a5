// Right to left: with dir="rtl" (the element's own or inherited) the layout, the carousel's buttons and
// scrolling, and the lightbox's arrows mirror, and the arrow keys follow what is on screen.
import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { feed, imagePosts, media, part, post, settled, stubFetch } from './fixtures.js';

const posts = [post({ id: 'pinned', pinned: true, caption: 'مجموعة الربيع' }), media.video, media.reel, media.carousel, ...imagePosts(6)];

async function load(template: ReturnType<typeof html>): Promise<InstagramFeedElement> {
  const host = await fixture<HTMLElement>(template);
  const el = (host.localName === 'instagram-feed' ? host : host.querySelector('instagram-feed')!) as InstagramFeedElement;
  await settled(el);
  return el;
}

const box = (el: Element) => el.getBoundingClientRect();
const iconScale = (button: Element) => getComputedStyle(button.querySelector('svg')!).scale;

describe('<instagram-feed> right to left', () => {
  before(() => setViewport({ width: 900, height: 700 }));
  afterEach(() => sinon.restore());

  it('mirrors the carousel: "previous" on the right pointing right, "next" scrolling to the left', async () => {
    stubFetch(() => feed(posts, 'c2'));
    const el = await load(
      html`<div dir="rtl" lang="ar" style="width: 860px"><instagram-feed account="acme.studio" layout="carousel" columns="4" load-more autoplay="60"></instagram-feed></div>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="carousel-next"]'), 'no carousel buttons', { timeout: 3000 });
    const prev = part(el, 'carousel-prev');
    const next = part(el, 'carousel-next');
    const track = part(el, 'list');
    expect(box(prev).left).to.be.greaterThan(box(next).right);
    expect(iconScale(prev)).to.equal('-1 1');
    expect(iconScale(next)).to.equal('-1 1');
    // The first tile sits at the right end of the track.
    const first = el.shadowRoot!.querySelector('.feed__item')!;
    expect(Math.round(box(first).right)).to.equal(Math.round(box(track).right));
    // The header reads from the right: the picture right of the name.
    expect(box(part(el, 'avatar')).left).to.be.greaterThan(box(part(el, 'username')).right);
    // Badges keep to the inline end (the left), the pin to the start (the right).
    const tile = el.shadowRoot!.querySelector('[part~="item--video"]')!;
    expect(box(tile.querySelector('[part~="badge"]')!).left - box(tile).left).to.be.lessThan(20);

    // The autoplay button keeps to the track's inline end too (bottom left), and its icon is not mirrored.
    const stop = part(el, 'carousel-autoplay');
    expect(box(stop).left - box(track).left).to.be.lessThan(20);
    expect(iconScale(stop)).to.equal('none');
    expect(stop.getAttribute('aria-label')).to.equal('إيقاف التمرير التلقائي');

    await executeServerCommand('save-screenshot', { name: 'rtl-carousel.png' });

    next.click();
    await waitUntil(() => track.scrollLeft < -50, 'the track did not scroll to the left', { timeout: 3000 });
    await waitUntil(() => prev.getAttribute('aria-disabled') === 'false', 'previous stayed disabled', { timeout: 3000 });
  });

  it('mirrors the grid, and the lightbox: arrows swapped, Left steps to the next post', async () => {
    stubFetch(() => feed(posts));
    const el = await load(html`<div dir="rtl" lang="he"><instagram-feed account="acme.studio" locale="ar"></instagram-feed></div>`);
    const tiles = el.shadowRoot!.querySelectorAll('.feed__item');
    expect(box(tiles[0]!).left).to.be.greaterThan(box(tiles[1]!).left);
    await executeServerCommand('save-screenshot', { name: 'rtl-grid.png' });

    await el.openLightbox(1);
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    await waitUntil(() => dialog.open, 'the lightbox did not open', { timeout: 3000 });
    const prev = part(el, 'lightbox-prev');
    const next = part(el, 'lightbox-next');
    expect(box(prev).left).to.be.greaterThan(box(next).left);
    expect(iconScale(prev)).to.equal('-1 1');
    expect(box(part(el, 'lightbox-close')).left).to.be.lessThan(innerWidth / 2);
    // The side panel is on the left of the media.
    expect(box(part(el, 'lightbox-caption')).left).to.be.lessThan(box(part(el, 'lightbox-media')).left);
    await nextFrame();
    await executeServerCommand('save-screenshot', { name: 'rtl-lightbox.png' });

    await sendKeys({ press: 'ArrowLeft' });
    await waitUntil(() => dialog.querySelector('.lightbox__status')!.textContent!.includes('3'), 'Left did not step forward', { timeout: 3000 });
    await sendKeys({ press: 'ArrowLeft' });
    await waitUntil(() => dialog.querySelector('.lightbox__status')!.textContent!.includes('4'), 'Left did not step to the carousel', { timeout: 3000 });
    // The album's "1 / 5" reads left to right, as numbers do in Arabic and Hebrew text too.
    const counter = part(el, 'lightbox-counter').querySelector('[aria-hidden]')!;
    const numbers = [...counter.childNodes].filter(node => node.nodeType === Node.TEXT_NODE && /\d/.test(node.textContent!));
    const [one, five] = numbers.map(node => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return range.getBoundingClientRect().left;
    });
    expect(one).to.be.lessThan(five!);
    await nextFrame();
    await executeServerCommand('save-screenshot', { name: 'rtl-lightbox-album.png' });
    await sendKeys({ press: 'ArrowRight' });
    expect(dialog.getAttribute('aria-label')).to.equal('ريل من @acme.studio');
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => dialog.querySelector('.lightbox__status')!.textContent!.includes('1'), 'Right did not step back', { timeout: 3000 });
    expect(dialog.querySelector('.lightbox__status')!.textContent).to.equal('المنشور 1 من 10');
    await el.closeLightbox();
  });

  it("takes the element's own dir too, and keeps Right for next in a left-to-right page", async () => {
    stubFetch(() => feed(posts));
    const rtl = await load(html`<instagram-feed account="acme.studio" dir="rtl"></instagram-feed>`);
    const tiles = rtl.shadowRoot!.querySelectorAll('.feed__item');
    expect(box(tiles[0]!).left).to.be.greaterThan(box(tiles[1]!).left);
    sinon.restore();
    stubFetch(() => feed(posts));
    const ltr = await load(html`<instagram-feed account="acme.studio"></instagram-feed>`);
    await ltr.openLightbox(0);
    const dialog = ltr.shadowRoot!.querySelector('dialog')!;
    await waitUntil(() => dialog.open, 'the lightbox did not open', { timeout: 3000 });
    expect(box(part(ltr, 'lightbox-prev')).left).to.be.lessThan(box(part(ltr, 'lightbox-next')).left);
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => dialog.querySelector('.lightbox__status')!.textContent === 'Post 2 of 10', 'Right did not step forward', { timeout: 3000 });
    await ltr.closeLightbox();
  });

  for (const lang of ['ar', 'he']) {
    it(`has no accessibility violations in ${lang}, loaded and with the lightbox open`, async () => {
      stubFetch(() => feed(posts, 'c2'));
      const el = await load(html`<div dir="rtl" lang=${lang}><instagram-feed account="acme.studio" load-more></instagram-feed></div>`);
      await expect(el).to.be.accessible();
      // The carousel layout, with its buttons and autoplay's stop button.
      el.layout = 'carousel';
      el.autoplay = 60;
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="carousel-autoplay"]'), 'no autoplay button', { timeout: 3000 });
      await expect(el).to.be.accessible();
      await el.openLightbox(3);
      await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'the lightbox did not open', { timeout: 3000 });
      await expect(el).to.be.accessible();
      await el.closeLightbox();
    });
  }
});
