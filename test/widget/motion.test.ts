// Motion and scrolling: the carousel's `autoplay` (advances a page at a time and wraps; holds on hover, on
// focus, off screen and while the page is hidden; never with reduced motion) and `load-more="auto"`
// (infinite scroll from an IntersectionObserver, with the button kept and new posts announced politely).
// Time is sinon's: only setInterval is faked, so the element's own frames and tasks run as usual.
import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { feed, imagePosts, json, part, settled, stubFetch } from './fixtures.js';

async function frames(count = 3): Promise<void> {
  for (let i = 0; i < count; i++) await nextFrame();
}

describe('<instagram-feed> autoplay', () => {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });

  afterEach(async () => {
    clock.restore();
    sinon.restore();
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  /** A carousel of 12 posts, 4 to a page, with its track's scrolling spied on. */
  async function carousel(
    attributes = 'autoplay',
    style = '',
    running = true,
  ): Promise<{ el: InstagramFeedElement; track: HTMLElement; moves: sinon.SinonSpy[] }> {
    stubFetch(() => feed(imagePosts(12)));
    const host = await fixture<HTMLElement>(html`<div style="width: 600px; ${style}"></div>`);
    host.innerHTML = `<instagram-feed account="acme.studio" layout="carousel" columns="4" no-header ${attributes}></instagram-feed>`;
    const el = host.firstElementChild as InstagramFeedElement;
    await settled(el);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="carousel-next"]'), 'no carousel buttons');
    const track = part(el, 'list');
    const moves = [sinon.spy(track, 'scrollBy'), sinon.spy(track, 'scrollTo')];
    // The controller learns that the element is on screen from an IntersectionObserver, in a frame or two.
    if (running) await started();
    else await frames();
    return { el, track, moves };
  }

  const calls = (moves: sinon.SinonSpy[]) => moves.reduce((sum, spy) => sum + spy.callCount, 0);
  // The autoplay timer is the only interval on the page.
  const started = () => waitUntil(() => clock.countTimers() > 0, 'autoplay did not start', { timeout: 3000 });
  const stopped = () => waitUntil(() => clock.countTimers() === 0, 'autoplay did not stop', { timeout: 3000 });

  it('advances a page of tiles every 5 seconds, forward in the reading direction', async () => {
    const { track, moves } = await carousel();
    const [scrollBy] = moves;
    clock.tick(4999);
    expect(calls(moves)).to.equal(0);
    clock.tick(1);
    expect(scrollBy!.callCount).to.equal(1);
    const { left } = scrollBy!.firstCall.args[0] as ScrollToOptions;
    // 90% of the track's width: scroll snapping lands on the next page's first tile.
    expect(left).to.be.closeTo(track.clientWidth * 0.9, 1);
  });

  it('takes its interval in seconds from the attribute', async () => {
    const { moves } = await carousel('autoplay="2"');
    clock.tick(1999);
    expect(calls(moves)).to.equal(0);
    clock.tick(1);
    expect(calls(moves)).to.equal(1);
  });

  it('goes back to the first page after the last', async () => {
    const { track, moves } = await carousel();
    track.scrollLeft = track.scrollWidth;
    await frames();
    clock.tick(5000);
    const [, scrollTo] = moves;
    expect(scrollTo!.callCount).to.equal(1);
    expect((scrollTo!.firstCall.args[0] as ScrollToOptions).left).to.equal(0);
  });

  it('holds while the pointer is over the element', async () => {
    const { el, moves } = await carousel();
    el.dispatchEvent(new PointerEvent('pointerenter'));
    clock.tick(15000);
    expect(calls(moves)).to.equal(0);
    el.dispatchEvent(new PointerEvent('pointerleave'));
    clock.tick(5000);
    expect(calls(moves)).to.equal(1);
  });

  it('holds while focus is inside the element', async () => {
    const { el, moves } = await carousel();
    el.shadowRoot!.querySelector<HTMLElement>('.feed__tile')!.focus();
    clock.tick(15000);
    expect(calls(moves)).to.equal(0);
    // Moving focus within the element keeps it held.
    el.shadowRoot!.querySelectorAll<HTMLElement>('.feed__tile')[1]!.focus();
    clock.tick(15000);
    expect(calls(moves)).to.equal(0);
    (document.activeElement as HTMLElement).blur();
    clock.tick(5000);
    expect(calls(moves)).to.equal(1);
  });

  it('holds while off screen', async () => {
    const { el, moves } = await carousel('autoplay', 'margin-top: 3000px', false);
    clock.tick(15000);
    expect(calls(moves)).to.equal(0);
    el.scrollIntoView();
    await started();
    clock.tick(5000);
    expect(calls(moves)).to.equal(1);
    window.scrollTo(0, 0);
  });

  it('holds while the page is hidden', async () => {
    const { moves } = await carousel();
    const hidden = sinon.stub(document, 'hidden').get(() => true);
    document.dispatchEvent(new Event('visibilitychange'));
    clock.tick(15000);
    expect(calls(moves)).to.equal(0);
    hidden.restore();
    document.dispatchEvent(new Event('visibilitychange'));
    clock.tick(5000);
    expect(calls(moves)).to.equal(1);
  });

  it('never runs with prefers-reduced-motion, and stops when the preference appears', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const { moves } = await carousel('autoplay', '', false);
    clock.tick(30000);
    expect(calls(moves)).to.equal(0);
    await emulateMedia({ reducedMotion: 'no-preference' });
    await started();
    clock.tick(5000);
    expect(calls(moves)).to.equal(1);
    await emulateMedia({ reducedMotion: 'reduce' });
    await stopped();
    clock.tick(30000);
    expect(calls(moves)).to.equal(1);
  });

  it('has a button that stops it until pressed again, named for what it does', async () => {
    const { el, moves } = await carousel('autoplay locale="de"');
    const button = part<HTMLButtonElement>(el, 'carousel-autoplay');
    expect(button.getAttribute('aria-label')).to.equal('Automatisches Blättern anhalten');
    button.click();
    await el.updateComplete;
    expect(button.getAttribute('aria-label')).to.equal('Automatisches Blättern starten');
    // Neither the pointer leaving nor focus leaving starts it again.
    el.dispatchEvent(new PointerEvent('pointerenter'));
    el.dispatchEvent(new PointerEvent('pointerleave'));
    button.focus();
    button.blur();
    clock.tick(30000);
    expect(calls(moves)).to.equal(0);
    button.click();
    await el.updateComplete;
    button.blur();
    clock.tick(5000);
    expect(calls(moves)).to.equal(1);
    expect(button.getAttribute('aria-label')).to.equal('Automatisches Blättern anhalten');
  });

  it('offers no stop button without autoplay or with reduced motion', async () => {
    const plain = await carousel('', '', false);
    expect(plain.el.shadowRoot!.querySelector('[part~="carousel-autoplay"]')).to.equal(null);
    sinon.restore();
    await emulateMedia({ reducedMotion: 'reduce' });
    const reduced = await carousel('autoplay', '', false);
    expect(reduced.el.shadowRoot!.querySelector('[part~="carousel-autoplay"]')).to.equal(null);
  });

  it('does nothing without the attribute, and stops when it is removed', async () => {
    const { el, moves } = await carousel('', '', false);
    clock.tick(30000);
    expect(calls(moves)).to.equal(0);
    el.autoplay = 3;
    await el.updateComplete;
    await started();
    clock.tick(3000);
    expect(calls(moves)).to.equal(1);
    el.removeAttribute('autoplay');
    el.autoplay = null;
    await el.updateComplete;
    await stopped();
    clock.tick(30000);
    expect(calls(moves)).to.equal(1);
  });
});

describe('<instagram-feed load-more="auto">', () => {
  afterEach(() => {
    sinon.restore();
    window.scrollTo(0, 0);
  });

  /** Three pages of 4 posts, the element below a spacer taller than the viewport. */
  async function below(attributes = ''): Promise<{ el: InstagramFeedElement; fetch: sinon.SinonStub }> {
    const pages: Record<string, ReturnType<typeof feed>> = {
      '': feed(imagePosts(4, 'a'), 'c2'),
      c2: feed(imagePosts(4, 'b'), 'c3'),
      c3: feed(imagePosts(4, 'c')),
    };
    const fetch = stubFetch(url => pages[url.searchParams.get('after') ?? '']!);
    const host = await fixture<HTMLElement>(html`<div><div style="height: 2000px"></div></div>`);
    host.insertAdjacentHTML('beforeend', `<instagram-feed account="acme.studio" limit="4" no-header ${attributes}></instagram-feed>`);
    const el = host.lastElementChild as InstagramFeedElement;
    await settled(el);
    await frames();
    return { el, fetch };
  }

  const tiles = (el: InstagramFeedElement) => el.shadowRoot!.querySelectorAll('[part~="item"]').length;

  it('loads the next page when the end of the list scrolls into view, and announces it', async () => {
    const { el, fetch } = await below('load-more="auto" locale="de"');
    expect(el.loadMore).to.equal('auto');
    expect(fetch.callCount).to.equal(1);
    // The button stays, for keyboard users.
    expect(part(el, 'load-more').tabIndex).to.equal(0);
    el.shadowRoot!.querySelector('.feed__item:last-child')!.scrollIntoView({ block: 'end' });
    // The third page may follow at once: the second's last row still ends within 400px of the viewport.
    await waitUntil(() => tiles(el) >= 8, 'the second page did not load', { timeout: 3000 });
    expect(new URL(String(fetch.secondCall.args[0])).searchParams.get('after')).to.equal('c2');
    const status = el.shadowRoot!.querySelector('[role="status"]')!;
    await waitUntil(() => status.textContent!.trim() === '4 weitere Beiträge geladen', 'not announced', { timeout: 3000 });
  });

  it('keeps loading while the end stays in view, until the last page', async () => {
    const { el, fetch } = await below('load-more="auto"');
    window.scrollTo(0, document.documentElement.scrollHeight);
    await waitUntil(() => tiles(el) === 12, 'not every page loaded', { timeout: 4000 });
    await frames();
    expect(fetch.callCount).to.equal(3);
    expect(el.shadowRoot!.querySelector('[part~="load-more"]')).to.equal(null);
  });

  it("keeps watching the list's end while a long page renders in chunks", async () => {
    const fetch = stubFetch(url => (url.searchParams.get('after') ? feed(imagePosts(4, 'b')) : feed(imagePosts(40, 'a'), 'c2')));
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="40" no-header load-more="auto"></instagram-feed>`);
    await settled(el);
    await frames();
    expect(fetch.callCount).to.equal(1);
    // The tile now last was a skeleton's place when the first chunk rendered.
    el.shadowRoot!.querySelector('.feed__item:last-child')!.scrollIntoView({ block: 'end' });
    await waitUntil(() => tiles(el) === 44, 'the next page did not load', { timeout: 3000 });
  });

  it('waits for the button after a failure', async () => {
    const pages = [feed(imagePosts(4, 'a'), 'c2')];
    let fail = true;
    const fetch = stubFetch(url => {
      if (!url.searchParams.get('after')) return pages[0]!;
      return fail ? json({ error: { code: 'upstream', message: 'Instagram is down.' } }, 502) : feed(imagePosts(4, 'b'));
    });
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="4" no-header load-more="auto"></instagram-feed>`);
    await settled(el);
    await waitUntil(() => el.shadowRoot!.querySelector('.feed__more-error'), 'the failure was not shown', { timeout: 3000 });
    await frames(5);
    expect(fetch.callCount).to.equal(2);
    fail = false;
    part(el, 'load-more').click();
    await waitUntil(() => tiles(el) === 8, 'the button did not load the page', { timeout: 3000 });
  });

  it('without `auto`, loads nothing by itself', async () => {
    const { el, fetch } = await below('load-more');
    expect(el.loadMore).to.equal(true);
    el.shadowRoot!.querySelector('.feed__item:last-child')!.scrollIntoView({ block: 'end' });
    await frames(5);
    expect(fetch.callCount).to.equal(1);
  });
});
