import { httpUrl } from '../feed/map.js';
import type { GraphProfile } from '../instagram/types.js';
import type { AccountProfile } from './types.js';

/** `/me` as Instagram sends it -> what we keep (null for anything missing or malformed, and for URLs that are not http(s)). */
export function toAccountProfile(profile: GraphProfile): AccountProfile {
  const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return {
    username: profile.username ?? '',
    name: str(profile.name),
    accountType: (profile.account_type ?? '').toUpperCase(),
    profilePictureUrl: httpUrl(profile.profile_picture_url),
    followersCount: num(profile.followers_count),
    followsCount: num(profile.follows_count),
    mediaCount: num(profile.media_count),
    biography: str(profile.biography),
    website: httpUrl(profile.website),
  };
}
