// A server-rendered feed (/api/feeds/:account/html) is the element with a declarative shadow root and its
// Feed JSON in a `script[type="application/json"]` child. When the script defines the element, it takes
// that root over: no request for the first page, the server's nodes on screen until its own render
// replaces them in the same task, and from then on the element as usual (lightbox, Load more, reload).
// The server-side rendering itself is tested in test/server/html.test.ts and test/e2e/ssr.test.ts; here the
// root is built from a client render, so these tests need no server.
import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import sinon from 'sinon';
import '../../widget/index.js';
import type { Feed } from '../../widget/contract.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { feed, imagePosts, nextEvent, parts, settled, stubFetch } from './fixtures.js';

/** The shadow DOM `account` with `data` renders, as a declarative shadow root's markup (what the server sends). */
async function serverMarkup(data: Feed, attributes: string): Promise<string> {
  const fetch = stubFetch(() => data);
  const el = await fixture<InstagramFeedElement>(html`<div></div>`);
  el.innerHTML = `<instagram-feed ${attributes}></instagram-feed>`;
  const rendered = el.firstElementChild as InstagramFeedElement;
  await settled(rendered);
  const root = rendered.shadowRoot!;
  const css = root.adoptedStyleSheets.flatMap(sheet => [...sheet.cssRules].map(rule => rule.cssText)).join('\n');
  const markup = `<style>${css}</style>${root.innerHTML}`;
  el.remove();
  fetch.restore();
  return markup;
}

/** The page holding the fragment: `<instagram-feed>` with the root and the data, parsed as the HTML parser would. */
async function takeOver(attributes: string, data: Feed, { root = true, json = JSON.stringify(data) } = {}) {
  const markup = root ? await serverMarkup(data, attributes) : '';
  const fetch = stubFetch(() => feed(imagePosts(4, 'fresh')));
  const page = await fixture<HTMLElement>(html`<main></main>`);
  const loads: number[] = [];
  page.addEventListener('instagram-feed-load', event => loads.push(event.added.length));
  const template = root ? `<template shadowrootmode="open">${markup}</template>` : '';
  // setHTMLUnsafe parses declarative shadow roots (innerHTML does not); the element upgrades once in the page.
  page.setHTMLUnsafe(`<instagram-feed ${attributes}>${template}<script type="application/json">${json}</script></instagram-feed><p>Below</p>`);
  const el = page.querySelector('instagram-feed')!;
  return { el, fetch, loads, page };
}

describe('<instagram-feed> taking over a server-rendered feed', () => {
  afterEach(() => sinon.restore());

  it('shows the data it carries without fetching, replacing the server nodes with its own render', async () => {
    const data = feed(imagePosts(6), 'cursor-1');
    const { el, fetch, loads } = await takeOver('account="acme.studio" limit="6" load-more', data);
    await nextEvent(el, 'instagram-feed-load');
    expect(fetch.callCount, 'fetched the first page').to.equal(0);
    expect(loads).to.deep.equal([6]);
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('[part~="list"]'), 'the server list stayed beside the new one').to.have.length(1);
    expect(root.querySelectorAll('[part~="header"]')).to.have.length(1);
    expect(root.querySelectorAll('style'), 'the server styles stayed').to.have.length(0);
    expect(parts(el, 'item').map(item => item.querySelector('img')!.alt)).to.deep.equal(data.media.map((_, i) => `Post p${i + 1} #ceramics with @friend`));
  });

  it("leaves the server's styles alone until its render replaces them", async () => {
    const data = feed(imagePosts(4));
    const { el, loads } = await takeOver('account="acme.studio" limit="4"', data);
    const root = el.shadowRoot!;
    // Adopted sheets cascade after the root's <style>: any adopted before the takeover but the lazily loaded
    // parts' (which the server's <style> holds too, in that order) would reorder its rules.
    const before = root.adoptedStyleSheets.length;
    const server = root.querySelector('style')!;
    expect(server, 'the server style').to.exist;
    await nextEvent(el, 'instagram-feed-load');
    expect(loads).to.deep.equal([4]);
    expect(before, 'sheets adopted into the server root at once').to.equal(0);
    expect(root.contains(server)).to.be.false;
    // The element's own styles and the header's (its module's): the stats are one row, not a bulleted list.
    expect(new Set(root.adoptedStyleSheets).size, 'distinct sheets').to.be.greaterThan(1);
    expect(getComputedStyle(root.querySelector('[part~="header"]')!).display).to.equal('flex');
    const stats = getComputedStyle(root.querySelector('[part~="stats"]')!);
    expect([stats.display, stats.listStyleType]).to.deep.equal(['flex', 'none']);
  });

  it('never shows an empty or half-built root: each frame holds the feed', async () => {
    const data = feed(imagePosts(8));
    const { el, loads } = await takeOver('account="acme.studio" limit="8"', data);
    const frames: string[] = [];
    // What each frame is about to paint, until the element has rendered the feed itself.
    for (let i = 0; i < 300 && !loads.length; i++) {
      const root = el.shadowRoot!;
      frames.push(`${root.querySelectorAll('[part~="item"]').length}/${root.querySelectorAll('[part~="skeleton"]').length}`);
      await nextFrame();
    }
    expect(loads).to.deep.equal([8]);
    frames.push(`${parts(el, 'item').length}/${el.shadowRoot!.querySelectorAll('[part~="skeleton"]').length}`);
    expect([...new Set(frames)]).to.deep.equal(['8/0']);
  });

  it('then works as usual: the lightbox opens, Load more fetches the next page with the carried cursor, reload() fetches', async () => {
    const data = feed(imagePosts(4), 'cursor-1');
    const { el, fetch } = await takeOver('account="acme.studio" limit="4" load-more', data);
    await nextEvent(el, 'instagram-feed-load');
    const feedEl = el as InstagramFeedElement;
    await feedEl.openLightbox(1);
    expect(el.shadowRoot!.querySelector('dialog[open]')).to.exist;
    await feedEl.closeLightbox();
    await feedEl.loadNextPage();
    expect(fetch.callCount).to.equal(1);
    expect(new URL(String(fetch.firstCall.args[0])).searchParams.get('after')).to.equal('cursor-1');
    expect(parts(el, 'item')).to.have.length(8);
    await feedEl.reload();
    expect(fetch.callCount).to.equal(2);
    expect(parts(el, 'item').map(item => item.querySelector('img')!.alt)[0]).to.equal('Post fresh1 #ceramics with @friend');
  });

  it('starts from the carried data without a shadow root too (the fragment inserted by a script)', async () => {
    const data = feed(imagePosts(5));
    const { el, fetch, loads } = await takeOver('account="acme.studio" limit="5"', data, { root: false });
    await nextEvent(el, 'instagram-feed-load');
    await (el as InstagramFeedElement).updateComplete;
    expect(fetch.callCount).to.equal(0);
    expect(loads).to.deep.equal([5]);
    expect(parts(el, 'item')).to.have.length(5);
  });

  it('fetches as usual when the carried data is not a feed', async () => {
    for (const json of ['{not json', '{"media": "none"}', '[]']) {
      const { el, fetch } = await takeOver('account="acme.studio" limit="4"', feed(imagePosts(4)), { root: false, json });
      await nextEvent(el, 'instagram-feed-load');
      expect(fetch.callCount, json).to.equal(1);
      expect(parts(el, 'item'), json).to.have.length(4);
      sinon.restore();
    }
  });
});
