// The element's words in the visitor's language: the tables (a snapshot of the labels each one gives),
// how the language is chosen, plurals, loading only the table needed before the first render, and a
// site owner's overrides through the `strings` property and attribute.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../widget/index.js';
import type { InstagramFeedElement } from '../../widget/index.js';
import { formatCount } from '../../widget/format.js';
import { en, LANGUAGES, languageOf, loadStrings, tables, translator } from '../../widget/strings.js';
import { viewStrings } from '../../widget/view-strings.js';
import { feed, imagePosts, json, media, part, post, settled, stubFetch } from './fixtures.js';

const pinned = post({ id: 'pinned', pinned: true, caption: 'The spring collection' });
const page = feed([pinned, media.carousel], 'c2');

async function load(template: ReturnType<typeof html>): Promise<InstagramFeedElement> {
  const el = await fixture<InstagramFeedElement>(template);
  await settled(el);
  return el;
}

/** What each table says in the labels a page shows; `#` stands for the post count (248, in the language's digits). */
const LABELS: Record<
  string,
  [
    follow: string,
    followLabel: string,
    list: string,
    loadMore: string,
    photo: string,
    pinned: string,
    posts: string,
    close: string,
    prev: string,
    next: string,
    view: string,
  ]
> = {
  en: [
    'Follow',
    'Follow @acme.studio on Instagram',
    'Instagram posts by @acme.studio',
    'Load more',
    'Photo',
    'Pinned',
    '# posts',
    'Close',
    'Previous post',
    'Next post',
    'View on Instagram',
  ],
  es: [
    'Seguir',
    'Seguir a @acme.studio en Instagram',
    'Publicaciones de Instagram de @acme.studio',
    'Cargar más',
    'Foto',
    'Fijada',
    '# publicaciones',
    'Cerrar',
    'Publicación anterior',
    'Publicación siguiente',
    'Ver en Instagram',
  ],
  pt: [
    'Seguir',
    'Seguir @acme.studio no Instagram',
    'Publicações do Instagram de @acme.studio',
    'Carregar mais',
    'Foto',
    'Fixada',
    '# publicações',
    'Fechar',
    'Publicação anterior',
    'Próxima publicação',
    'Ver no Instagram',
  ],
  fr: [
    'Suivre',
    'Suivre @acme.studio sur Instagram',
    'Publications Instagram de @acme.studio',
    'Charger plus',
    'Photo',
    'Épinglée',
    '# publications',
    'Fermer',
    'Publication précédente',
    'Publication suivante',
    'Voir sur Instagram',
  ],
  de: [
    'Folgen',
    '@acme.studio auf Instagram folgen',
    'Instagram-Beiträge von @acme.studio',
    'Mehr laden',
    'Foto',
    'Angeheftet',
    '# Beiträge',
    'Schließen',
    'Vorheriger Beitrag',
    'Nächster Beitrag',
    'Auf Instagram ansehen',
  ],
  it: [
    'Segui',
    'Segui @acme.studio su Instagram',
    'Post di Instagram di @acme.studio',
    'Carica altri',
    'Foto',
    'In evidenza',
    '# post',
    'Chiudi',
    'Post precedente',
    'Post successivo',
    'Vedi su Instagram',
  ],
  nl: [
    'Volgen',
    '@acme.studio volgen op Instagram',
    'Instagram-berichten van @acme.studio',
    'Meer laden',
    'Foto',
    'Vastgezet',
    '# berichten',
    'Sluiten',
    'Vorig bericht',
    'Volgend bericht',
    'Bekijken op Instagram',
  ],
  sv: [
    'Följ',
    'Följ @acme.studio på Instagram',
    'Instagraminlägg av @acme.studio',
    'Läs in fler',
    'Foto',
    'Fäst',
    '# inlägg',
    'Stäng',
    'Föregående inlägg',
    'Nästa inlägg',
    'Visa på Instagram',
  ],
  pl: [
    'Obserwuj',
    'Obserwuj @acme.studio na Instagramie',
    'Posty na Instagramie od @acme.studio',
    'Wczytaj więcej',
    'Zdjęcie',
    'Przypięty',
    '# postów',
    'Zamknij',
    'Poprzedni post',
    'Następny post',
    'Zobacz na Instagramie',
  ],
  tr: [
    'Takip et',
    'Instagram’da @acme.studio hesabını takip et',
    '@acme.studio tarafından Instagram gönderileri',
    'Daha fazla yükle',
    'Fotoğraf',
    'Sabitlendi',
    '# gönderi',
    'Kapat',
    'Önceki gönderi',
    'Sonraki gönderi',
    'Instagram’da gör',
  ],
  ja: [
    'フォロー',
    'Instagramで@acme.studioをフォロー',
    '@acme.studioのInstagram投稿',
    'さらに読み込む',
    '写真',
    '固定済み',
    '投稿#件',
    '閉じる',
    '前の投稿',
    '次の投稿',
    'Instagramで見る',
  ],
  ko: [
    '팔로우',
    'Instagram에서 @acme.studio 팔로우',
    '@acme.studio의 Instagram 게시물',
    '더 보기',
    '사진',
    '고정됨',
    '게시물 #개',
    '닫기',
    '이전 게시물',
    '다음 게시물',
    'Instagram에서 보기',
  ],
  zh: [
    '关注',
    '在 Instagram 上关注 @acme.studio',
    '@acme.studio 的 Instagram 帖子',
    '加载更多',
    '照片',
    '已置顶',
    '# 篇帖子',
    '关闭',
    '上一篇帖子',
    '下一篇帖子',
    '在 Instagram 上查看',
  ],
  ar: [
    'متابعة',
    'متابعة @acme.studio على Instagram',
    'منشورات Instagram من @acme.studio',
    'تحميل المزيد',
    'صورة',
    'مثبّت',
    '# منشورًا',
    'إغلاق',
    'المنشور السابق',
    'المنشور التالي',
    'عرض على Instagram',
  ],
  he: [
    'מעקב',
    'מעקב אחרי @acme.studio ב-Instagram',
    'פוסטים ב-Instagram של @acme.studio',
    'טעינת עוד',
    'תמונה',
    'מוצמד',
    '# פוסטים',
    'סגירה',
    'הפוסט הקודם',
    'הפוסט הבא',
    'צפייה ב-Instagram',
  ],
};

/** The labels `el` shows, in the order of {@link LABELS}, with the lightbox open on the first post. */
async function labelsOf(el: InstagramFeedElement): Promise<string[]> {
  const root = el.shadowRoot!;
  const text = (name: string) => part(el, name).textContent!.trim();
  const tileLabel = root.querySelector('.feed__tile > .visually-hidden')!.textContent!.replace(/:\s*$/, '');
  const shown = [
    text('follow-button'),
    part(el, 'follow-button').getAttribute('aria-label')!,
    part(el, 'list').getAttribute('aria-label')!,
    text('load-more'),
    tileLabel,
    root.querySelector('[part~="pin"] .visually-hidden')!.textContent!,
    root.querySelector('[part~="stats"] li')!.textContent!.trim(),
  ];
  await el.openLightbox(0);
  await waitUntil(() => root.querySelector('dialog')?.open, 'the lightbox did not open', { timeout: 3000 });
  const label = (name: string) => part(el, name).getAttribute('aria-label')!;
  shown.push(label('lightbox-close'), label('lightbox-prev'), label('lightbox-next'), text('lightbox-link'));
  await el.closeLightbox();
  return shown;
}

describe('<instagram-feed> languages', () => {
  afterEach(() => sinon.restore());

  // First in the file, so that no table has been loaded yet in this page.
  it('loads only the table it needs, alongside the first request, and never shows English first', async () => {
    // The feed arrives at once and its table late: only waiting for the table keeps English off the screen.
    await executeServerCommand('delay-locales', { ms: 600 });
    stubFetch(() => page);
    const host = await fixture<HTMLElement>(html`<div></div>`);
    const el = document.createElement('instagram-feed') as InstagramFeedElement;
    Object.assign(el, { account: 'acme.studio', locale: 'sv-SE', loadMore: true });
    host.append(el);
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      const follow = el.shadowRoot!.querySelector('[part~="follow-button"]');
      if (follow) seen.push(follow.textContent!.trim());
    });
    observer.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
    try {
      await settled(el);
    } finally {
      observer.disconnect();
      await executeServerCommand('delay-locales', { ms: 0 });
    }
    expect(seen[0]).to.equal('Följ');
    expect(seen).not.to.include('Follow');
    const tables = performance
      .getEntriesByType('resource')
      .map(entry => /\/widget\/locales\/(\w+)\.[jt]s\b/.exec(entry.name)?.[1])
      .filter(Boolean);
    expect(tables).to.deep.equal(['sv']);
  });

  // Second: Turkish has not been loaded in this page yet either.
  it("takes a server-rendered feed over in its language: the server's nodes stay until the table is there", async () => {
    const fetch = stubFetch(() => page);
    await executeServerCommand('delay-locales', { ms: 600 });
    const host = await fixture<HTMLElement>(html`<main></main>`);
    host.setHTMLUnsafe(
      `<instagram-feed account="acme.studio" locale="tr"><template shadowrootmode="open"><p class="server">Sunucu</p></template><script type="application/json">${JSON.stringify(page)}</script></instagram-feed>`,
    );
    const el = host.querySelector('instagram-feed')!;
    // The declarative root is there at once; the element renders into it later, after its modules have loaded.
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      const follow = el.shadowRoot!.querySelector('[part~="follow-button"]');
      seen.push(follow ? follow.textContent!.trim() : el.shadowRoot!.querySelector('.server') ? 'server' : '');
    });
    observer.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
    try {
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="follow-button"]'), 'the element did not take over', { timeout: 4000 });
      await el.updateComplete;
    } finally {
      observer.disconnect();
      await executeServerCommand('delay-locales', { ms: 0 });
    }
    expect(seen[0]).to.equal('Takip et');
    expect(seen).not.to.include('Follow');
    expect(fetch.callCount).to.equal(0);
  });

  it('has a table for each of the 15 languages', () => {
    expect([...LANGUAGES].sort()).to.deep.equal(Object.keys(LABELS).sort());
  });

  it('has every key in every table, and the README lists each with its English text', async () => {
    const english: Record<string, unknown> = { ...en, ...viewStrings };
    const keys = [...Object.keys(english), 'networkError', 'serverStatus', 'badResponse'].sort();
    for (const lang of LANGUAGES.filter(lang => lang !== 'en')) {
      await loadStrings(lang);
      expect(Object.keys(tables[lang]!).sort(), lang).to.deep.equal(keys);
    }
    const readme = await (await fetch('/widget/README.md')).text();
    const table = readme.slice(readme.indexOf('| Key | English |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const documented = Object.fromEntries(rows.map(row => /^\| `(\w+)` \| (.*) \|$/.exec(row)!.slice(1)));
    expect(Object.keys(documented).sort()).to.deep.equal(keys);
    for (const [key, message] of Object.entries(english)) {
      const text = typeof message === 'string' ? message : `${(message as { one: string }).one} / ${(message as { other: string }).other}`;
      expect(documented[key], key).to.equal(text);
    }
  });

  for (const [lang, expected] of Object.entries(LABELS)) {
    it(`labels everything in ${new Intl.DisplayNames('en', { type: 'language' }).of(lang)} (${lang})`, async () => {
      stubFetch(() => page);
      const el = await load(html`<instagram-feed account="acme.studio" locale=${lang} load-more></instagram-feed>`);
      const want = expected.map(text => text.replace('#', formatCount(248, lang)));
      expect(await labelsOf(el)).to.deep.equal(want);
    });
  }

  describe('how the language is chosen', () => {
    const followOf = async (template: ReturnType<typeof html>, inside?: (el: Element) => InstagramFeedElement) => {
      sinon.restore();
      stubFetch(() => page);
      const host = await fixture(template);
      const el = inside ? inside(host) : (host.querySelector('instagram-feed') ?? host);
      await settled(el);
      return part(el, 'follow-button').textContent!.trim();
    };

    it('takes the nearest `lang` attribute', async () => {
      expect(await followOf(html`<div lang="de"><section lang="it"><instagram-feed account="acme.studio"></instagram-feed></section></div>`)).to.equal('Segui');
    });

    it('prefers `locale` over `lang`', async () => {
      expect(await followOf(html`<div lang="de"><instagram-feed account="acme.studio" locale="nl"></instagram-feed></div>`)).to.equal('Volgen');
    });

    it("takes the page's language where `lang` cannot be reached (inside another shadow root)", async () => {
      const before = document.documentElement.lang;
      document.documentElement.lang = 'es-MX';
      try {
        const follow = await followOf(html`<div></div>`, host => {
          const el = document.createElement('instagram-feed') as InstagramFeedElement;
          el.account = 'acme.studio';
          host.attachShadow({ mode: 'open' }).append(el);
          return el;
        });
        expect(follow).to.equal('Seguir');
      } finally {
        document.documentElement.lang = before;
      }
    });

    it('falls back to English for a language without a table, and for Traditional Chinese', async () => {
      expect(await followOf(html`<instagram-feed account="acme.studio" locale="fi"></instagram-feed>`)).to.equal('Follow');
      expect(await followOf(html`<instagram-feed account="acme.studio" locale="zh-TW"></instagram-feed>`)).to.equal('Follow');
      expect(await followOf(html`<instagram-feed account="acme.studio" locale="zh-CN"></instagram-feed>`)).to.equal('关注');
    });

    it('maps tags to tables by their language', () => {
      expect(['pt-PT', 'pt-BR', 'iw', 'zh-Hans-SG', 'zh-HK', 'nb', '', 'not a tag!'].map(languageOf)).to.deep.equal([
        'pt',
        'pt',
        'he',
        'zh',
        'en',
        'en',
        'en',
        'en',
      ]);
    });

    it('switches language when `locale` changes', async () => {
      stubFetch(() => page);
      const el = await load(html`<instagram-feed account="acme.studio" load-more></instagram-feed>`);
      el.locale = 'fr';
      await waitUntil(() => part(el, 'load-more').textContent!.trim() === 'Charger plus', 'the text did not change', { timeout: 3000 });
      expect(part(el, 'follow-button').textContent!.trim()).to.equal('Suivre');
    });
  });

  describe('plurals', () => {
    before(() => Promise.all(['pl', 'ar', 'fr'].map(loadStrings)));

    it('picks the form by Intl.PluralRules', () => {
      const counts = (lang: string, key: 'posts' | 'loaded', ns: number[]) => ns.map(n => translator(lang)(key, { count: n }));
      expect(counts('en', 'posts', [0, 1, 2])).to.deep.equal(['0 posts', '1 post', '2 posts']);
      expect(counts('fr', 'posts', [0, 1, 2])).to.deep.equal(['0 publication', '1 publication', '2 publications']);
      expect(counts('pl', 'posts', [1, 2, 5, 22, 25])).to.deep.equal(['1 post', '2 posty', '5 postów', '22 posty', '25 postów']);
      expect(counts('ar', 'loaded', [0, 1, 2, 3, 11, 100])).to.deep.equal([
        'لم يُحمَّل أي منشور إضافي',
        'تم تحميل منشور إضافي واحد',
        'تم تحميل منشورين إضافيين',
        'تم تحميل 3 منشورات إضافية',
        'تم تحميل 11 منشورًا إضافيًا',
        'تم تحميل 100 منشور إضافي',
      ]);
    });

    it('announces loaded posts in the language, with the plural for the count', async () => {
      stubFetch(url => (url.searchParams.get('after') ? feed(imagePosts(3, 'more')) : feed(imagePosts(4), 'c2')));
      const el = await load(html`<instagram-feed account="acme.studio" locale="pl" limit="4" load-more></instagram-feed>`);
      part(el, 'load-more').click();
      const status = el.shadowRoot!.querySelector('[role="status"]')!;
      await waitUntil(() => status.textContent!.trim(), 'nothing was announced', { timeout: 3000 });
      expect(status.textContent!.trim()).to.equal('Wczytano 3 kolejne posty');
    });
  });

  it('shows the states in the language: empty, and an error the widget describes itself', async () => {
    stubFetch(() => feed([]));
    const empty = await load(html`<instagram-feed account="acme.studio" locale="fr"></instagram-feed>`);
    expect(part(empty, 'empty').textContent!.trim()).to.equal('Aucune publication pour le moment.');
    sinon.restore();
    sinon.stub(window, 'fetch').rejects(new TypeError('Failed to fetch'));
    const failed = await load(html`<instagram-feed account="acme.studio" locale="fr"></instagram-feed>`);
    expect(part(failed, 'error').textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Impossible de charger les publications Instagram. Le serveur du flux est injoignable. Réessayer',
    );
  });

  it("shows a server's own error message as it was sent", async () => {
    stubFetch(() => json({ error: { code: 'account_not_found', message: 'No account acme.studio here.' } }, 404));
    const el = await load(html`<instagram-feed account="acme.studio" locale="de"></instagram-feed>`);
    expect(el.shadowRoot!.querySelector('.feed__error-detail')!.textContent).to.equal('No account acme.studio here.');
    expect(part(el, 'retry').textContent!.trim()).to.equal('Erneut versuchen');
  });

  describe('overrides', () => {
    it('takes messages from the `strings` property', async () => {
      stubFetch(() => page);
      const el = await load(html`<instagram-feed account="acme.studio" load-more></instagram-feed>`);
      el.strings = { follow: 'Shop our feed', loadMore: 'Show me more' };
      await el.updateComplete;
      expect(part(el, 'follow-button').textContent!.trim()).to.equal('Shop our feed');
      expect(part(el, 'load-more').textContent!.trim()).to.equal('Show me more');
      // Keys not overridden keep the table's text.
      expect(part(el, 'follow-button').getAttribute('aria-label')).to.equal('Follow @acme.studio on Instagram');
    });

    it('takes them from the `strings` attribute (JSON), over the language table', async () => {
      stubFetch(() => page);
      const el = await load(
        html`<instagram-feed account="acme.studio" locale="de" load-more strings='{"follow": "Shop our feed", "pinned": "Favourite", "posts": {"one": "{count} look", "other": "{count} looks"}}'></instagram-feed>`,
      );
      expect(part(el, 'follow-button').textContent!.trim()).to.equal('Shop our feed');
      expect(el.shadowRoot!.querySelector('[part~="pin"] .visually-hidden')!.textContent).to.equal('Favourite');
      expect(el.shadowRoot!.querySelector('[part~="stats"] li')!.textContent!.trim()).to.equal('248 looks');
      expect(part(el, 'load-more').textContent!.trim()).to.equal('Mehr laden');
    });

    it('falls back to the table for a plural form the override lacks, and for what is not text', async () => {
      stubFetch(() => page);
      const el = await load(html`<instagram-feed account="acme.studio" strings='{"posts": {"one": "{count} look"}, "follow": 42}'></instagram-feed>`);
      expect(el.shadowRoot!.querySelector('[part~="stats"] li')!.textContent!.trim()).to.equal('248 posts');
      expect(part(el, 'follow-button').textContent!.trim()).to.equal('Follow');
    });

    it('ignores an attribute that is not JSON', async () => {
      stubFetch(() => page);
      const el = await load(html`<instagram-feed account="acme.studio" strings="{follow: Shop}"></instagram-feed>`);
      expect(part(el, 'follow-button').textContent!.trim()).to.equal('Follow');
    });
  });
});
