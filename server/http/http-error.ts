/**
 * An error with an HTTP status and a stable snake_case code, thrown by routes and mapped by the error
 * handler to `{"error": {"code", "message"}}`. The message is shown to clients: never put secrets in it.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions & { headers?: Record<string, string>; field?: string },
  ) {
    super(message, options);
    this.headers = options?.headers ?? {};
    this.field = options?.field;
  }
  readonly headers: Record<string, string>;
  /** The input at fault, answered as `error.field` (a curation document's `pinned[2]`). */
  readonly field: string | undefined;
}
