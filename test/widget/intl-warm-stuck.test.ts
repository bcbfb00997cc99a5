// When the ICU worker (see intl-warm.test.ts) never answers, the first page waits for it one second at most.
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { feed, imagePosts, nextEvent, parts, stubFetch } from './fixtures.js';

describe('<instagram-feed> with an ICU worker that never answers', () => {
  const RealWorker = window.Worker;
  let started = 0;

  before(() => {
    // A worker that loads nothing and never posts a message.
    window.Worker = class {
      onmessage = null;
      onerror = null;
      constructor() {
        started++;
      }
      terminate() {}
    } as unknown as typeof Worker;
  });
  after(() => {
    window.Worker = RealWorker;
    sinon.restore();
  });

  it('shows the skeleton while it waits, then the page after a second', async () => {
    const fetched = stubFetch(() => feed(imagePosts(4)));
    const start = performance.now();
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="4"></instagram-feed>`);
    const loaded = nextEvent(el, 'instagram-feed-load');
    await new Promise(resolve => setTimeout(resolve, 400));
    expect(started).to.equal(1);
    expect(fetched.callCount, 'the request went out meanwhile').to.equal(1);
    expect(parts(el, 'item'), 'the page was applied without the worker').to.have.length(0);
    expect(parts(el, 'skeleton').length).to.be.greaterThan(0);
    await loaded;
    expect(performance.now() - start).to.be.at.least(990);
    expect(parts(el, 'item')).to.have.length(4);
  });
});
