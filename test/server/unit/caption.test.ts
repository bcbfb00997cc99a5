// Hashtags, mentions and word rules of server/curation/caption.ts on the captions people actually write:
// punctuation and emoji around tags, every script (with combining marks), URLs with `#fragment`s,
// e-mail addresses, HTML entities, and rule words full of regular-expression metacharacters.
import { describe, expect, it } from 'vitest';
import { hashtagsOf, mentionsOf, wordMatcher } from '../../../server/curation/caption.js';

describe('hashtagsOf', () => {
  it.each([
    // punctuation around tags
    ['Fresh #coffee, #tea! (#latte) "#mocha". [#chai]', ['coffee', 'tea', 'latte', 'mocha', 'chai']],
    ['#start of a caption and the end #end', ['start', 'end']],
    ['line one\n#tag\ton a tab #tab', ['tag', 'tab']],
    ['#tag-name stops at a hyphen, #dot.stops at a dot', ['tag', 'dot']],
    ['#? #! # alone are no tags', []],
    // emoji adjacent
    ['#coffee☕ time', ['coffee']],
    ['☕#coffee and 👩‍🍳#chef', ['coffee', 'chef']],
    ['#cook👩‍🍳 with a ZWJ sequence', ['cook']],
    // Unicode letters, marks and digits, and underscores
    ['#café #Crème', ['café', 'crème']],
    ['decomposed #cafe\u0301 keeps its combining accent', ['cafe\u0301']],
    ['#東京 #東京タワー', ['東京', '東京タワー']],
    ['#a_b and #_lead', ['a_b', '_lead']],
    ['#नमस्ते (virama and vowel signs are marks)', ['नमस्ते']],
    ['#สวัสดี #ภาษาไทย', ['สวัสดี', 'ภาษาไทย']],
    ['#Straße', ['straße']],
    ['#summer2024 #2024summer', ['summer2024', '2024summer']],
    // URLs with fragments are not hashtags
    ['see https://example.com/page#top and #real', ['real']],
    ['http://example.org/#section', []],
    ['HTTPS://EXAMPLE.COM/#Frag', []],
    ['www.example.com/#anchor then #after', ['after']],
    ['example.com/#path-fragment without a scheme', []],
    ['page#anchor inside a word', []],
    // e-mail addresses and mentions are not hashtags
    ['write to team@example.com #contact', ['contact']],
    ['@#weird', []],
    // doubled hash, HTML entities
    ['##double', []],
    ['it&#39;s #fine', ['fine']],
    ['hex entity &#x27;quoted&#x27; is no tag', []],
    // all-digit tags are not hashtags (any script's digits)
    ['#2024 #1 #١٢٣ #२०२४', []],
    // duplicates and case: one, lower-cased, in order of first use
    ['#Coffee #coffee #COFFEE #tea #Coffee', ['coffee', 'tea']],
    ['', []],
  ])('%j -> %j', (caption, expected) => {
    expect(hashtagsOf(caption)).toEqual(expected);
  });
});

describe('mentionsOf', () => {
  it.each([
    ['hi @bob, @alice! (@carol) "@dave".', ['bob', 'alice', 'carol', 'dave']],
    ['@Lena.Travels.', ['lena.travels']],
    ['thanks @name.', ['name']],
    ['@first.last_name is one account', ['first.last_name']],
    ['@a..b ends at a double dot', ['a']],
    ['@_under_score', ['_under_score']],
    ['@Bob @bob @BOB', ['bob']],
    ['@東京カフェ and @क़लम', ['東京カフェ', 'क़लम']],
    ['☕@barista', ['barista']],
    // e-mail addresses are not mentions
    ['mail bob@example.com or b.o.b@mail.example.org', []],
    ['bob@example.com and @carol', ['carol']],
    // URLs are not mentions
    ['https://www.threads.net/@handle and www.example.com/@x and example.com/@y', []],
    ['@@double', []],
    ['#@tag', []],
    ['@ alone', []],
    ['', []],
  ])('%j -> %j', (caption, expected) => {
    expect(mentionsOf(caption)).toEqual(expected);
  });
});

describe('wordMatcher', () => {
  const matches = (words: string[], caption: string) => wordMatcher(words)(caption);

  it.each([
    // word boundaries, Latin
    [['tea'], 'Tea time', true],
    [['tea'], 'green tea.', true],
    [['tea'], '(tea)', true],
    [['tea'], '#tea', true],
    [['tea'], 'steam', false],
    [['tea'], 'teapot', false],
    [['tea'], 'tea_time', false],
    [['tea'], 'tea2', false],
    [['TEA'], 'afternoon tea', true],
    [['café'], 'Un CAFÉ noir', true],
    [['café'], 'cafés', false],
    [['cafe'], 'café', false],
    // other scripts: letters and combining marks are word characters
    [['東京'], 'I love 東京!', true],
    [['東京'], '「東京」', true],
    [['東京'], '東京タワー', false],
    [['नमस्ते'], 'नमस्ते दोस्तों', true],
    [['नमस'], 'नमस्ते', false],
    [['สวัสดี'], 'สวัสดี ครับ', true],
    [['สวัส'], 'สวัสดี', false],
    [['straße'], 'STRASSE', false],
    // phrases: any run of whitespace between the words, in the rule or the caption
    [['good morning'], 'Good   morning!', true],
    [['good morning'], 'good\nmorning', true],
    [['good morning'], 'good\tmorning', true],
    [['good morning'], 'good\u00a0morning', true],
    [['  good \t morning '], 'good morning', true],
    [['good morning'], 'goodmorning', false],
    [['good morning'], 'good mornings', false],
    // regular-expression metacharacters are literal
    [['c++'], 'I write c++ daily', true],
    [['c++'], 'ccc', false],
    [['(sale)'], 'Big (sale) today', true],
    [['(sale)'], 'sale', false],
    [['a.b'], 'axb', false],
    [['a.b'], 'a.b', true],
    [['$5'], 'only $5 today', true],
    [['a|b'], 'a', false],
    [['.*'], 'anything', false],
    [['[x]'], 'x', false],
    [['\\d'], '5', false],
    [['^_^'], 'smile ^_^ ok', true],
    [['x{2}'], 'xx', false],
    [['a/b'], 'a/b', true],
    // several words: any of them
    [['tea', 'coffee'], 'More coffee', true],
    [['tea', 'coffee'], 'Water', false],
    [[], 'anything at all', false],
  ])('%j in %j -> %s', (words, caption, expected) => {
    expect(matches(words, caption)).toBe(expected);
  });

  // Regression: escaping `-` outside a character class, which the `u` flag forbids, made building the
  // matcher throw "Invalid escape" for any word with a hyphen.
  it('takes words with hyphens (t-shirt, e-mail)', () => {
    expect(matches(['t-shirt'], 'New T-shirt drop')).toBe(true);
    expect(matches(['e-mail'], 'email')).toBe(false);
  });
});
