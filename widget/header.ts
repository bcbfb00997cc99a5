// The profile header, single or merged. It loads lazily with the tiles (feed-view.ts), alongside the first
// request, and the feed is applied once both have arrived: the header is never on screen before the feed,
// and the first paint (the skeleton) doesn't pay for it. Its CSS travels with it; every size that decides
// its height is in styles.ts, shared with the skeleton (states.ts), so the header takes exactly its place.
import { css, html, nothing, type TemplateResult } from 'lit';
import type { Feed, Profile } from './contract.js';
import { formatCount } from './format.js';
import { external, httpUrl } from './safe-url.js';
import type { StringKey, Translate } from './strings.js';

/** Pictures shown in a merged feed's stack; the rest are counted in a "+N" disc. */
const MAX_AVATARS = 5;

/** The header's CSS, beyond the box it shares with its skeleton (styles.ts): each row clamped to its lines. */
export const styles = css`
  .header__username {
    min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
    font-size: 1.25em; font-weight: 600; color: inherit; text-decoration: none;
  }
  .header__stats { display: flex; flex-wrap: wrap; gap: 0 20px; height: 1lh; overflow: hidden; margin: 0; padding: 0; list-style: none; }
  .header__stats li { white-space: nowrap; }
  .header__name, .header__website { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .header__name { font-weight: 600; }
  .header__bio { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; white-space: pre-line; overflow-wrap: anywhere; }
  .header__website { font-weight: 600; text-decoration: none; }
  .header__avatars .header__avatar {
    overflow: hidden; font-size: 1.25em; color: inherit; text-decoration: none;
    border: 3px solid var(--instagram-feed-background, light-dark(#fff, #18191b));
  }
  .header__avatars img { width: 100%; height: 100%; object-fit: cover; }
  .header__avatars .header__more { font-size: 0.875em; font-weight: 600; text-transform: none; }
  .header__accounts { overflow-wrap: anywhere; }
  .header__accounts .header__username { font-size: inherit; white-space: normal; overflow: visible; }
  @container feed (max-width: 480px) {
    .header__stats { column-gap: 12px; font-size: 0.875em; }
  }
`;

/** The header of `feed`: its account's profile, or for a merged feed (`accounts`) every account. */
export function renderHeader(feed: Feed, locale: string | undefined, t: Translate): TemplateResult {
  const { accounts } = feed;
  return accounts && accounts.length > 1 ? renderAccounts(accounts, locale) : renderProfile(feed.account, locale, t);
}

/**
 * One account's header: avatar, username, Follow button, counts, name, bio and website. The account's own
 * text is isolated (`<bdi>`), so "@name" or an English bio keeps its order on a right-to-left page and the reverse.
 */
function renderProfile(profile: Profile, locale: string | undefined, t: Translate): TemplateResult {
  const { username, name, biography, profileUrl } = profile;
  const website = httpUrl(profile.website);
  const picture = httpUrl(profile.profilePictureUrl);
  const stats: [number | null, StringKey][] = [
    [profile.mediaCount, 'posts'],
    [profile.followersCount, 'followers'],
    [profile.followsCount, 'following'],
  ];
  const avatar = picture
    ? html`<img part="avatar" class="header__avatar" src=${picture} alt="" width="88" height="88" />`
    : html`<span part="avatar" class="header__avatar" aria-hidden="true">${username.charAt(0)}</span>`;
  return html`<header part="header" class="header">
    ${avatar}
    <div class="header__text">
      <div class="header__title">
        ${external('username', 'header__username', profileUrl, html`<bdi>${username}</bdi>`)}
        ${external('follow-button', 'button button--accent header__follow', profileUrl, t('follow'), t('followLabel', { user: username }))}
      </div>
      <ul part="stats" class="header__stats">
        ${stats.map(([count, key]) =>
          count == null ? nothing : html`<li>${t.parts(key, { n: count, count: html`<strong>${formatCount(count, locale)}</strong>` })}</li>`,
        )}
      </ul>
      ${name ? html`<p part="name" class="header__name"><bdi>${name}</bdi></p>` : nothing}
      ${biography ? html`<p part="bio" class="header__bio"><bdi>${biography}</bdi></p>` : nothing}
      ${website ? external('website', 'header__website', website, html`<bdi>${hostOf(website)}</bdi>`) : nothing}
    </div>
  </header>`;
}

/**
 * A merged feed's header: the accounts' pictures, stacked, and their names as links to their profiles
 * ("@a, @b, and @c", in the element's locale). The pictures repeat those links for pointer users only
 * (out of the tab order and the accessibility tree), so each account is announced once.
 */
function renderAccounts(accounts: readonly Profile[], locale?: string): TemplateResult {
  const more = accounts.length - MAX_AVATARS;
  const names = new Intl.ListFormat(locale, { type: 'conjunction' }).formatToParts(accounts.map(p => `@${p.username}`));
  let next = 0;
  return html`<header part="header" class="header header--merged">
    <span part="avatars" class="header__avatars" aria-hidden="true">
      ${accounts.slice(0, MAX_AVATARS).map(renderAvatar)}
      ${more > 0 ? html`<span class="header__avatar header__more">+${more}</span>` : nothing}
    </span>
    <p part="accounts" class="header__accounts">
      <span>${names.map(({ type, value }) => (type === 'element' ? external('username', 'header__username', accounts[next++]!.profileUrl, html`<bdi>${value}</bdi>`) : value))}</span>
    </p>
  </header>`;
}

function renderAvatar(profile: Profile): TemplateResult {
  const picture = httpUrl(profile.profilePictureUrl);
  return html`<a
    part="avatar"
    class="header__avatar"
    href=${httpUrl(profile.profileUrl) ?? nothing}
    target="_blank"
    rel="noopener noreferrer"
    tabindex="-1"
    title="@${profile.username}"
    >${picture ? html`<img src=${picture} alt="" width="56" height="56" />` : profile.username.charAt(0)}</a
  >`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
