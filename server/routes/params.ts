import { HttpError } from '../http/http-error.js';

/** Instagram usernames (letters, digits, `.`, `_`, at most 30) or numeric ids; anything else is a 400. */
export const ACCOUNT_PATTERN = /^[A-Za-z0-9._]{1,64}$/;

export function accountParam(value: unknown): string {
  if (typeof value !== 'string' || !ACCOUNT_PATTERN.test(value)) {
    throw new HttpError(400, 'invalid_account', 'The account must be an Instagram username or numeric user id.');
  }
  return value;
}

/** One account, or a merged feed's comma list (the feed service checks the count, empty names and repeats). */
export const ACCOUNTS_PATTERN = /^(?=.{1,700}$)[A-Za-z0-9._]{0,64}(?:,[A-Za-z0-9._]{0,64})*$/;

export function accountsParam(value: unknown): string {
  if (typeof value !== 'string' || !ACCOUNTS_PATTERN.test(value) || value === '') {
    throw new HttpError(400, 'invalid_account', 'The account must be an Instagram username or numeric user id, or a comma list of 2 to 10 of them.');
  }
  return value;
}

/** `?limit`: a whole number from 1 to `max` (`fallback` when absent); anything else is a 400, never a silent clamp. */
export function limitParam(value: unknown, max = 100, fallback = 12): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new HttpError(400, 'invalid_limit', `\`limit\` must be a whole number from 1 to ${max}.`);
  }
  return Number(value);
}

/** `?after`: a cursor from a previous page (the feed service checks its signature); its shape only here. */
export function afterParam(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  // A merged feed's cursor carries up to 10 Instagram cursors.
  if (typeof value !== 'string' || value === '' || value.length > 8192) {
    throw new HttpError(400, 'invalid_cursor', 'The `after` cursor is not one this server issued for this account.');
  }
  return value;
}

/** `If-None-Match` may list several tags, weak or strong, or `*`. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some(tag => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}
