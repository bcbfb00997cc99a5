// The widget side of curation: pinned posts, a post's call to action (`Media.link`) in the lightbox and
// on tiles (`tile-link="cta"`), and merged feeds (`account="a,b"`, `Feed.accounts`).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import type { Media } from '../../widget/contract.js';
import { viewStrings as strings } from '../../widget/view-strings.js';
import { feed, media, mergedFeed, nextEvent, otherProfiles, part, parts, post, profile, settled, stubFetch, svgImage } from './fixtures.js';

const SHOP = 'https://shop.acme.example/bowls?ref=instagram';

const pinned = post({ id: 'pinned', pinned: true, caption: 'The spring collection' });
const linked = post({ id: 'linked', link: { url: SHOP, label: 'Shop the bowls' }, altText: 'Three bowls' });
const unlabelled = post({ id: 'unlabelled', link: { url: 'https://acme.example/kiln', label: null } });
const plain = post({ id: 'plain' });
const curated = [pinned, linked, unlabelled, plain];

async function load(template: ReturnType<typeof html>): Promise<InstagramFeedElement> {
  const el = await fixture<InstagramFeedElement>(template);
  await settled(el);
  return el;
}

const tileOf = (el: InstagramFeedElement, id: string, posts: Media[] = curated): HTMLElement =>
  el.shadowRoot!.querySelectorAll<HTMLElement>('.feed__tile')[posts.findIndex(m => m.id === id)]!;

async function openOn(el: InstagramFeedElement, index: number): Promise<HTMLDialogElement> {
  await el.openLightbox(index);
  await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'the lightbox did not open');
  return el.shadowRoot!.querySelector('dialog')!;
}

interface AXNode {
  role: string;
  name: string;
  children?: AXNode[];
}

/** Role and accessible name of every node in the page's accessibility tree, as Chromium computes them. */
async function accessibleNodes(): Promise<AXNode[]> {
  const found: AXNode[] = [];
  const walk = (node: AXNode) => {
    found.push(node);
    for (const child of node.children ?? []) walk(child);
  };
  walk((await a11ySnapshot({})) as unknown as AXNode);
  return found;
}

describe('<instagram-feed> pinned posts', () => {
  afterEach(() => sinon.restore());

  it('badges a pinned tile with part="pin": an icon, and "Pinned" for screen readers', async () => {
    stubFetch(() => feed(curated));
    const el = await load(html`<instagram-feed account="acme.studio"></instagram-feed>`);
    expect(parts(el, 'pin')).to.have.length(1);
    const pin = part(el, 'pin');
    expect(tileOf(el, 'pinned').contains(pin)).to.be.true;
    expect(pin.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
    const text = pin.querySelector('.visually-hidden')!;
    expect(text.textContent).to.equal(strings.pinned);
    expect(text.getBoundingClientRect().width).to.be.at.most(1);
    const names = (await accessibleNodes()).filter(node => node.role === 'button').map(node => node.name);
    expect(names.filter(name => /\bPinned\b/.test(name))).to.deep.equal(['Photo: The spring collection Pinned']);
  });

  it('styles the pin like the media-type badges, and it can be themed', async () => {
    stubFetch(() => feed([pinned, media.video]));
    const el = await load(html`<instagram-feed account="acme.studio"></instagram-feed>`);
    const [pin, badge] = [getComputedStyle(part(el, 'pin')), getComputedStyle(part(el, 'badge'))];
    for (const property of ['position', 'top', 'color', 'font-size', 'filter']) {
      expect(pin.getPropertyValue(property), property).to.equal(badge.getPropertyValue(property));
    }
    const [pinBox, tileBox] = [part(el, 'pin').getBoundingClientRect(), tileOf(el, 'pinned', [pinned]).getBoundingClientRect()];
    expect(pinBox.left - tileBox.left, 'at the top left, opposite the type badge').to.equal(8);
    const theme = document.createElement('style');
    theme.textContent = 'instagram-feed::part(pin) { color: rgb(255, 0, 0); }';
    document.head.append(theme);
    try {
      expect(getComputedStyle(part(el, 'pin')).color).to.equal('rgb(255, 0, 0)');
    } finally {
      theme.remove();
    }
    el.style.setProperty('--instagram-feed-overlay-text', 'rgb(0, 0, 255)');
    expect(getComputedStyle(part(el, 'pin')).color).to.equal('rgb(0, 0, 255)');
  });
});

describe('<instagram-feed> call-to-action links', () => {
  afterEach(() => sinon.restore());

  describe('in the lightbox', () => {
    it('shows the link as a button with its label, opening in a new tab', async () => {
      stubFetch(() => feed(curated));
      const el = await load(html`<instagram-feed account="acme.studio" no-header></instagram-feed>`);
      const dialog = await openOn(el, 1);
      const link = part<HTMLAnchorElement>(el, 'link');
      expect(dialog.contains(link)).to.be.true;
      expect([link.getAttribute('href'), link.target, link.rel, link.textContent!.trim()]).to.deep.equal([
        SHOP,
        '_blank',
        'noopener noreferrer',
        'Shop the bowls',
      ]);
      expect(link.classList.contains('button')).to.be.true;
      // An accent button, above "View on Instagram" (a plain one).
      expect(getComputedStyle(link).backgroundColor).to.not.equal(getComputedStyle(part(el, 'lightbox-link')).backgroundColor);
      expect(link.compareDocumentPosition(part(el, 'lightbox-link')) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.ok;
    });

    it('reads the default text without a label, and shows nothing for a post without a link', async () => {
      stubFetch(() => feed(curated));
      const el = await load(html`<instagram-feed account="acme.studio" no-header></instagram-feed>`);
      await openOn(el, 2);
      expect(part(el, 'link').textContent!.trim()).to.equal(strings.learnMore);
      expect(strings.learnMore).to.equal('Learn more');
      await el.closeLightbox();
      await openOn(el, 3);
      expect(parts(el, 'link')).to.be.empty;
    });

    it('can be reached with Tab inside the dialog', async () => {
      stubFetch(() => feed(curated));
      const el = await load(html`<instagram-feed account="acme.studio" no-header></instagram-feed>`);
      await openOn(el, 1);
      const link = part(el, 'link');
      for (let i = 0; i < 8 && el.shadowRoot!.activeElement !== link; i++) await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(link);
    });

    for (const url of ['http://shop.acme.example/', 'javascript:alert(1)', ' https://shop.acme.example/', '//shop.acme.example/', 'data:text/html,x']) {
      it(`drops a link to ${JSON.stringify(url)} (https only)`, async () => {
        stubFetch(() => feed([post({ id: 'bad', link: { url, label: 'Bad' } })]));
        const el = await load(html`<instagram-feed account="acme.studio" no-header tile-link="cta"></instagram-feed>`);
        expect(el.shadowRoot!.querySelector('.feed__tile')!.localName, 'the tile opens the lightbox instead').to.equal('button');
        await openOn(el, 0);
        expect(parts(el, 'link')).to.be.empty;
        expect([...el.shadowRoot!.querySelectorAll('a')].map(a => a.getAttribute('href'))).to.not.include(url);
      });
    }
  });

  describe('on tiles, with tile-link="cta"', () => {
    it('makes the tile of a linked post a link to it, and keeps the lightbox for the others', async () => {
      stubFetch(() => feed(curated));
      const el = await load(html`<instagram-feed account="acme.studio" tile-link="cta"></instagram-feed>`);
      expect(el.tileLink).to.equal('cta');
      const tile = tileOf(el, 'linked') as HTMLAnchorElement;
      expect(tile.localName).to.equal('a');
      expect([tile.getAttribute('href'), tile.target, tile.rel]).to.deep.equal([SHOP, '_blank', 'noopener noreferrer']);
      expect((tileOf(el, 'unlabelled') as HTMLAnchorElement).href).to.equal('https://acme.example/kiln');
      expect(tileOf(el, 'plain').localName).to.equal('button');
      expect(tileOf(el, 'pinned').localName).to.equal('button');
      // The link's text leads the tile's name, so a screen reader says where it goes.
      const names = (await accessibleNodes()).filter(node => node.role === 'link').map(node => node.name);
      expect(names).to.include.members(['Shop the bowls, Photo: Three bowls', `${strings.learnMore}, Photo: Post unlabelled #ceramics with @friend`]);
    });

    it('follows the link on activation (instagram-feed-select can cancel it) and never opens the lightbox', async () => {
      stubFetch(() => feed(curated));
      const el = await load(html`<instagram-feed account="acme.studio" tile-link="cta"></instagram-feed>`);
      el.addEventListener('instagram-feed-select', event => event.media.id === 'linked' && event.preventDefault());
      const clicked = new Promise<MouseEvent>(resolve => window.addEventListener('click', resolve, { once: true }));
      const selected = nextEvent(el, 'instagram-feed-select');
      const tile = tileOf(el, 'linked');
      tile.focus();
      expect(el.shadowRoot!.activeElement, 'keyboard focusable').to.equal(tile);
      tile.click();
      expect((await selected).media.id).to.equal('linked');
      expect((await clicked).defaultPrevented).to.be.true;
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(el.shadowRoot!.querySelector('dialog')).to.be.null;
      tileOf(el, 'plain').click();
      await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'the lightbox did not open for a post without a link');
    });

    it('opens the lightbox for every post by default, and for an unknown value', async () => {
      stubFetch(() => feed(curated));
      const el = await load(html`<instagram-feed account="acme.studio" tile-link="popup"></instagram-feed>`);
      expect(el.tileLink).to.equal('lightbox');
      expect([...el.shadowRoot!.querySelectorAll('.feed__tile')].map(tile => tile.localName)).to.deep.equal(['button', 'button', 'button', 'button']);
    });

    it('links linked posts to their link even with no-lightbox, and the others to Instagram', async () => {
      stubFetch(() => feed(curated));
      const el = await load(html`<instagram-feed account="acme.studio" tile-link="cta" no-lightbox></instagram-feed>`);
      expect((tileOf(el, 'linked') as HTMLAnchorElement).href).to.equal(SHOP);
      expect((tileOf(el, 'plain') as HTMLAnchorElement).href).to.equal(plain.permalink);
    });
  });
});

describe('<instagram-feed> merged feeds', () => {
  afterEach(() => sinon.restore());

  it('requests GET /api/feeds/a,b with the comma kept and each name encoded', async () => {
    const fetch = stubFetch(() => mergedFeed([plain]));
    await load(html`<instagram-feed account="acme.studio,kiln.friends"></instagram-feed>`);
    expect(String(fetch.firstCall.args[0])).to.equal(`${location.origin}/api/feeds/acme.studio,kiln.friends?limit=12`);
    sinon.restore();
    const odd = stubFetch(() => mergedFeed([plain]));
    await load(html`<instagram-feed account=" a b , c/d,, " limit="3"></instagram-feed>`);
    expect(String(odd.firstCall.args[0])).to.equal(`${location.origin}/api/feeds/a%20b,c%2Fd?limit=3`);
  });

  it('shows every account in the header: stacked pictures and names, each linking to its profile', async () => {
    const accounts = [profile, ...otherProfiles];
    stubFetch(() => mergedFeed([plain], accounts));
    const el = await load(html`<instagram-feed account="acme.studio,kiln.friends,north.shore"></instagram-feed>`);
    const header = part(el, 'header');
    const avatars = parts<HTMLAnchorElement>(el, 'avatar');
    expect(avatars.map(a => a.href)).to.deep.equal(accounts.map(a => a.profileUrl));
    expect(avatars.map(a => a.querySelector('img')?.getAttribute('src') ?? a.textContent)).to.deep.equal([
      profile.profilePictureUrl,
      otherProfiles[0]!.profilePictureUrl,
      'n',
    ]);
    const boxes = avatars.map(a => a.getBoundingClientRect());
    expect(boxes[1]!.left, 'the pictures overlap').to.be.lessThan(boxes[0]!.right);
    expect(boxes[1]!.top).to.equal(boxes[0]!.top);
    // The pictures repeat the name links for pointer users; keyboard and screen readers get each account once.
    expect(part(el, 'avatars').getAttribute('aria-hidden')).to.equal('true');
    expect(avatars.every(a => a.tabIndex === -1)).to.be.true;
    const names = part(el, 'accounts');
    expect(header.contains(names)).to.be.true;
    expect(names.textContent!.replace(/\s+/g, ' ').trim()).to.equal('@acme.studio, @kiln.friends, and @north.shore');
    const links = parts<HTMLAnchorElement>(el, 'username');
    expect(links.map(a => [a.textContent, a.href, a.target])).to.deep.equal(accounts.map(a => [`@${a.username}`, a.profileUrl, '_blank']));
    expect(part(el, 'list').getAttribute('aria-label')).to.equal('Instagram posts by @acme.studio, @kiln.friends, @north.shore');
    expect(parts(el, 'follow-button')).to.be.empty;
  });

  it('counts accounts beyond five in a "+N" disc, and names them all', async () => {
    const accounts = Array.from({ length: 8 }, (_, i) => ({
      ...profile,
      id: `id${i}`,
      username: `shop${i}`,
      profileUrl: `https://www.instagram.com/shop${i}/`,
    }));
    stubFetch(() => mergedFeed([plain], accounts));
    const el = await load(html`<instagram-feed account="shop0,shop1,shop2,shop3,shop4,shop5,shop6,shop7"></instagram-feed>`);
    expect(parts(el, 'avatar')).to.have.length(5);
    expect(part(el, 'avatars').textContent).to.contain('+3');
    expect(parts(el, 'username')).to.have.length(8);
  });

  it('hides the merged header with no-header, as the single one', async () => {
    stubFetch(() => mergedFeed([plain]));
    const el = await load(html`<instagram-feed account="acme.studio,kiln.friends,north.shore" no-header></instagram-feed>`);
    expect(parts(el, 'header')).to.be.empty;
    expect(parts(el, 'avatars')).to.be.empty;
    el.noHeader = false;
    await waitUntil(() => parts(el, 'avatars').length, 'the header did not come back');
  });

  it('shows the usual header for a single account', async () => {
    stubFetch(() => feed([plain], null, { accounts: [profile] }));
    const el = await load(html`<instagram-feed account="acme.studio"></instagram-feed>`);
    expect(part(el, 'username').textContent).to.equal('acme.studio');
    expect(parts(el, 'avatars')).to.be.empty;
    expect(parts(el, 'follow-button')).to.have.length(1);
  });

  it("names each post's own account in the lightbox and in alt text", async () => {
    const theirs = post({ id: 'theirs', username: 'kiln.friends', caption: '' });
    stubFetch(() => mergedFeed([plain, theirs]));
    const el = await load(html`<instagram-feed account="acme.studio,kiln.friends,north.shore"></instagram-feed>`);
    expect(el.shadowRoot!.querySelectorAll('img.picture__img')[1]!.getAttribute('alt')).to.match(/^Instagram post by @kiln\.friends on /);
    await openOn(el, 1);
    const user = part<HTMLAnchorElement>(el, 'lightbox-username');
    expect([user.textContent, user.href]).to.deep.equal(['@kiln.friends', otherProfiles[0]!.profileUrl]);
  });
});

describe('<instagram-feed> accessibility of a curated, merged feed', () => {
  afterEach(() => sinon.restore());

  const posts = () => [pinned, linked, unlabelled, post({ id: 'theirs', username: 'kiln.friends', mediaUrl: svgImage(1080, 1080, '#7c3aed', 'theirs') })];

  it('has no violations in the grid, with tile-link="cta", and with the lightbox open on a linked post', async () => {
    stubFetch(() => mergedFeed(posts()));
    const el = await load(html`<instagram-feed account="acme.studio,kiln.friends,north.shore" load-more></instagram-feed>`);
    await expect(el).to.be.accessible();
    el.tileLink = 'cta';
    await el.updateComplete;
    await expect(el).to.be.accessible();
    el.tileLink = 'lightbox';
    await el.updateComplete;
    await openOn(el, 1);
    expect(parts(el, 'link')).to.have.length(1);
    await expect(el).to.be.accessible();
  });
});
