import { describe, expect, it } from 'vitest';
import { FieldsSyntaxError, parseFields } from '../../demo/emulator/fields.js';

describe('emulator fields parser', () => {
  it('should parse a flat list', () => {
    expect(parseFields('id,caption, media_type')).toEqual([
      { name: 'id', modifiers: {} },
      { name: 'caption', modifiers: {} },
      { name: 'media_type', modifiers: {} },
    ]);
  });

  it('should parse nested expansion with modifiers', () => {
    expect(parseFields('id,children.limit(2){id,media_url},username')).toEqual([
      { name: 'id', modifiers: {} },
      {
        name: 'children',
        modifiers: { limit: '2' },
        children: [
          { name: 'id', modifiers: {} },
          { name: 'media_url', modifiers: {} },
        ],
      },
      { name: 'username', modifiers: {} },
    ]);
  });

  it('should parse an empty string as no fields', () => {
    expect(parseFields('')).toEqual([]);
  });

  it('should tolerate empty items and drop duplicates', () => {
    expect(parseFields('id,,caption,id,').map(f => f.name)).toEqual(['id', 'caption']);
  });

  it.each(['id,caption}', 'children{id', 'id;caption', 'children.limit(2{id}', '{id}', 'a{b{c{d{e{f}}}}}'])('should reject %s', input => {
    expect(() => parseFields(input)).toThrow(FieldsSyntaxError);
  });

  it('should word syntax errors like Graph', () => {
    expect(() => parseFields('id,caption}')).toThrow('Syntax error "Expected end of string instead of "}"." at character 10: id,caption}');
  });

  it('should reject overly long input', () => {
    expect(() => parseFields('id,'.repeat(1000))).toThrow(FieldsSyntaxError);
  });
});
