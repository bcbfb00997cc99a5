// parseCuration (server/curation/validate.ts): every rule and limit refuses the document with an
// InvalidCurationError naming the exact field, and what passes comes back tidied.
import { describe, expect, it } from 'vitest';
import { InvalidCurationError } from '../../../server/curation/invalid-curation.js';
import { MAX_IDS, MAX_LABEL_LENGTH, MAX_RULE_LENGTH, MAX_RULES, parseCuration } from '../../../server/curation/validate.js';

const ids = (count: number, from = 0) => Array.from({ length: count }, (_, i) => String(17_900_000_000_000_000n + BigInt(from + i)));
const words = (count: number, prefix = 'word') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const link = (url: string, label: unknown = null) => ({ '123': { url, label } });

/** The field the error names; fails the test when nothing is thrown or something else is. */
function fieldOf(body: unknown): string {
  try {
    parseCuration(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCurationError);
    const { field, message } = error as InvalidCurationError;
    expect(message.startsWith(`${field}: `)).toBe(true);
    return field;
  }
  throw new Error(`accepted ${JSON.stringify(body).slice(0, 200)}`);
}

const EMPTY = { hidden: [], pinned: [], links: {}, include: { hashtags: [], words: [] }, exclude: { hashtags: [], words: [] } };

describe('parseCuration refuses', () => {
  it.each<[string, unknown, string]>([
    // the document itself
    ['a list', [], 'body'],
    ['null', null, 'body'],
    ['a string', 'hidden', 'body'],
    ['an unknown key', { hidden: [], foo: 1 }, 'foo'],
    ['a key in the wrong case', { Hidden: [] }, 'Hidden'],
    // media ids
    ['hidden that is not a list', { hidden: '123' }, 'hidden'],
    ['hidden as an object', { hidden: { 0: '1' } }, 'hidden'],
    ['a numeric id', { hidden: ['1', 2] }, 'hidden[1]'],
    ['an id with letters', { hidden: ['12a'] }, 'hidden[0]'],
    ['an empty id', { pinned: [''] }, 'pinned[0]'],
    ['a negative id', { pinned: ['1', '-2'] }, 'pinned[1]'],
    ['an id with spaces', { pinned: [' 1'] }, 'pinned[0]'],
    ['an id of 33 digits', { pinned: ['9'.repeat(33)] }, 'pinned[0]'],
    ['a null id', { pinned: ['1', '2', null] }, 'pinned[2]'],
    ['a pinned id listed twice', { pinned: ['1', '2', '1'] }, 'pinned[2]'],
    ['a hidden id listed twice', { hidden: ['5', '5'] }, 'hidden[1]'],
    ['pinned that is not a list', { pinned: null }, 'pinned'],
    // links
    ['links as a list', { links: [] }, 'links'],
    ['a link key that is no media id', { links: { abc: { url: 'https://shop.example/' } } }, 'links.abc'],
    ['a link that is not an object', { links: { '123': 'https://shop.example/' } }, 'links.123'],
    ['a link without url', { links: { '123': { label: 'Shop' } } }, 'links.123.url'],
    ['an empty url', { links: link('') }, 'links.123.url'],
    ['a url that is not text', { links: link(42 as unknown as string) }, 'links.123.url'],
    ['an http:// url', { links: link('http://shop.example/') }, 'links.123.url'],
    ['a javascript: url', { links: link('javascript:alert(1)') }, 'links.123.url'],
    ['a JavaScript: url in mixed case', { links: link('JavaScript:alert(1)') }, 'links.123.url'],
    ['a data: url', { links: link('data:text/html,<script>alert(1)</script>') }, 'links.123.url'],
    ['a relative url', { links: link('/shop') }, 'links.123.url'],
    ['a url with credentials', { links: link('https://user:secret@shop.example/') }, 'links.123.url'],
    ['a url over 2048 characters', { links: link(`https://shop.example/${'a'.repeat(2048)}`) }, 'links.123.url'],
    ['a label that is not text', { links: link('https://shop.example/', 5) }, 'links.123.label'],
    ['a label of 61 characters', { links: link('https://shop.example/', 'x'.repeat(61)) }, 'links.123.label'],
    ['a label of 61 emoji (122 UTF-16 units)', { links: link('https://shop.example/', '🛍'.repeat(61)) }, 'links.123.label'],
    ['a label with a control character', { links: link('https://shop.example/', 'Shop\u0007now') }, 'links.123.label'],
    ['a label with a bidi override', { links: link('https://shop.example/', 'Shop \u202enow') }, 'links.123.label'],
    ['an unknown link field', { links: { '123': { url: 'https://shop.example/', target: '_blank' } } }, 'links.123.target'],
    ['the second bad link', { links: { '1': { url: 'https://a.example/' }, '2': { url: 'ftp://b.example/' } } }, 'links.2.url'],
    // rules
    ['include that is not an object', { include: ['coffee'] }, 'include'],
    ['an unknown rule kind', { include: { tags: [] } }, 'include.tags'],
    ['hashtags that are not a list', { exclude: { hashtags: 'coffee' } }, 'exclude.hashtags'],
    ['words that are not a list', { exclude: { words: 'tea' } }, 'exclude.words'],
    ['a hashtag with a space', { include: { hashtags: ['good coffee'] } }, 'include.hashtags[0]'],
    ['a hashtag of only #', { include: { hashtags: ['coffee', '#'] } }, 'include.hashtags[1]'],
    ['a hashtag with two #', { include: { hashtags: ['##coffee'] } }, 'include.hashtags[0]'],
    ['a hashtag with punctuation', { exclude: { hashtags: ['tea', 'coffee!'] } }, 'exclude.hashtags[1]'],
    ['an empty hashtag', { exclude: { hashtags: [''] } }, 'exclude.hashtags[0]'],
    ['a hashtag that is not text', { exclude: { hashtags: [7] } }, 'exclude.hashtags[0]'],
    ['a blank word', { exclude: { words: ['tea', 'coffee', '   '] } }, 'exclude.words[2]'],
    ['a word that is not text', { exclude: { words: ['tea', 'coffee', null] } }, 'exclude.words[2]'],
    ['a word with a control character', { include: { words: ['tea\u0000'] } }, 'include.words[0]'],
    ['a word over the length limit', { exclude: { words: ['x'.repeat(MAX_RULE_LENGTH + 1)] } }, 'exclude.words[0]'],
    ['a hashtag over the length limit', { exclude: { hashtags: ['x'.repeat(MAX_RULE_LENGTH + 1)] } }, 'exclude.hashtags[0]'],
    // limits across the document
    [`${MAX_IDS + 1} hidden ids`, { hidden: ids(MAX_IDS + 1) }, 'hidden'],
    [
      `${MAX_IDS + 1} ids across hidden, pinned and links`,
      { hidden: ids(300), pinned: ids(200, 300), links: { [ids(1, 900)[0]!]: { url: 'https://a.example/' } } },
      'links',
    ],
    [`${MAX_RULES + 1} rules`, { include: { hashtags: words(50, 'tag') }, exclude: { words: words(MAX_RULES + 1 - 50) } }, 'exclude.words'],
  ])('%s', (_name, body, field) => {
    expect(fieldOf(body)).toBe(field);
  });

  it('reports the first problem in document order', () => {
    expect(fieldOf({ hidden: ['1', 'x'], pinned: ['y'], links: { z: {} } })).toBe('hidden[1]');
    expect(fieldOf({ pinned: ['1'], links: { '2': { url: 'http://a.example/' } }, include: { hashtags: ['a b'] } })).toBe('links.2.url');
  });
});

describe('parseCuration accepts', () => {
  it('an empty body, with every field defaulted to empty', () => {
    expect(parseCuration({})).toEqual(EMPTY);
    expect(parseCuration({ include: {}, exclude: {} })).toEqual(EMPTY);
  });

  it('exactly the limits', () => {
    expect(parseCuration({ hidden: ids(MAX_IDS) }).hidden).toHaveLength(MAX_IDS);
    const rules = parseCuration({ include: { hashtags: words(50, 'tag') }, exclude: { words: words(MAX_RULES - 50) } });
    expect(rules.include.hashtags.length + rules.exclude.words.length).toBe(MAX_RULES);
    expect(parseCuration({ exclude: { words: ['é'.repeat(MAX_RULE_LENGTH)] } }).exclude.words[0]).toHaveLength(MAX_RULE_LENGTH);
  });

  it('counts an id once when it is hidden, pinned and linked', () => {
    const all = ids(MAX_IDS);
    const links = Object.fromEntries(all.slice(0, 10).map(id => [id, { url: 'https://shop.example/' }]));
    const curation = parseCuration({ hidden: all, pinned: all.slice(0, 10), links });
    expect(curation.hidden).toHaveLength(MAX_IDS);
    expect(Object.keys(curation.links)).toHaveLength(10);
  });

  it('counts rules after merging duplicates', () => {
    const rules = [...words(MAX_RULES), 'WORD0', ' word1 '];
    expect(parseCuration({ exclude: { words: rules } }).exclude.words).toHaveLength(MAX_RULES);
  });

  it.each([
    ['60 ASCII characters', 'x'.repeat(MAX_LABEL_LENGTH)],
    ['60 emoji (code points, not UTF-16 units)', '🛍'.repeat(MAX_LABEL_LENGTH)],
    ['60 CJK characters', '買'.repeat(MAX_LABEL_LENGTH)],
  ])('a label of %s', (_name, label) => {
    expect(parseCuration({ links: link('https://shop.example/', label) }).links['123']!.label).toBe(label);
  });

  it('links: the URL normalised, the label trimmed, a blank or absent label as null', () => {
    const curation = parseCuration({
      links: {
        '1': { url: 'https://Shop.Example', label: '  Shop the look  ' },
        '2': { url: 'https://shop.example/a b?x=1#f', label: '   ' },
        '3': { url: 'https://shop.example/' },
        '4': { url: 'https://shop.example/', label: null },
      },
    });
    expect(curation.links).toEqual({
      '1': { url: 'https://shop.example/', label: 'Shop the look' },
      '2': { url: 'https://shop.example/a%20b?x=1#f', label: null },
      '3': { url: 'https://shop.example/', label: null },
      '4': { url: 'https://shop.example/', label: null },
    });
  });

  it('tidies rules: hashtags without # and lower-cased, words trimmed, collapsed and lower-cased, duplicates merged in order', () => {
    const curation = parseCuration({
      include: { hashtags: ['#Coffee', 'coffee', ' #TEA ', '#東京', '#Café', 'café', '#नमस्ते'], words: ['  Good \t\n Morning  ', 'good morning', 'C++'] },
      exclude: { hashtags: ['#Sale'], words: ['(SALE)', '(sale)'] },
    });
    expect(curation.include).toEqual({ hashtags: ['coffee', 'tea', '東京', 'café', 'नमस्ते'], words: ['good morning', 'c++'] });
    expect(curation.exclude).toEqual({ hashtags: ['sale'], words: ['(sale)'] });
  });

  it('keeps ids as given, in order', () => {
    expect(parseCuration({ hidden: ['3', '1', '2'], pinned: ['17900000000000002', '17900000000000001'] })).toMatchObject({
      hidden: ['3', '1', '2'],
      pinned: ['17900000000000002', '17900000000000001'],
    });
  });

  it('returns a new document: the input is not changed', () => {
    const body = { include: { hashtags: ['#Coffee'], words: [] } };
    parseCuration(body);
    expect(body.include.hashtags).toEqual(['#Coffee']);
  });
});
