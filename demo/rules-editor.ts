// The include/exclude rule editor of the moderation screen: for each side, hashtags and words as chips,
// added by typing (a comma-separated list adds several) and removed with their own button.
import { type Curation, parseRules, type RuleKind } from './curation.js';
import { el } from './dom.js';

type Side = 'include' | 'exclude';

export interface RulesEditorOptions {
  /** The document being edited, read on every render. */
  curation(): Curation;
  change(side: Side, kind: RuleKind, values: string[]): void;
}

const SIDES: Record<Side, { legend: string; hint: string }> = {
  include: { legend: 'Only show posts with any of these', hint: 'Leave both empty to show every post.' },
  exclude: { legend: 'Never show posts with any of these', hint: 'Words match whole words, in any letter case.' },
};
const KINDS: Record<RuleKind, { label: string; placeholder: string }> = {
  hashtags: { label: 'Hashtags', placeholder: '#coffee, #latteart' },
  words: { label: 'Words or phrases', placeholder: 'giveaway, sold out' },
};

export class RulesEditor {
  readonly #options: RulesEditorOptions;
  readonly #lists = new Map<string, { list: HTMLUListElement; error: HTMLParagraphElement; input: HTMLInputElement }>();

  constructor(root: HTMLElement, options: RulesEditorOptions) {
    this.#options = options;
    root.replaceChildren(...(['include', 'exclude'] as const).map(side => this.#side(side)));
  }

  /** Redraws the chips; `errors` maps the server's `field` (`include.words[0]`) to its message. */
  render(errors: ReadonlyMap<string, string> = new Map()): void {
    const curation = this.#options.curation();
    for (const [key, { list, error, input }] of this.#lists) {
      const [side, kind] = key.split('.') as [Side, RuleKind];
      const values = curation[side][kind];
      list.replaceChildren(
        ...values.map((value, index) => this.#chip(side, kind, value, errors.has(`${key}[${index}]`))),
        ...(values.length ? [] : [el('li', { className: 'chips__none' }, 'None')]),
      );
      const messages = [...errors]
        .filter(([field]) => field === key || field.startsWith(`${key}[`))
        .map(([field, message]) => chipMessage(field, message, values));
      error.textContent = messages.join(' ');
      error.hidden = messages.length === 0;
      input.setAttribute('aria-invalid', String(messages.length > 0));
    }
  }

  /** Moves focus to the input of the list a server error names, so the message is read out. */
  focus(field: string): boolean {
    const entry = this.#lists.get(field.replace(/\[\d+\]$/, ''));
    entry?.input.focus();
    return !!entry;
  }

  #side(side: Side): HTMLFieldSetElement {
    const { legend, hint } = SIDES[side];
    return el(
      'fieldset',
      { className: `rules__side rules__side--${side}` },
      el('legend', {}, legend),
      el('p', { className: 'rules__hint' }, hint),
      ...(['hashtags', 'words'] as const).map(kind => this.#kind(side, kind)),
    );
  }

  #kind(side: Side, kind: RuleKind): HTMLElement {
    const key = `${side}.${kind}`;
    const id = `rule-${side}-${kind}`;
    const input = el('input', {
      type: 'text',
      id,
      className: 'rules__input',
      placeholder: KINDS[kind].placeholder,
      autocomplete: 'off',
      'aria-describedby': `${id}-error`,
    });
    const add = el(
      'button',
      { type: 'button', className: 'button button--small', 'aria-label': `Add ${KINDS[kind].label.toLowerCase()} to “${SIDES[side].legend}”` },
      'Add',
    );
    const list = el('ul', { className: 'chips', 'aria-label': `${KINDS[kind].label}: ${SIDES[side].legend.toLowerCase()}` });
    const error = el('p', { className: 'field-error', id: `${id}-error`, hidden: true });
    const commit = () => {
      const added = parseRules(kind, input.value);
      if (added.length === 0) return;
      const current = this.#options.curation()[side][kind];
      this.#options.change(side, kind, [...new Set([...current, ...added])]);
      input.value = '';
    };
    input.addEventListener('keydown', event => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      commit();
    });
    add.addEventListener('click', commit);
    this.#lists.set(key, { list, error, input });
    return el(
      'div',
      { className: 'rules__kind' },
      el('label', { htmlFor: id }, KINDS[kind].label),
      el('div', { className: 'rules__add' }, input, add),
      list,
      error,
    );
  }

  #chip(side: Side, kind: RuleKind, value: string, invalid: boolean): HTMLLIElement {
    const text = kind === 'hashtags' ? `#${value}` : `“${value}”`;
    const remove = el('button', { type: 'button', className: 'chip__remove', 'aria-label': `Remove ${text}` }, '×');
    remove.addEventListener('click', () => {
      const values = this.#options.curation()[side][kind];
      const index = values.indexOf(value);
      this.#options.change(
        side,
        kind,
        values.filter(v => v !== value),
      );
      // The button is gone: keep focus in the list (the next chip's button), else on the input.
      const { list, input } = this.#lists.get(`${side}.${kind}`)!;
      const next = list.querySelectorAll<HTMLButtonElement>('.chip__remove')[Math.min(index, values.length - 2)];
      (next ?? input).focus();
    });
    return el('li', { className: invalid ? 'chip chip--invalid' : 'chip' }, el('span', {}, text), remove);
  }
}

function chipMessage(field: string, message: string, values: readonly string[]): string {
  const index = /\[(\d+)\]$/.exec(field)?.[1];
  const value = index === undefined ? undefined : values[Number(index)];
  return value === undefined ? message : `“${value}”: ${message}`;
}
