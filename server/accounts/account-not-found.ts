/** No connected account has the username or id asked for. */
export class AccountNotFoundError extends Error {
  override name = 'AccountNotFoundError';
  constructor(readonly account: string) {
    super('No connected Instagram account has that username or id.');
  }
}
