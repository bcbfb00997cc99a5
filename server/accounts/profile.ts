import { finite, httpUrl, text } from '../instagram/coerce.js';
import type { GraphProfile } from '../instagram/types.js';
import type { AccountProfile } from './types.js';

/** `/me` as Instagram sends it -> what we keep (null for anything missing or malformed, and for URLs that are not http(s)). */
export function toAccountProfile(profile: GraphProfile): AccountProfile {
  return {
    username: profile.username ?? '',
    name: text(profile.name),
    accountType: (profile.account_type ?? '').toUpperCase(),
    profilePictureUrl: httpUrl(profile.profile_picture_url),
    followersCount: finite(profile.followers_count),
    followsCount: finite(profile.follows_count),
    mediaCount: finite(profile.media_count),
    biography: text(profile.biography),
    website: httpUrl(profile.website),
  };
}
