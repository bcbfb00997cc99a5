import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { FeedRequestError, feedUrl, fetchFeed } from '../../widget/feed-api.js';
import { feed, json, media, profile, stubFetch } from './fixtures.js';

const request = { server: 'https://feeds.example.com', account: 'acme.studio', limit: 12 };

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('feed-api', () => {
  afterEach(() => sinon.restore());

  describe('feedUrl', () => {
    it('builds the feed URL with limit and cursor', () => {
      expect(feedUrl(request)).to.equal('https://feeds.example.com/api/feeds/acme.studio?limit=12');
      expect(feedUrl({ ...request, after: 'QVFI+x/=' })).to.equal('https://feeds.example.com/api/feeds/acme.studio?limit=12&after=QVFI%2Bx%2F%3D');
    });

    it('keeps the commas of a merged feed and encodes each account', () => {
      expect(feedUrl({ ...request, account: 'acme.studio,kiln friends,a/b' })).to.equal(
        'https://feeds.example.com/api/feeds/acme.studio,kiln%20friends,a%2Fb?limit=12',
      );
    });

    it('keeps a path prefix, drops trailing slashes and encodes the account', () => {
      expect(feedUrl({ ...request, server: 'https://example.com/feeds//', account: 'a/b?c' })).to.equal(
        'https://example.com/feeds/api/feeds/a%2Fb%3Fc?limit=12',
      );
    });
  });

  describe('fetchFeed', () => {
    it('resolves a valid Feed', async () => {
      stubFetch(() => feed([media.image], 'next'));
      const result = await fetchFeed(request);
      expect(result.account).to.deep.equal(profile);
      expect(result.media).to.deep.equal([media.image]);
      expect(result.paging.next).to.equal('next');
    });

    it('passes the abort signal and asks for JSON', async () => {
      const fetch = stubFetch(() => feed([]));
      const controller = new AbortController();
      await fetchFeed({ ...request, signal: controller.signal });
      const init = fetch.firstCall.args[1] as RequestInit;
      expect(init.signal).to.equal(controller.signal);
      expect(init.headers).to.deep.equal({ accept: 'application/json' });
    });

    it('throws FeedRequestError with the status, code and message of an error envelope', async () => {
      stubFetch(() => json({ error: { code: 'rate_limited', message: 'Slow down.' } }, 429));
      const error = (await rejection(fetchFeed(request))) as FeedRequestError;
      expect(error).to.be.an.instanceOf(FeedRequestError);
      expect([error.name, error.status, error.code, error.message]).to.deep.equal(['FeedRequestError', 429, 'rate_limited', 'Slow down.']);
    });

    it('describes an error response that is not JSON', async () => {
      stubFetch(() => new Response('<h1>Bad gateway</h1>', { status: 502 }));
      const error = (await rejection(fetchFeed(request))) as FeedRequestError;
      expect([error.status, error.code]).to.deep.equal([502, 'http_error']);
      expect(error.message).to.equal('The feed server answered with status 502.');
    });

    it('reports a network failure as status 0 with the cause', async () => {
      const cause = new TypeError('Failed to fetch');
      sinon.stub(window, 'fetch').rejects(cause);
      const error = (await rejection(fetchFeed(request))) as FeedRequestError;
      expect([error.status, error.code, error.cause]).to.deep.equal([0, 'network_error', cause]);
    });

    it('lets an AbortError through unchanged', async () => {
      const abort = new DOMException('aborted', 'AbortError');
      sinon.stub(window, 'fetch').rejects(abort);
      expect(await rejection(fetchFeed(request))).to.equal(abort);
    });

    it('rejects a body that is not a Feed', async () => {
      for (const body of [null, [], { account: profile }, { media: [] }, { account: { id: '1' }, media: [] }]) {
        stubFetch(() => json(body));
        const error = (await rejection(fetchFeed(request))) as FeedRequestError;
        expect(error.code, JSON.stringify(body)).to.equal('invalid_response');
        sinon.restore();
      }
    });

    it('drops posts of unknown types and fills in what older servers omit', async () => {
      const odd = { ...media.image, id: 'story', type: 'story' };
      const bare = { id: 'bare', type: 'carousel', permalink: 'https://www.instagram.com/p/bare/', children: [{ id: 'x', type: 'audio' }] };
      stubFetch(() => json({ account: profile, media: [odd, bare, media.video, 'junk'] }));
      const result = await fetchFeed(request);
      expect(result.media.map(m => m.id)).to.deep.equal(['bare', 'video']);
      expect(result.media[0].caption).to.equal('');
      expect(result.media[0].children).to.deep.equal([]);
      expect(result.paging).to.deep.equal({ next: null });
      expect(result.stale).to.be.false;
    });
  });
});
