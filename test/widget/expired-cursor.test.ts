// "Load more" against a server whose cursors expire (issue 12, item 8): the server answers 400
// `expired_cursor`, and the element starts over from the first page instead of showing an error.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement, InstagramFeedErrorEvent } from '../../widget/index.js';
import { deferred, feed, imagePosts, json, part, parts, settled, stubFetch, type Answer } from './fixtures.js';

const expired = () => json({ error: { code: 'expired_cursor', message: 'This page link has expired. Reload the feed.' } }, 400);
const firstPage = () => feed(imagePosts(3, 'a'), 'cursor-1');

/** A fake feed server: the first page from `first`, every `?after=` from `next`. */
function server(next: (call: number) => Answer, first: (call: number) => Answer = firstPage): sinon.SinonStub {
  let call = 0;
  return stubFetch(url => {
    call += 1;
    return url.searchParams.has('after') ? next(call) : first(call);
  });
}

async function load(): Promise<{ el: InstagramFeedElement; errors: InstagramFeedErrorEvent[] }> {
  const el = await fixture<InstagramFeedElement>(html`<instagram-feed account="acme.studio" limit="3" load-more></instagram-feed>`);
  const errors: InstagramFeedErrorEvent[] = [];
  el.addEventListener('instagram-feed-error', event => errors.push(event));
  await settled(el);
  return { el, errors };
}

const ids = (el: InstagramFeedElement) =>
  parts(el, 'item').map(
    item =>
      item
        .querySelector('img')
        ?.getAttribute('src')
        ?.match(/label=(\w+)/)?.[1],
  );
const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
/** Resolves once no request is in flight (the reload after a refused cursor included). */
const idle = (el: InstagramFeedElement) => waitUntil(() => part(el, 'base').getAttribute('aria-busy') === 'false', 'still busy');

describe('<instagram-feed> when "Load more" meets an expired cursor', () => {
  afterEach(() => sinon.restore());

  it('fetches the first page again, keeps the posts on screen meanwhile, and shows no error', async () => {
    const reload = deferred();
    const fetch = server(expired, call => (call === 1 ? firstPage() : reload.answer));
    const { el, errors } = await load();
    part(el, 'load-more').click();
    await waitUntil(() => fetch.callCount === 3, 'the first page was not fetched again');
    const urls = fetch.getCalls().map(c => new URL(String(c.args[0])));
    expect(urls[1].searchParams.get('after')).to.equal('cursor-1');
    expect(urls[2].searchParams.has('after')).to.be.false;
    expect(ids(el)).to.deep.equal(['a1', 'a2', 'a3']);
    reload.resolve(feed(imagePosts(3, 'n'), 'cursor-2'));
    await waitUntil(() => ids(el)[0] === 'n1', 'the reloaded page never showed');
    expect(ids(el)).to.deep.equal(['n1', 'n2', 'n3']);
    expect(parts(el, 'error').map(node => node.outerHTML)).to.be.empty;
    expect(errors.map(e => e.code)).to.be.empty;
    expect(part(el, 'load-more').textContent!.trim()).to.equal('Load more');
  });

  it('goes on paging with the fresh cursor', async () => {
    const fetch = server(call => (call === 2 ? expired() : feed(imagePosts(3, 'b'), null)));
    const { el, errors } = await load();
    part(el, 'load-more').click();
    await waitUntil(() => fetch.callCount === 3);
    await idle(el);
    part(el, 'load-more').click();
    await waitUntil(() => parts(el, 'item').length === 6, 'the next page never showed');
    expect(ids(el)).to.deep.equal(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
    expect(errors.map(e => e.code)).to.be.empty;
  });

  it('does not loop when the next cursor is refused right after: it shows the error once', async () => {
    const fetch = server(expired);
    const { el, errors } = await load();
    part(el, 'load-more').click();
    await waitUntil(() => fetch.callCount === 3);
    await idle(el);
    part(el, 'load-more').click();
    await waitUntil(() => parts(el, 'error').length === 1, 'the second refusal showed no error');
    await pause(100);
    expect(fetch.callCount).to.equal(4);
    expect(errors.map(e => [e.status, e.code])).to.deep.equal([[400, 'expired_cursor']]);
    expect(part(el, 'error').textContent).to.contain('This page link has expired.');
    expect(ids(el)).to.deep.equal(['a1', 'a2', 'a3']);
  });
});
