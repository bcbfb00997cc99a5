// Where no worker may start (a Content Security Policy without blob: workers, Trusted Types), the element
// formats on the main thread as before, without an error: see intl-warm.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { feed, imagePosts, nextEvent, part, parts, stubFetch } from './fixtures.js';

describe('<instagram-feed> where workers are refused', () => {
  const RealWorker = window.Worker;
  let refused = 0;

  before(() => {
    window.Worker = class {
      constructor() {
        refused++;
        throw new TypeError("Failed to construct 'Worker': This document requires 'TrustedScriptURL' assignment.");
      }
    } as unknown as typeof Worker;
  });
  after(() => {
    window.Worker = RealWorker;
    sinon.restore();
  });

  it('renders the page at once, counts formatted', async () => {
    stubFetch(() => feed(imagePosts(4)));
    const start = performance.now();
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="4"></instagram-feed>`);
    await nextEvent(el, 'instagram-feed-load');
    expect(refused).to.equal(1);
    // Well before the one-second wait for a worker that does not answer (intl-warm-stuck.test.ts).
    expect(performance.now() - start).to.be.below(900);
    expect(parts(el, 'item')).to.have.length(4);
    expect(part(el, 'stats').textContent).to.match(/\d/);
  });
});
