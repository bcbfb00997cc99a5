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
