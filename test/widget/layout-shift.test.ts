import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { feed, imagePosts, json, servedImage, settled, stubFetch } from './fixtures.js';

interface LayoutShift extends PerformanceEntry {
  value: number;
  hadRecentInput: boolean;
}

// Photos of three shapes, each arriving late and at a different time, as from a slow CDN.
const SHAPES: [number, number][] = [
  [1080, 1080],
  [1080, 1350],
  [1080, 566],
  [1080, 1920],
];
const COLORS = ['b45309', '0f766e', '1d4ed8', '7c3aed', 'be123c', '334155'];

describe('<instagram-feed> layout stability', () => {
  afterEach(async () => {
    sinon.restore();
    await setViewport({ width: 800, height: 600 });
  });

  for (const layout of ['grid', 'carousel']) {
    it(`keeps cumulative layout shift below 0.01 while a 12-post ${layout} loads`, async () => {
      // Tall enough that every lazy image is in view and loads.
      await setViewport({ width: 1000, height: 1800 });
      const shifts: number[] = [];
      const observer = new PerformanceObserver(list => {
        for (const entry of list.getEntries() as LayoutShift[]) if (!entry.hadRecentInput) shifts.push(entry.value);
      });
      observer.observe({ type: 'layout-shift', buffered: true });
      // The query keeps the document's image cache from answering the second test at once.
      const image = (i: number) => `${servedImage(...SHAPES[i % SHAPES.length], `#${COLORS[i % COLORS.length]}`, 600 + i * 60)}&for=${layout}`;
      const posts = imagePosts(12, 'p', image);
      stubFetch(() => () => new Promise<Response>(resolve => setTimeout(() => resolve(json(feed(posts))), 200)));
      const page = await fixture<HTMLElement>(html`
        <main style="width: 900px; font: 16px/1.5 sans-serif">
          <h1>Our studio</h1>
          <p>Every piece is thrown, trimmed and glazed by hand. Here is what came out of the kiln lately.</p>
          <instagram-feed account="acme.studio" layout=${layout}></instagram-feed>
          <p>Visit us on Saturdays, 10 to 4.</p>
        </main>
      `);
      const el = page.querySelector<InstagramFeedElement>('instagram-feed')!;
      expect(el.getBoundingClientRect().top).to.be.greaterThan(100);
      await settled(el);
      const images = () => [...el.shadowRoot!.querySelectorAll('img.picture__img')];
      expect(
        images().some(img => img.classList.contains('is-loaded')),
        'images arrived before the check could watch them',
      ).to.be.false;
      const visible = images().filter(img => img.getBoundingClientRect().right <= innerWidth);
      await waitUntil(() => visible.every(img => img.classList.contains('is-loaded')), 'the images never loaded', { timeout: 4000 });
      await nextFrame();
      await nextFrame();
      observer.disconnect();
      const total = shifts.reduce((sum, value) => sum + value, 0);
      expect(total).to.be.lessThan(0.01);
    });
  }
});
