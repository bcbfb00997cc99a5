import { createHmac } from 'node:crypto';

/** The emulator's Instagram App ID: numeric like the real ones, and not a real app. */
export const EMULATOR_CLIENT_ID = '990602627938098';
/** The emulator's Instagram App Secret (32 hex digits, like Meta's). Public on purpose: demo and tests only. */
export const EMULATOR_CLIENT_SECRET = '3f9a1c7e52b04d8e96a1f0c4b7d2e815';

/** Where `npm start` in demo mode sends Instagram back to, unless told otherwise. */
export const DEFAULT_REDIRECT_URIS: readonly string[] = ['http://localhost:3000/instagram/callback', 'http://127.0.0.1:3000/instagram/callback'];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const CODE_TTL_MS = HOUR_MS;
export const SHORT_TOKEN_TTL_MS = HOUR_MS;
export const LONG_TOKEN_TTL_MS = 60 * DAY_MS;
export const REFRESH_MIN_AGE_MS = DAY_MS;

/** Current Instagram Login scope names; the order is part of the token format (a bitmask). */
export const KNOWN_SCOPES = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_messages',
  'instagram_business_manage_comments',
  'instagram_business_manage_insights',
] as const;
export const REQUIRED_SCOPE = 'instagram_business_basic';

/**
 * Meta's `signed_request` as POSTed to deauthorize and data-deletion callbacks:
 * base64url(HMAC-SHA256(secret, payloadSegment)) + '.' + payloadSegment, with payloadSegment = base64url(JSON),
 * both without padding.
 */
export function signedRequest(payload: object, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const signature = createHmac('sha256', secret).update(body).digest('base64url');
  return `${signature}.${body}`;
}
