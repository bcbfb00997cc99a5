// The base of every Instagram failure. Messages name the method and path only: never a token, never a query string, never a `paging.next`
// URL (Instagram puts the token in it).

/** Base class: something went wrong talking to Instagram. */
export class InstagramError extends Error {
  override name = 'InstagramError';
  constructor(
    readonly method: string,
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
  /** Worth retrying later (network trouble, 5xx, throttling); false for permanent failures. */
  get transient(): boolean {
    return true;
  }
}
