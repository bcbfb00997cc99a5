// The moderation screen (a modal <dialog> in index.html): every post of one account, with hide, pin and
// link controls and the include/exclude rules, edited as a draft and saved with one PUT of the whole
// curation document.
import type { Media } from '../widget/contract.js';
import { type Curation, emptyCuration, hiddenReasons, moveBy, moveTo, setLink, toggle, visibilityText } from './curation.js';
import { type CurationRequestError, getAllPosts, getCuration, putCuration } from './curation-api.js';
import { el } from './dom.js';
import { PostTile } from './moderation-tile.js';
import { RulesEditor } from './rules-editor.js';

export interface ModeratedAccount {
  id: string;
  username: string;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export class ModerationView {
  readonly #dialog = $<HTMLDialogElement>('moderation');
  readonly #grid = $<HTMLUListElement>('moderation-posts');
  readonly #rules: RulesEditor;
  readonly #onSaved: (account: ModeratedAccount) => Promise<void> | void;
  #account: ModeratedAccount | undefined;
  #trigger: HTMLElement | undefined;
  #posts: Media[] = [];
  #tiles = new Map<string, PostTile>();
  #saved: Curation = emptyCuration();
  #draft: Curation = emptyCuration();
  #errors = new Map<string, string>();
  #loading = 0;
  /** Only a loaded document may be saved: saving the empty draft would wipe the account's curation. */
  #ready = false;
  #saving = false;

  constructor(onSaved: (account: ModeratedAccount) => Promise<void> | void) {
    this.#onSaved = onSaved;
    this.#rules = new RulesEditor($('moderation-rules'), {
      curation: () => this.#draft,
      change: (side, kind, values) => {
        this.#draft[side][kind] = values;
        this.#clearErrors(`${side}.${kind}`);
        this.#changed();
      },
    });
    $('moderation-save').addEventListener('click', () => void this.save());
    $('moderation-close').addEventListener('click', () => {
      if (this.#mayDiscard()) this.#dialog.close();
    });
    this.#dialog.addEventListener('cancel', event => {
      if (!this.#mayDiscard()) event.preventDefault();
    });
    this.#dialog.addEventListener('close', () => this.#closed());
  }

  /** Opens the screen for `account`; focus returns to `trigger` when it closes. */
  open(account: ModeratedAccount, trigger: HTMLElement): void {
    this.#account = account;
    this.#trigger = trigger;
    this.#ready = false;
    this.#posts = [];
    this.#tiles.clear();
    this.#saved = emptyCuration();
    this.#draft = emptyCuration();
    this.#errors.clear();
    $('moderation-title').textContent = `Moderate @${account.username}`;
    this.#grid.replaceChildren(el('li', { className: 'empty mod-posts__loading' }, 'Loading posts…'));
    this.#setCount('Loading posts…');
    this.#setStatus('', '');
    this.#rules.render();
    this.#dialog.showModal();
    $('moderation-title').focus();
    void this.#load(account, ++this.#loading);
  }

  async save(): Promise<void> {
    const account = this.#account;
    if (!account || !this.#ready || this.#saving) return;
    this.#saving = true;
    this.#setStatus('Saving…', 'busy');
    const sent = JSON.stringify(this.#draft);
    try {
      this.#saved = await putCuration(account.id, JSON.parse(sent));
      this.#saving = false;
      this.#errors.clear();
      // Edits made while the request ran stay in the draft (and keep it unsaved).
      if (JSON.stringify(this.#draft) === sent) {
        this.#draft = structuredClone(this.#saved);
        for (const [id, tile] of this.#tiles) tile.setLink(this.#saved.links[id]);
      }
      this.#changed();
      await this.#onSaved(account);
    } catch (error) {
      this.#saving = false;
      const { message, field, fieldMessage } = error as CurationRequestError;
      if (field) this.#errors.set(field, fieldMessage);
      this.#render();
      this.#setStatus(field ? 'Not saved: see the marked field.' : `Not saved: ${message}`, 'bad');
      if (field) this.#focusField(field);
    }
  }

  async #load(account: ModeratedAccount, call: number): Promise<void> {
    try {
      const progress = (count: number) => {
        this.#setCount(`Loading posts… ${count}`);
        return call === this.#loading;
      };
      const [curation, posts] = await Promise.all([getCuration(account.id), getAllPosts(account.username, progress)]);
      if (call !== this.#loading) return;
      this.#saved = curation;
      this.#draft = structuredClone(this.#saved);
      this.#posts = posts;
      const actions = {
        hide: (id: string, on: boolean) => this.#edit(d => (d.hidden = toggle(d.hidden, id, on))),
        pin: (id: string, on: boolean) => this.#edit(d => (d.pinned = toggle(d.pinned, id, on))),
        move: (id: string, by: -1 | 1) => this.#edit(d => (d.pinned = moveBy(d.pinned, this.#shownPins(), id, by))),
        drop: (id: string, onto: string) => this.#edit(d => (d.pinned = moveTo(d.pinned, id, onto))),
        link: (id: string, url: string, label: string) => {
          this.#clearErrors(`links.${id}`);
          this.#edit(d => setLink(d, id, url, label));
        },
      };
      this.#tiles = new Map(posts.map(post => [post.id, new PostTile(post, actions)]));
      for (const [id, tile] of this.#tiles) tile.setLink(this.#saved.links[id]);
      this.#grid.replaceChildren();
      if (posts.length === 0) this.#grid.append(el('li', { className: 'empty' }, 'This account has no posts yet.'));
      this.#ready = true;
      this.#render();
    } catch (error) {
      if (call !== this.#loading) return;
      this.#grid.replaceChildren(el('li', { className: 'empty' }, `The posts could not be loaded. ${(error as Error).message}`));
      this.#setCount('');
    }
  }

  #edit(change: (draft: Curation) => void): void {
    change(this.#draft);
    this.#changed();
  }

  #changed(): void {
    this.#render();
    const dirty = JSON.stringify(this.#draft) !== JSON.stringify(this.#saved);
    if (!this.#saving) this.#setStatus(dirty ? 'Unsaved changes' : 'Saved', dirty ? 'warn' : 'ok');
  }

  #render(): void {
    const reasons = hiddenReasons(this.#draft, this.#posts);
    const pins = this.#shownPins();
    if (this.#posts.length > 0) this.#setCount(visibilityText(this.#posts.length, reasons, pins.length));
    const order = [...pins, ...this.#posts.map(post => post.id).filter(id => !pins.includes(id))];
    const active = document.activeElement;
    order.forEach((id, index) => {
      const tile = this.#tiles.get(id)!;
      if (this.#grid.children[index] !== tile.element) this.#grid.insertBefore(tile.element, this.#grid.children[index] ?? null);
      const errors = { url: this.#errors.get(`links.${id}.url`), label: this.#errors.get(`links.${id}.label`) };
      tile.update({ reason: reasons.get(id), pin: pins.indexOf(id), pins: pins.length, link: this.#draft.links[id], errors });
    });
    // Moving a tile in the DOM blurs the button that moved it; give focus back.
    if (active instanceof HTMLElement && active !== document.activeElement && active.isConnected) active.focus();
    this.#rules.render(this.#errors);
  }

  /** Pinned posts that are loaded, in pin order (a pin may name a post Instagram no longer lists). */
  #shownPins(): string[] {
    return this.#draft.pinned.filter(id => this.#tiles.has(id));
  }

  #mayDiscard(): boolean {
    return JSON.stringify(this.#draft) === JSON.stringify(this.#saved) || confirm('Close without saving? Your changes to this feed will be lost.');
  }

  #clearErrors(prefix: string): void {
    for (const field of [...this.#errors.keys()])
      if (field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`)) this.#errors.delete(field);
  }

  #focusField(field: string): void {
    const link = /^links\.(.+)\.(url|label)$/.exec(field);
    if (link) this.#tiles.get(link[1]!)?.focusError(link[2] as 'url' | 'label');
    else this.#rules.focus(field);
  }

  #setCount(text: string): void {
    const count = $('moderation-count');
    if (count.textContent !== text) count.textContent = text;
  }

  #setStatus(text: string, tone: string): void {
    const status = $('moderation-status');
    if (status.textContent !== text) status.textContent = text;
    status.dataset.tone = tone;
  }

  #closed(): void {
    this.#loading++;
    this.#trigger?.focus();
  }
}
