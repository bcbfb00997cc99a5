import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Profile } from './contract.js';
import { formatCount } from './format.js';
import { httpUrl } from './safe-url.js';

const FOLLOW_CLASS = 'button button--accent header__follow';

/** The profile header: avatar, username, Follow button, counts, name, bio and website. */
export function renderHeader(profile: Profile, locale?: string): TemplateResult {
  const { username, name, biography, profileUrl } = profile;
  const website = httpUrl(profile.website);
  const picture = httpUrl(profile.profilePictureUrl);
  const stats: [number | null, string, string][] = [
    [profile.mediaCount, 'post', 'posts'],
    [profile.followersCount, 'follower', 'followers'],
    [profile.followsCount, 'following', 'following'],
  ];
  const avatar = picture
    ? html`<img part="avatar" class="header__avatar" src=${picture} alt="" width="88" height="88" />`
    : html`<span part="avatar" class="header__avatar" aria-hidden="true">${username.charAt(0)}</span>`;
  return html`<header part="header" class="header">
    ${avatar}
    <div class="header__text">
      <div class="header__title">
        ${external('username', 'header__username', profileUrl, username)}
        ${external('follow-button', FOLLOW_CLASS, profileUrl, 'Follow', `Follow @${username} on Instagram`)}
      </div>
      <ul part="stats" class="header__stats">
        ${stats.map(([count, one, many]) =>
          count == null ? nothing : html`<li><strong>${formatCount(count, locale)}</strong> ${count === 1 ? one : many}</li>`,
        )}
      </ul>
      ${name ? html`<p part="name" class="header__name">${name}</p>` : nothing}
      ${biography ? html`<p part="bio" class="header__bio">${biography}</p>` : nothing}
      ${website ? external('website', 'header__website', website, hostOf(website)) : nothing}
    </div>
  </header>`;
}

/** A placeholder with the box sizes of a header with name, two lines of bio and a website, shown while loading. */
export function renderHeaderSkeleton(): TemplateResult {
  return html`<div part="skeleton" class="header header--skeleton" aria-hidden="true">
    <span class="header__avatar"></span>
    <div class="header__text">
      <div class="header__title">
        <span class="bar bar--username"></span><span class="${FOLLOW_CLASS}">&nbsp;</span>
      </div>
      <p><span class="bar bar--stats"></span></p>
      <p><span class="bar bar--name"></span></p>
      <p><span class="bar"></span><br /><span class="bar bar--stats"></span></p>
      <p><span class="bar bar--name"></span></p>
    </div>
  </div>`;
}

/** A link that opens in a new tab, as every link to Instagram or the profile's website does; no href unless `href` is http(s). */
export function external(part: string, className: string, href: string, content: unknown, label?: string): TemplateResult {
  return html`<a
    part=${part}
    class=${className}
    href=${ifDefined(httpUrl(href))}
    target="_blank"
    rel="noopener noreferrer"
    aria-label=${ifDefined(label)}
    >${content}</a
  >`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
