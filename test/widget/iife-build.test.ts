// The built IIFE bundle, loaded the way a site owner loads it: a plain <script src>. Run `npm run build` first.
// This file imports nothing from widget/, so the element on this page comes from the bundle alone.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { mixedFeed, settled, stubFetch } from './fixtures.js';

type Bundle = { InstagramFeedElement: CustomElementConstructor & { defaultServer: string } };

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} failed to load (run npm run build first)`));
    document.head.append(script);
  });
}

describe('dist/instagram-feed.iife.js', () => {
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);

  before(async () => {
    window.addEventListener('error', onError);
    await loadScript('/dist/instagram-feed.iife.js');
  });

  after(() => window.removeEventListener('error', onError));
  afterEach(() => sinon.restore());

  it('registers <instagram-feed> and exposes window.InstagramFeed', () => {
    const bundle = (window as unknown as { InstagramFeed: Bundle }).InstagramFeed;
    expect(customElements.get('instagram-feed')).to.equal(bundle.InstagramFeedElement);
  });

  it('takes its default server from the script URL', () => {
    const bundle = (window as unknown as { InstagramFeed: Bundle }).InstagramFeed;
    expect(bundle.InstagramFeedElement.defaultServer).to.equal(location.origin);
  });

  it('does not throw when loaded a second time', async () => {
    await loadScript('/dist/instagram-feed.iife.js?twice');
    expect(errors).to.deep.equal([]);
  });

  it('renders a feed and opens the lightbox', async () => {
    const fetch = stubFetch(() => mixedFeed);
    const el = await fixture<HTMLElement & { openLightbox(index: number): Promise<void> }>(html`<instagram-feed account="acme.studio"></instagram-feed>`);
    await settled(el);
    expect(String(fetch.firstCall.args[0])).to.equal(`${location.origin}/api/feeds/acme.studio?limit=12`);
    expect(el.shadowRoot!.querySelectorAll('[part~="item"]')).to.have.length(mixedFeed.media.length);
    await el.openLightbox(0);
    await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'no lightbox');
    expect(el.shadowRoot!.querySelector('[part~="follow-button"]')!.textContent!.trim()).to.equal('Follow');
    expect(el.shadowRoot!.querySelector('[part~="lightbox-close"]')!.getAttribute('aria-label')).to.equal('Close');
  });

  it("speaks another language, with the ES build's table file from beside the script (not bundled in)", async () => {
    stubFetch(() => mixedFeed);
    const el = await fixture<HTMLElement>(html`<instagram-feed account="acme.studio" locale="ko" load-more></instagram-feed>`);
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part~="follow-button"]')!.textContent!.trim()).to.equal('팔로우');
    const tables = performance.getEntriesByType('resource').filter(entry => /instagram-feed-locale-\w+\.js/.test(entry.name));
    expect(tables.map(entry => new URL(entry.name).pathname)).to.deep.equal(['/dist/instagram-feed-locale-ko.js']);
  });
});
