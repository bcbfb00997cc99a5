// The Graph API `fields` grammar, as far as this API uses it:
//   list     := item (',' item)*
//   item     := name ('.' modifier '(' value ')')* ('{' list '}')?
// e.g. `id,caption,children.limit(5){id,media_type,media_url}`. Errors carry the Graph-style message.

/** One requested field, with its `.name(value)` modifiers and its `{…}` subfields. */
export interface FieldNode {
  name: string;
  modifiers: Record<string, string>;
  children?: FieldNode[];
}

/** A `fields` value the Graph API would reject; `message` is the API's wording. */
export class FieldsSyntaxError extends Error {
  override name = 'FieldsSyntaxError';
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 4;
const NAME = /[a-z_][a-z0-9_]*/iy;

export function parseFields(input: string): FieldNode[] {
  if (input.length > MAX_LENGTH) throw new FieldsSyntaxError('(#100) The fields parameter is too long');
  let pos = 0;

  const fail = (expected: string): never => {
    const found = pos < input.length ? `"${input[pos]}"` : 'end of string';
    const message = `Syntax error "Expected ${expected} instead of ${found}." at character ${pos}: ${input}`;
    throw new FieldsSyntaxError(message);
  };
  const skipSpace = () => {
    while (pos < input.length && /\s/.test(input[pos]!)) pos++;
  };
  const name = (what: string): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(input) ?? fail(what);
    pos = NAME.lastIndex;
    return m[0].toLowerCase();
  };
  const consume = (char: string) => {
    if (input[pos] !== char) fail(`"${char}"`);
    pos++;
  };

  const list = (depth: number): FieldNode[] => {
    const nodes: FieldNode[] = [];
    for (;;) {
      skipSpace();
      // Graph tolerates empty items ("id,,caption" and a trailing comma).
      if (input[pos] === ',') {
        pos++;
        continue;
      }
      if (pos >= input.length || input[pos] === '}') return nodes;
      nodes.push(item(depth));
      skipSpace();
      if (input[pos] === ',') pos++;
      else if (pos < input.length && input[pos] !== '}') fail('"," or "}"');
    }
  };

  const item = (depth: number): FieldNode => {
    const node: FieldNode = { name: name('field name'), modifiers: {} };
    while (input[pos] === '.') {
      pos++;
      const modifier = name('modifier name');
      consume('(');
      const end = input.indexOf(')', pos);
      if (end < 0) fail('")"');
      node.modifiers[modifier] = input.slice(pos, end).trim();
      pos = end;
      consume(')');
    }
    skipSpace();
    if (input[pos] === '{') {
      if (depth >= MAX_DEPTH) throw new FieldsSyntaxError('(#100) Field expansion is nested too deeply');
      pos++;
      node.children = list(depth + 1);
      consume('}');
    }
    return node;
  };

  const nodes = list(0);
  if (pos < input.length) fail('end of string');
  return dedupe(nodes);
}

// A repeated field is answered once, where it first appeared.
function dedupe(nodes: FieldNode[]): FieldNode[] {
  const seen = new Map<string, FieldNode>();
  for (const node of nodes) {
    if (node.children) node.children = dedupe(node.children);
    if (!seen.has(node.name)) seen.set(node.name, node);
  }
  return [...seen.values()];
}
