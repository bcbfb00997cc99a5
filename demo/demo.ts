// The demo/admin page: connect accounts, see their status, configure a feed with a live preview and
// copy the embed snippet. Plain DOM on purpose: the page is small and has no logic the widget needs.
// Over 250 lines on purpose: the page's one module (strict CSP, no inline script), four small sections.
import type { ConnectErrorCode } from '../server/accounts/connect-codes.js';
import { el } from './dom.js';
import { ModerationView } from './moderation.js';

interface Account {
  id: string;
  username: string;
  status: 'active' | 'expired' | 'reconnect_required' | 'error';
  tokenExpiresAt: string;
  lastRefreshAt: string | null;
  lastFetchAt: string | null;
  lastError: string | null;
  profile: { name: string | null; profilePictureUrl: string | null; accountType: string };
}

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
const publicUrl = meta('igfeed-public-url') || location.origin;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** A sentence for every code the OAuth callback can send back (the type makes a missing one an error). */
const ERRORS: Record<ConnectErrorCode, string> = {
  access_denied: 'You cancelled on Instagram, so nothing was connected.',
  personal_account:
    'This is a personal Instagram account. Switch it to a Business or Creator account in Instagram’s settings (Settings › Account type and tools), then connect again.',
  invalid_state: 'That sign-in link expired or was already used. Press “Connect Instagram” to start again.',
  invalid_request: 'Instagram did not send back what we expected. Please press “Connect Instagram” again.',
  authorization_failed: 'Instagram could not complete the sign-in. Please try again in a minute.',
  code_exchange_failed: 'Instagram did not let us finish connecting (the sign-in code was refused). Please try again.',
  token_exchange_failed: 'Instagram did not give us a lasting access token. Please try again in a minute.',
  profile_failed: 'We could not read the account’s profile from Instagram. Please try again in a minute.',
  storage_failed: 'The account could not be saved on this server (is its disk full or read-only?). Ask whoever runs the server.',
  session_failed: 'Your browser session could not be started. Check that cookies are allowed for this site.',
};

const STATUS: Record<Account['status'], { label: string; tone: string }> = {
  active: { label: 'Active', tone: 'ok' },
  expired: { label: 'Token expired: reconnect', tone: 'bad' },
  reconnect_required: { label: 'Reconnect needed', tone: 'warn' },
  error: { label: 'Error', tone: 'bad' },
};

const THEMES: Record<string, Record<string, string>> = {
  default: {},
  rounded: { '--instagram-feed-radius': '16px', '--instagram-feed-gap': '12px' },
  dark: {
    '--instagram-feed-background': '#111418',
    '--instagram-feed-surface': '#1c2027',
    '--instagram-feed-color': '#f2f4f7',
    '--instagram-feed-muted-color': '#9aa4b2',
    '--instagram-feed-radius': '10px',
  },
  minimal: { '--instagram-feed-gap': '0px', '--instagram-feed-radius': '0px' },
  brand: { '--instagram-feed-accent': '#c2410c', '--instagram-feed-accent-text': '#ffffff', '--instagram-feed-radius': '8px', '--instagram-feed-gap': '6px' },
};

function notify(message: string, tone: 'ok' | 'bad' = 'ok'): void {
  const notice = $('notice');
  notice.textContent = message;
  notice.dataset.tone = tone;
  notice.hidden = false;
}

function relative(iso: string | null): string {
  if (!iso) return 'never';
  const seconds = (Date.parse(iso) - Date.now()) / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  return format.format(Math.round(seconds), 'second');
}

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  }
  return response;
}

function showResultFromUrl(): void {
  const params = new URLSearchParams(location.search);
  const connected = params.get('connected');
  const error = params.get('error');
  if (connected) notify(`@${connected} is connected. Its posts are in the preview below.`);
  else if (error) notify(ERRORS[error as ConnectErrorCode] ?? 'Connecting did not work. Please try again.', 'bad');
  if (connected || error) history.replaceState(null, '', location.pathname);
}

function accountRow(account: Account): HTMLElement {
  const item = document.createElement('li');
  item.className = 'account';
  const status = STATUS[account.status] ?? STATUS.error;
  const avatar = document.createElement('img');
  avatar.className = 'account__avatar';
  avatar.alt = '';
  avatar.width = 48;
  avatar.height = 48;
  if (account.profile.profilePictureUrl) avatar.src = account.profile.profilePictureUrl;
  const text = document.createElement('div');
  text.className = 'account__text';
  const title = document.createElement('p');
  title.className = 'account__name';
  title.append(Object.assign(document.createElement('strong'), { textContent: `@${account.username}` }));
  if (account.profile.name) title.append(` ${account.profile.name}`);
  const badge = Object.assign(document.createElement('span'), { className: `badge badge--${status.tone}`, textContent: status.label });
  title.append(' ', badge);
  const details = document.createElement('p');
  details.className = 'account__details';
  details.textContent =
    account.status === 'active'
      ? `Token renews automatically; current one expires ${relative(account.tokenExpiresAt)}. Posts fetched ${relative(account.lastFetchAt)}.`
      : `Posts last fetched ${relative(account.lastFetchAt)}. Visitors still see those posts; reconnect to resume updates.`;
  text.append(title, details);
  if (account.lastError) {
    text.append(Object.assign(document.createElement('p'), { className: 'account__error', textContent: `Last problem: ${account.lastError}` }));
  }
  const actions = document.createElement('div');
  actions.className = 'account__actions';
  const button = (label: string, handler: () => Promise<void>, variant = '') => {
    const b = Object.assign(document.createElement('button'), { type: 'button', textContent: label, className: `button ${variant}` });
    b.setAttribute('aria-label', `${label} for @${account.username}`);
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        await handler();
      } catch (error) {
        notify((error as Error).message, 'bad');
      } finally {
        b.disabled = false;
      }
    });
    return b;
  };
  const path = `/api/accounts/${encodeURIComponent(account.id)}`;
  // Not through button(): it would disable (and so blur) the trigger that focus returns to on closing.
  const moderate = el(
    'button',
    { type: 'button', className: 'button', 'aria-label': `Moderate posts of @${account.username}`, 'data-moderate': account.username },
    'Moderate',
  );
  moderate.addEventListener('click', () => moderation.open(account, moderate));
  actions.append(moderate);
  if (account.status !== 'active') {
    actions.append(Object.assign(document.createElement('a'), { className: 'button button--primary', href: '/instagram/connect', textContent: 'Reconnect' }));
  }
  actions.append(
    button('Refresh token', async () => {
      await api(`${path}/refresh`, { method: 'POST' });
      notify(`The token of @${account.username} was refreshed.`);
      await loadAccounts();
    }),
    button('Sync now', async () => {
      await api(`${path}/sync`, { method: 'POST' });
      notify(`Fetched the latest posts of @${account.username}.`);
      await loadAccounts();
      await refreshPreview();
    }),
    button(
      'Disconnect',
      async () => {
        if (!confirm(`Disconnect @${account.username}? Its token, saved posts and images are deleted from this server; embedded feeds stop showing.`)) return;
        await api(path, { method: 'DELETE' });
        notify(`@${account.username} was disconnected.`);
        await loadAccounts();
      },
      'button--danger',
    ),
  );
  item.append(avatar, text, actions);
  return item;
}

let accounts: Account[] = [];

async function loadAccounts(): Promise<void> {
  const container = $('accounts');
  try {
    accounts = ((await (await api('/api/accounts')).json()) as { accounts: Account[] }).accounts;
  } catch (error) {
    container.innerHTML = '';
    container.append(
      Object.assign(document.createElement('p'), {
        className: 'muted',
        textContent: `${(error as Error).message} Accounts can be managed from the server’s own machine, or anywhere once ADMIN_PASSWORD is set.`,
      }),
    );
    return;
  }
  container.innerHTML = '';
  if (accounts.length === 0) {
    container.append(Object.assign(document.createElement('p'), { className: 'empty', textContent: 'No accounts yet. Press “Connect Instagram” to add one.' }));
  } else {
    const list = document.createElement('ul');
    list.className = 'accounts';
    list.append(...accounts.map(accountRow));
    container.append(list);
  }
  const list = $('opt-account-list');
  const previous = new Set(readOptions().account.split(',').filter(Boolean));
  const wanted = new URLSearchParams(location.search).get('connected');
  const keep = accounts.some(a => previous.has(a.username));
  const first = accounts.find(a => a.username === wanted)?.username ?? accounts[0]?.username;
  list.replaceChildren(
    ...accounts.map(a =>
      el(
        'label',
        { className: 'check' },
        el('input', { type: 'checkbox', name: 'account', value: a.username, checked: keep ? previous.has(a.username) : a.username === first }),
        ` @${a.username}`,
      ),
    ),
  );
  $('opt-accounts-hint').hidden = accounts.length < 2;
  $('configure').hidden = accounts.length === 0;
  $('snippet-card').hidden = accounts.length === 0;
  update();
}

interface Options {
  account: string;
  layout: string;
  columns: string;
  limit: string;
  types: string[];
  header: boolean;
  captions: boolean;
  lightbox: boolean;
  loadMore: boolean;
  theme: string;
}

function readOptions(): Options {
  const form = $<HTMLFormElement>('options');
  const data = new FormData(form);
  const limit = Math.min(100, Math.max(1, Number(data.get('limit')) || 12));
  return {
    // Several accounts make one merged feed (the server takes 2 to 10).
    account: data.getAll('account').map(String).slice(0, 10).join(','),
    layout: String(data.get('layout')),
    columns: String(data.get('columns')),
    limit: String(limit),
    types: data.getAll('types').map(String),
    header: data.has('header'),
    captions: data.has('captions'),
    lightbox: data.has('lightbox'),
    loadMore: data.has('loadMore'),
    theme: String(data.get('theme')),
  };
}

/** Attributes that differ from the widget's defaults: the snippet stays as short as possible. */
function attributes(options: Options): [string, string][] {
  const attrs: [string, string][] = [['account', options.account]];
  if (options.layout !== 'grid') attrs.push(['layout', options.layout]);
  if (options.columns) attrs.push(['columns', options.columns]);
  if (options.limit !== '12') attrs.push(['limit', options.limit]);
  if (options.types.length > 0 && options.types.length < 4) attrs.push(['types', options.types.join(',')]);
  if (!options.header) attrs.push(['no-header', '']);
  if (!options.captions) attrs.push(['no-captions', '']);
  if (!options.lightbox) attrs.push(['no-lightbox', '']);
  if (options.loadMore) attrs.push(['load-more', '']);
  return attrs;
}

const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function update(): void {
  const options = readOptions();
  if (!options.account) return;
  const attrs = attributes(options);
  const theme = THEMES[options.theme] ?? {};

  let feed = document.querySelector<HTMLElement>('#preview instagram-feed');
  if (!feed) {
    feed = document.createElement('instagram-feed');
    $('preview').append(feed);
  }
  for (const name of [...feed.getAttributeNames()]) if (!attrs.some(([n]) => n === name)) feed.removeAttribute(name);
  for (const [name, value] of attrs) if (feed.getAttribute(name) !== value) feed.setAttribute(name, value);
  feed.removeAttribute('style');
  for (const [property, value] of Object.entries(theme)) feed.style.setProperty(property, value);
  $('preview').dataset.theme = options.theme;

  const tag = `<instagram-feed${attrs.map(([n, v]) => (v === '' ? ` ${n}` : ` ${n}="${escapeHtml(v)}"`)).join('')}></instagram-feed>`;
  const style = Object.keys(theme).length
    ? `\n<style>\n  instagram-feed {\n${Object.entries(theme)
        .map(([p, v]) => `    ${p}: ${v};`)
        .join('\n')}\n  }\n</style>`
    : '';
  const kind = document.querySelector<HTMLInputElement>('input[name="snippet-kind"]:checked')?.value ?? 'script';
  const query = new URLSearchParams(attrs.filter(([name]) => name !== 'account')).toString();
  const account = encodeURIComponent(options.account).replace(/%2C/g, ',');
  $('snippet-hint').textContent = SNIPPET_HINTS[kind] ?? '';
  $('snippet').textContent =
    kind === 'include'
      ? `<?php echo file_get_contents('${publicUrl}/api/feeds/${account}/html${query ? `?${query}` : ''}'); ?>${style}`
      : kind === 'iframe'
        ? `<iframe src="${publicUrl}/embed/${account}${query ? `?${escapeHtml(query)}` : ''}" title="Instagram posts" style="width:100%;border:0" id="instagram-feed"></iframe>\n<script>\n  addEventListener('message', e => {\n    if (e.origin === '${publicUrl}' && e.data?.type === 'instagram-feed:height')\n      document.getElementById('instagram-feed').style.height = e.data.height + 'px';\n  });\n</script>`
        : `<!-- In the page's <head>: -->\n<script type="module" src="${publicUrl}/widget/instagram-feed.js" blocking="render"></script>\n\n<!-- Where the feed goes: -->\n${tag}${style}`;
}

const SNIPPET_HINTS: Record<string, string> = {
  script:
    'Works in any HTML page, WordPress (Custom HTML block), Webflow, Squarespace, React or Vue. In the <head>, blocking="render" has the browser paint the page once the script has run, so nothing moves when the feed appears; where only the body can be edited, put both lines there (the page then reflows once as the feed appears).',
  include:
    'The styled feed as HTML, in the page before any script runs, with links and images search engines index. PHP shown; any server or static-site build can fetch the same URL (SSI, Next.js: see the README). Tiles link to Instagram; add the script tag too and the feed gets the lightbox and Load more, without a second request.',
  iframe: 'For site builders that allow only an iframe. The script sizes the frame to the feed.',
};

/**
 * Shows what the server answers now. The feed JSON carries `max-age`, so a plain reload could be
 * served from the browser's cache for minutes: fetch the preview's first page past the cache (which
 * replaces the cached copy, under the URL the widget builds), then let the widget fetch it again.
 */
async function refreshPreview(): Promise<void> {
  const feed = document.querySelector<HTMLElement & { reload?: () => Promise<void> }>('#preview instagram-feed');
  const account = feed?.getAttribute('account');
  if (!feed || !account) return;
  const query = new URLSearchParams({ limit: feed.getAttribute('limit') ?? '12' });
  await fetch(`/api/feeds/${encodeURIComponent(account)}?${query}`, { cache: 'reload', headers: { accept: 'application/json' } }).catch(() => undefined);
  await feed.reload?.();
}

const moderation = new ModerationView(async account => {
  const shown = readOptions().account.split(',');
  if (shown.includes(account.username)) await refreshPreview();
});

async function copySnippet(): Promise<void> {
  const text = $('snippet').textContent ?? '';
  const button = $<HTMLButtonElement>('copy');
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const range = document.createRange();
    range.selectNodeContents($('snippet'));
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    document.execCommand('copy');
  }
  button.textContent = 'Copied!';
  setTimeout(() => (button.textContent = 'Copy snippet'), 2000);
}

// The widget is loaded exactly as embedding sites load it.
const widget = document.createElement('script');
widget.type = 'module';
widget.src = '/widget/instagram-feed.js';
document.head.append(widget);

$('demo-banner').hidden = meta('igfeed-demo-mode') !== 'true';
$<HTMLFormElement>('options').addEventListener('input', update);
$<HTMLFormElement>('options').addEventListener('change', update);
$<HTMLFormElement>('options').addEventListener('submit', event => event.preventDefault());
$('copy').addEventListener('click', () => void copySnippet());
$('snippet-kind').addEventListener('change', () => update());
const connectedFromUrl = new URLSearchParams(location.search).get('connected');
showResultFromUrl();
void loadAccounts().then(() => {
  if (connectedFromUrl && accounts.some(a => a.username === connectedFromUrl)) {
    for (const box of document.querySelectorAll<HTMLInputElement>('input[name="account"]')) box.checked = box.value === connectedFromUrl;
    update();
  }
});
