import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { InstagramFeedElement } from '../../widget/index.js';
import { feed, imagePosts, settled, stubFetch } from './fixtures.js';

describe('<instagram-feed> definition', () => {
  afterEach(() => sinon.restore());

  it('is registered under its tag', () => {
    expect(customElements.get('instagram-feed')).to.equal(InstagramFeedElement);
  });

  it('can be created with document.createElement', () => {
    const el = document.createElement('instagram-feed');
    expect(el).to.be.an.instanceOf(InstagramFeedElement);
    expect(el.layout).to.equal('grid');
  });

  it('can be created with new', async () => {
    stubFetch(() => feed(imagePosts(2)));
    const el = new InstagramFeedElement();
    el.account = 'acme.studio';
    const host = await fixture<HTMLElement>(html`<div></div>`);
    host.append(el);
    await settled(el);
    expect(el.shadowRoot!.querySelectorAll('[part~="item"]')).to.have.length(2);
  });

  it('survives its define module being evaluated twice', async () => {
    // A query string makes the browser evaluate index.ts again, as a second script tag would (a runtime
    // specifier is not mapped from .js to .ts by the test server, hence the .ts).
    const again = '../../widget/index.ts?again';
    const module = (await import(again)) as typeof import('../../widget/index.js');
    expect(module.InstagramFeedElement).to.equal(InstagramFeedElement);
    expect(customElements.get('instagram-feed')).to.equal(InstagramFeedElement);
  });

  it('defaults `server` to the origin of its script', () => {
    expect(InstagramFeedElement.defaultServer).to.equal(new URL(import.meta.url).origin);
  });
});
