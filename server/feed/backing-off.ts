/** An explicit sync asked for while the account backs off (Instagram failed or asked us to slow down). */
export class BackingOffError extends Error {
  override name = 'BackingOffError';
  constructor(readonly retryAfterMs: number) {
    super(`Instagram failed or asked us to slow down; try again in ${Math.ceil(retryAfterMs / 1000)} seconds.`);
  }
}
