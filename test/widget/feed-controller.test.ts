import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import type { Feed } from '../../widget/contract.js';
import { FeedRequestError, type FeedRequest } from '../../widget/feed-api.js';
import { FeedController, type FeedArgs } from '../../widget/feed-controller.js';
import { feed, imagePosts } from './fixtures.js';

/** A request the test settles by hand. */
interface Call {
  request: FeedRequest;
  resolve(value: Feed): void;
  reject(error: unknown): void;
}

class ControllerHost extends LitElement {
  args: FeedArgs = { server: 'https://feeds.example.com', account: 'acme.studio', limit: 4 };
  calls: Call[] = [];
  loads: [Feed, number][] = [];
  errors: FeedRequestError[] = [];
  controller = new FeedController(this, {
    args: () => this.args,
    onLoad: (value, added) => this.loads.push([value, added.length]),
    onError: error => this.errors.push(error),
    fetchFeed: request =>
      new Promise<Feed>((resolve, reject) => {
        this.calls.push({ request, resolve, reject });
        request.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
  });

  setArgs(args: Partial<FeedArgs>): Promise<boolean> {
    this.args = { ...this.args, ...args };
    this.requestUpdate();
    return this.updateComplete;
  }
}
customElements.define('feed-controller-host', ControllerHost);

const tick = () => new Promise(resolve => setTimeout(resolve));

describe('FeedController', () => {
  let host: ControllerHost;

  beforeEach(async () => {
    host = await fixture<ControllerHost>(html`<feed-controller-host></feed-controller-host>`);
  });

  it('goes from pending to complete and reports the load after the host updated', async () => {
    expect(host.controller.status).to.equal('pending');
    expect(host.calls).to.have.length(1);
    expect(host.calls[0].request).to.include({ server: 'https://feeds.example.com', account: 'acme.studio', limit: 4 });
    const value = feed(imagePosts(4), 'next');
    host.calls[0].resolve(value);
    await tick();
    expect(host.controller.status).to.equal('complete');
    expect(host.controller.value).to.equal(value);
    expect(host.loads).to.deep.equal([[value, 4]]);
  });

  it('goes to error with a FeedRequestError', async () => {
    host.calls[0].reject(new FeedRequestError(500, 'internal', 'Broken.'));
    await tick();
    expect(host.controller.status).to.equal('error');
    expect(host.controller.error!.status).to.equal(500);
    expect(host.errors).to.have.length(1);
  });

  it('stays initial without an account', async () => {
    await host.setArgs({ account: '' });
    expect(host.controller.status).to.equal('initial');
    expect(host.calls[0].request.signal!.aborted).to.be.true;
    expect(host.calls).to.have.length(1);
  });

  it('aborts the older request when the args change and applies only the newest result', async () => {
    await host.setArgs({ account: 'other' });
    expect(host.calls).to.have.length(2);
    expect(host.calls[0].request.signal!.aborted).to.be.true;
    host.calls[0].resolve(feed(imagePosts(1, 'old')));
    host.calls[1].resolve(feed(imagePosts(2, 'new')));
    await tick();
    expect(host.controller.value!.media.map(m => m.id)).to.deep.equal(['new1', 'new2']);
    expect(host.loads).to.have.length(1);
    expect(host.errors).to.be.empty;
  });

  it('does not refetch when an update leaves the args unchanged', async () => {
    host.requestUpdate();
    await host.updateComplete;
    expect(host.calls).to.have.length(1);
  });

  it('keeps the posts on screen during reload({ keep: true })', async () => {
    host.calls[0].resolve(feed(imagePosts(2)));
    await tick();
    void host.controller.reload({ keep: true });
    expect(host.controller.status).to.equal('pending');
    expect(host.controller.value!.media).to.have.length(2);
    void host.controller.reload();
    expect(host.controller.value).to.be.undefined;
  });

  it('appends the next page, skipping posts it already has', async () => {
    host.calls[0].resolve(feed(imagePosts(2, 'a'), 'cursor'));
    await tick();
    const more = host.controller.loadMore();
    expect(host.controller.loadingMore).to.be.true;
    void host.controller.loadMore();
    expect(host.calls).to.have.length(2);
    expect(host.calls[1].request.after).to.equal('cursor');
    host.calls[1].resolve(feed([...imagePosts(1, 'a'), ...imagePosts(2, 'b')], null));
    await more;
    expect(host.controller.value!.media.map(m => m.id)).to.deep.equal(['a1', 'a2', 'b1', 'b2']);
    expect(host.controller.value!.paging.next).to.be.null;
    expect(host.loads.at(-1)![1]).to.equal(2);
    await host.controller.loadMore();
    expect(host.calls).to.have.length(2);
  });

  it('aborts when the host is disconnected and fetches again when it returns', async () => {
    const parent = host.parentElement!;
    host.remove();
    expect(host.calls[0].request.signal!.aborted).to.be.true;
    parent.append(host);
    await host.updateComplete;
    expect(host.calls).to.have.length(2);
    expect(host.errors).to.be.empty;
  });
});
