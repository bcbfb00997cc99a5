import { HttpError } from '../http/http-error.js';

/** Instagram usernames (letters, digits, `.`, `_`, at most 30) or numeric ids; anything else is a 400. */
export const ACCOUNT_PATTERN = /^[A-Za-z0-9._]{1,64}$/;

export function accountParam(value: unknown): string {
  if (typeof value !== 'string' || !ACCOUNT_PATTERN.test(value)) {
    throw new HttpError(400, 'invalid_account', 'The account must be an Instagram username or numeric user id.');
  }
  return value;
}
