// The element reserves, from the moment it is connected, the box the loaded feed will take: the skeleton's
// box (and that of a sentinel below the element) is measured before the feed is answered and again once
// every tile has rendered. Exact for the grid and carousel layouts, with and without the header.
import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../widget/index.js';
import type { Feed } from '../../widget/contract.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { deferred, feed, imagePosts, mergedFeed, otherProfiles, parts, profile, settled, stubFetch } from './fixtures.js';

interface Case {
  layout: 'grid' | 'carousel';
  limit: number;
  columns?: number;
  ratio?: string;
  width?: number;
  attributes?: string;
  account?: string;
  answer?: (limit: number) => Feed;
}

type Boxes = Record<'element' | 'sentinel', number[]>;

const round = (box: DOMRect) => [box.left, box.top, box.width, box.height].map(Math.round);

/** The element's and the sentinel's boxes while the feed is loading, and once it has loaded. */
async function measure({ layout, limit, columns, ratio = '1', width = 900, attributes = '', account = 'acme.studio', answer }: Case) {
  const reply = deferred();
  stubFetch(() => reply.answer);
  const columnsAttribute = columns ? `columns="${columns}"` : '';
  const page = await fixture<HTMLElement>(html`<main></main>`);
  // Attributes spelled out as markup, as a page would write them.
  page.innerHTML = `<div style="width: ${width}px; font: 16px/1.5 sans-serif; --instagram-feed-aspect-ratio: ${ratio}">
      <p>Above the feed.</p>
      <instagram-feed account="${account}" layout="${layout}" limit="${limit}" ${columnsAttribute} ${attributes}></instagram-feed>
      <p id="sentinel">Below the feed.</p>
    </div>`;
  const el = page.querySelector<InstagramFeedElement>('instagram-feed')!;
  const sentinel = page.querySelector('#sentinel')!;
  await el.updateComplete;
  await nextFrame();
  const boxes = (): Boxes => ({ element: round(el.getBoundingClientRect()), sentinel: round(sentinel.getBoundingClientRect()) });
  const skeleton = boxes();
  expect(el.shadowRoot!.querySelectorAll('[part~="skeleton"]').length, 'no skeleton').to.be.greaterThan(0);
  reply.resolve(answer ? answer(limit) : feed(imagePosts(limit)));
  await settled(el);
  await nextFrame();
  expect(parts(el, 'item'), 'not every post rendered').to.have.length(limit);
  return { skeleton, loaded: boxes(), el };
}

describe('<instagram-feed> reserves its box before the feed arrives', () => {
  before(() => setViewport({ width: 1200, height: 900 }));
  after(() => setViewport({ width: 800, height: 600 }));
  afterEach(() => sinon.restore());

  const cases: (Case & { name: string })[] = [
    { name: '12 posts, responsive columns, square tiles, header', layout: 'grid', limit: 12 },
    { name: '7 posts in 3 columns of 4:5 tiles, header', layout: 'grid', limit: 7, columns: 3, ratio: '4 / 5' },
    { name: '20 posts in 5 columns of 16:9 tiles, no header', layout: 'grid', limit: 20, columns: 5, ratio: '16 / 9', attributes: 'no-header' },
    { name: '1 post in 1 column, header', layout: 'grid', limit: 1, columns: 1, width: 500 },
    { name: '9 posts on a phone-sized card (header stacked), 3:4 tiles', layout: 'grid', limit: 9, width: 340, ratio: '3 / 4' },
    { name: '100 posts in 6 columns, header', layout: 'grid', limit: 100, columns: 6 },
    { name: '12 posts, responsive columns, header', layout: 'carousel', limit: 12 },
    { name: '5 posts in 2 columns of 4:5 tiles, no header', layout: 'carousel', limit: 5, columns: 2, ratio: '4 / 5', attributes: 'no-header' },
    { name: '30 posts in 4 columns of 9:16 tiles on a narrow card, header', layout: 'carousel', limit: 30, columns: 4, ratio: '9 / 16', width: 420 },
  ];
  for (const { name, ...c } of cases) {
    it(`${c.layout}: ${name}`, async () => {
      const { skeleton, loaded } = await measure(c);
      expect(loaded).to.deep.equal(skeleton);
    });
  }

  describe('the header', () => {
    const profiles = {
      'a full profile': profile,
      'no name, bio or website': { ...profile, name: null, biography: '', website: null },
      'a long bio with line breaks, emoji and a long website': {
        ...profile,
        biography: 'Small-batch ceramics from Lisbon 🏺\nNew drops every Friday ✨\nStudio visits by appointment\nShipping worldwide 🌍',
        website: 'https://www.acme.example/shop/collections/spring-summer-2025?utm_source=instagram',
      },
      'no counts and a very long name': {
        ...profile,
        followersCount: null,
        followsCount: null,
        mediaCount: null,
        name: 'Acme Studio for Small-Batch Ceramics, Glazes and Wheel-Thrown Pottery from Lisbon',
      },
    };
    for (const [what, account] of Object.entries(profiles)) {
      for (const width of [900, 420, 300]) {
        it(`keeps its skeleton's height with ${what}, ${width} px wide`, async () => {
          const { skeleton, loaded } = await measure({ layout: 'grid', limit: 4, width, answer: limit => feed(imagePosts(limit), null, { account }) });
          expect(loaded).to.deep.equal(skeleton);
        });
      }
    }

    for (const count of [2, 3, 10]) {
      for (const width of [900, 300]) {
        it(`keeps its skeleton's height for a merged feed of ${count} accounts, ${width} px wide`, async () => {
          const accounts = Array.from({ length: count }, (_, i) => ({ ...(otherProfiles[i % 2] ?? profile), username: `account.number.${i + 1}` }));
          const { skeleton, loaded } = await measure({
            layout: 'grid',
            limit: 4,
            width,
            account: accounts.map(a => a.username).join(','),
            answer: limit => mergedFeed(imagePosts(limit), accounts),
          });
          expect(loaded).to.deep.equal(skeleton);
        });
      }
    }
  });

  describe('with `load-more`', () => {
    it('reserves the button row, which a next page fills', async () => {
      const { skeleton, loaded, el } = await measure({ layout: 'grid', limit: 8, attributes: 'load-more', answer: limit => feed(imagePosts(limit), 'next') });
      expect(loaded).to.deep.equal(skeleton);
      expect(parts(el, 'load-more')).to.have.length(1);
    });

    it('keeps the row, empty, when there is no next page', async () => {
      const { skeleton, loaded, el } = await measure({ layout: 'grid', limit: 8, attributes: 'load-more', answer: limit => feed(imagePosts(limit), null) });
      expect(loaded).to.deep.equal(skeleton);
      expect(parts(el, 'load-more')).to.be.empty;
    });
  });
});
