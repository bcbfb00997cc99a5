// The built ES module, as `<script type="module" src>` or `import 'instagram-feed/widget'` loads it,
// with its lazily loaded chunks. Run `npm run build` first. Nothing here imports widget/ sources.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { feed, imagePosts, mergedFeed, mixedFeed, settled, stubFetch } from './fixtures.js';

type FeedElement = HTMLElement & { openLightbox(index: number): Promise<void> };
type Bundle = { InstagramFeedElement: CustomElementConstructor & { defaultServer: string } };

describe('dist/instagram-feed.js', () => {
  let bundle: Bundle;

  before(async () => {
    const url = '/dist/instagram-feed.js';
    bundle = (await import(url)) as Bundle;
  });

  afterEach(() => sinon.restore());

  it('registers <instagram-feed> with its script origin as default server', () => {
    expect(customElements.get('instagram-feed')).to.equal(bundle.InstagramFeedElement);
    expect(bundle.InstagramFeedElement.defaultServer).to.equal(location.origin);
  });

  it('labels everything in English by default, the text of the lazy parts included', async () => {
    stubFetch(() => feed(imagePosts(2), 'next'));
    const el = await fixture<FeedElement>(html`<instagram-feed account="acme.studio" load-more></instagram-feed>`);
    await settled(el);
    const root = el.shadowRoot!;
    expect(root.querySelector('[part~="follow-button"]')!.textContent!.trim()).to.equal('Follow');
    expect(root.querySelector('[part~="stats"] li')!.textContent!.trim()).to.equal('248 posts');
    expect(root.querySelector('.feed__tile > .visually-hidden')!.textContent).to.equal('Photo: ');
    expect(root.querySelector('[part~="load-more"]')!.textContent!.trim()).to.equal('Load more');
    await el.openLightbox(0);
    await waitUntil(() => root.querySelector('dialog')?.open, 'no lightbox');
    expect(root.querySelector('[part~="lightbox-close"]')!.getAttribute('aria-label')).to.equal('Close');
    expect(root.querySelector('[part~="lightbox-link"]')!.textContent!.trim()).to.equal('View on Instagram');
  });

  it('loads a language table as a chunk of its own', async () => {
    stubFetch(() => feed(imagePosts(2), 'next'));
    const el = await fixture<FeedElement>(html`<instagram-feed account="acme.studio" locale="it" load-more></instagram-feed>`);
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part~="follow-button"]')!.textContent!.trim()).to.equal('Segui');
    expect(el.shadowRoot!.querySelector('[part~="load-more"]')!.textContent!.trim()).to.equal('Carica altri');
    const tables = performance.getEntriesByType('resource').filter(entry => /instagram-feed-locale-\w+\.js/.test(entry.name));
    expect(tables.map(entry => new URL(entry.name).pathname)).to.deep.equal(['/dist/instagram-feed-locale-it.js']);
  });

  it('loads the lightbox chunk on demand', async () => {
    stubFetch(() => mixedFeed);
    const el = await fixture<FeedElement>(html`<instagram-feed account="acme.studio"></instagram-feed>`);
    await settled(el);
    await el.openLightbox(3);
    await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'no lightbox');
    expect(el.shadowRoot!.querySelector('[part~="lightbox-counter"]')!.textContent).to.contain('1 / 5');
    const styles = el.shadowRoot!.adoptedStyleSheets.flatMap(sheet => [...sheet.cssRules].map(rule => rule.cssText));
    expect(styles.some(rule => rule.startsWith('.lightbox__panel'))).to.be.true;
  });

  it('loads the header with the first page, single or merged', async () => {
    stubFetch(url => (url.pathname.includes(',') ? mergedFeed(imagePosts(2)) : feed(imagePosts(2))));
    const el = await fixture<FeedElement>(html`<instagram-feed account="acme.studio"></instagram-feed>`);
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part~="follow-button"]')).to.exist;
    const styles = el.shadowRoot!.adoptedStyleSheets.flatMap(sheet => [...sheet.cssRules].map(rule => rule.cssText));
    expect(styles.some(rule => rule.startsWith('.header__stats'))).to.be.true;
    const merged = await fixture<FeedElement>(html`<instagram-feed account="acme.studio,kiln.friends,north.shore"></instagram-feed>`);
    await settled(merged);
    expect(merged.shadowRoot!.querySelectorAll('[part~="avatars"] [part~="avatar"]')).to.have.length(3);
  });

  it('loads the carousel buttons on demand', async () => {
    stubFetch(() => feed(imagePosts(12)));
    const el = await fixture<FeedElement>(html`<instagram-feed account="acme.studio" layout="carousel"></instagram-feed>`);
    await settled(el);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="carousel-next"]'), 'no carousel buttons');
  });
});
