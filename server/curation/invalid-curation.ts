/** A curation document that cannot be stored; `field` names the input at fault (`pinned[2]`). Answered 400 `invalid_curation`. */
export class InvalidCurationError extends Error {
  override name = 'InvalidCurationError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
