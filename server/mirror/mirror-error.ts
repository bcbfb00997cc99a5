/** Why a media download or conversion was refused; stable codes for logs and tests. */
export type MediaFailureReason =
  | 'bad_url'
  | 'host_not_allowed'
  | 'insecure_scheme'
  | 'too_many_redirects'
  | 'http_status'
  | 'too_large'
  | 'timeout'
  | 'network'
  | 'content_type'
  | 'bad_magic'
  | 'too_many_pixels'
  | 'undecodable';

/** Failures that a later attempt with the same URL cannot fix: the URL or the file itself is wrong. */
const PERMANENT = new Set<MediaFailureReason>([
  'bad_url',
  'host_not_allowed',
  'insecure_scheme',
  'content_type',
  'bad_magic',
  'too_many_pixels',
  'undecodable',
]);

/**
 * A media file could not be mirrored. Thrown by `download` and `writeImageVariants`; `reason` says
 * why, `permanent` whether retrying at a later sync is pointless (the mirror then waits a day). The
 * message names the host and path only: Instagram's CDN query strings are signed capabilities.
 */
export class MediaMirrorError extends Error {
  override name = 'MediaMirrorError';
  constructor(
    readonly reason: MediaFailureReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
  get permanent(): boolean {
    return PERMANENT.has(this.reason);
  }
}
