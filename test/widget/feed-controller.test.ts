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

  describe('when the server refuses the cursor (it expired)', () => {
    const expired = () => new FeedRequestError(400, 'expired_cursor', 'This page link has expired.');

    beforeEach(async () => {
      host.calls[0].resolve(feed(imagePosts(2, 'a'), 'old'));
      await tick();
    });

    it('reloads the first page instead of failing, keeping the posts on screen until it arrives', async () => {
      const more = host.controller.loadMore();
      host.calls[1].reject(expired());
      await tick();
      expect(host.calls).to.have.length(3);
      expect(host.calls[2].request.after).to.be.undefined;
      expect(host.controller.status).to.equal('pending');
      expect(host.controller.value!.media.map(m => m.id)).to.deep.equal(['a1', 'a2']);
      expect(host.controller.moreError).to.be.undefined;
      host.calls[2].resolve(feed(imagePosts(2, 'a'), 'fresh'));
      await more;
      expect(host.controller.status).to.equal('complete');
      expect(host.controller.value!.paging.next).to.equal('fresh');
      expect(host.controller.moreError).to.be.undefined;
      expect(host.errors).to.be.empty;
    });

    it('does the same for invalid_cursor, but not for other errors', async () => {
      const more = host.controller.loadMore();
      host.calls[1].reject(new FeedRequestError(400, 'invalid_cursor', 'Bad cursor.'));
      await tick();
      expect(host.calls).to.have.length(3);
      host.calls[2].resolve(feed(imagePosts(2, 'a'), 'fresh'));
      await more;
      const failed = host.controller.loadMore();
      host.calls[3].reject(new FeedRequestError(500, 'internal_error', 'Broken.'));
      await failed;
      expect(host.calls).to.have.length(4);
      expect(host.controller.moreError!.code).to.equal('internal_error');
      expect(host.errors.map(e => e.code)).to.deep.equal(['internal_error']);
    });

    it('reloads only once: a second refused cursor right after is an error, not another reload', async () => {
      const more = host.controller.loadMore();
      host.calls[1].reject(expired());
      await tick();
      host.calls[2].resolve(feed(imagePosts(2, 'a'), 'fresh'));
      await more;
      const again = host.controller.loadMore();
      host.calls[3].reject(expired());
      await again;
      await tick();
      expect(host.calls).to.have.length(4);
      expect(host.controller.status).to.equal('complete');
      expect(host.controller.moreError!.code).to.equal('expired_cursor');
      expect(host.errors.map(e => e.code)).to.deep.equal(['expired_cursor']);
      expect(host.controller.value!.media).to.have.length(2);
    });

    it('reloads again for a later failure once a page has loaded in between', async () => {
      const more = host.controller.loadMore();
      host.calls[1].reject(expired());
      await tick();
      host.calls[2].resolve(feed(imagePosts(2, 'a'), 'fresh'));
      await more;
      const page = host.controller.loadMore();
      host.calls[3].resolve(feed(imagePosts(2, 'b'), 'later'));
      await page;
      const last = host.controller.loadMore();
      host.calls[4].reject(expired());
      await tick();
      expect(host.calls).to.have.length(6);
      expect(host.calls[5].request.after).to.be.undefined;
      host.calls[5].resolve(feed(imagePosts(2, 'a'), 'newest'));
      await last;
      expect(host.errors).to.be.empty;
    });
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
