import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { define } from '../../widget/define.js';
import { InstagramFeedElement } from '../../widget/element.js';
import { feed, imagePosts, settled, stubFetch } from './fixtures.js';

// This file imports only the class-only entry, so nothing is registered until a test calls define().
describe('define()', () => {
  afterEach(() => sinon.restore());

  it('is not called by the class-only entry', () => {
    expect(customElements.get('instagram-feed')).to.equal(undefined);
    expect(customElements.getName(InstagramFeedElement)).to.equal(null);
  });

  it('registers the class under the name given, and renders under it', async () => {
    expect(define('acme-feed')).to.equal(InstagramFeedElement);
    expect(customElements.get('acme-feed')).to.equal(InstagramFeedElement);
    stubFetch(() => feed(imagePosts(3)));
    const el = await fixture<InstagramFeedElement>(html`<acme-feed account="acme.studio" server="https://feeds.example.com"></acme-feed>`);
    await settled(el);
    expect(el).to.be.an.instanceOf(InstagramFeedElement);
    expect(el.shadowRoot!.querySelectorAll('[part~="item"]')).to.have.length(3);
  });

  it('returns what holds a name already taken, without throwing', () => {
    expect(define('acme-feed')).to.equal(InstagramFeedElement);
  });

  it('registers a subclass under a second name, the class being taken', () => {
    const element = define();
    expect(element).to.not.equal(InstagramFeedElement);
    expect(element!.prototype).to.be.an.instanceOf(InstagramFeedElement);
    expect(customElements.get('instagram-feed')).to.equal(element);
    expect(document.createElement('instagram-feed')).to.be.an.instanceOf(InstagramFeedElement);
  });

  it('registers in the registry given', () => {
    const registry = { get: sinon.stub().returns(undefined), getName: sinon.stub().returns(null), define: sinon.spy() };
    expect(define('other-feed', registry as unknown as CustomElementRegistry)).to.equal(InstagramFeedElement);
    expect(registry.define).to.have.been.calledOnceWith('other-feed', InstagramFeedElement);
  });
});
