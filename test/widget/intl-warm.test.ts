// Intl's first number or date format on a page loads ICU's locale data (30-80 ms of the main thread on a slow
// machine). The element has a worker do that first use while its request is out, and applies the first page
// once the worker is done: one worker per page, terminated after. (The worker's state is the page's, so each
// case that starts one lives in a file of its own: intl-warm-*.test.ts.)
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { feed, imagePosts, nextEvent, part, parts, stubFetch } from './fixtures.js';

describe('<instagram-feed> loading ICU apart', () => {
  const RealWorker = window.Worker;
  const started: Worker[] = [];
  let terminated = 0;
  let answered = 0;

  before(() => {
    window.Worker = class extends RealWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        started.push(this);
        this.addEventListener('message', () => answered++);
      }
      override terminate(): void {
        terminated++;
        super.terminate();
      }
    };
  });
  afterEach(() => sinon.restore());
  after(() => {
    window.Worker = RealWorker;
  });

  it('starts one worker that formats a number and a date, and applies the first page after it answered', async () => {
    stubFetch(() => feed(imagePosts(4)));
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="4"></instagram-feed>`);
    await nextEvent(el, 'instagram-feed-load');
    expect(started, 'workers started').to.have.length(1);
    expect(answered, 'the worker answered before the page was applied').to.equal(1);
    expect(terminated).to.equal(1);
    expect(parts(el, 'item')).to.have.length(4);
    // The header's counts are formatted as without the worker.
    expect(part(el, 'stats').textContent).to.match(/\d/);
  });

  it('starts no second worker for another element on the page', async () => {
    stubFetch(() => feed(imagePosts(2)));
    const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="2"></instagram-feed>`);
    await nextEvent(el, 'instagram-feed-load');
    expect(started).to.have.length(1);
    expect(parts(el, 'item')).to.have.length(2);
  });
});
