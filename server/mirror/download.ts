// One hardened GET of a media file. Redirects are never followed by undici; we follow at most
// MAX_REDIRECTS ourselves so that every hop's scheme and host pass the allow-list again. The body is
// streamed with a running byte count and abandoned the moment it passes the cap (Content-Length is
// only a hint), one deadline covers connect, headers and body, and the first bytes must be a format
// we know before anything is handed on: a CDN error page served as image/jpeg never reaches sharp.
import { request } from 'undici';
import { MediaMirrorError } from './mirror-error.js';
import { checkUrl, describeUrl, type UrlPolicy } from './url-policy.js';

export const MAX_REDIRECTS = 2;
const MAGIC_BYTES = 12;

export type DownloadKind = 'image' | 'video';

export interface DownloadLimits {
  policy: UrlPolicy;
  maxBytes: number;
  timeoutMs: number;
}

export interface DownloadResult {
  bytes: number;
  /** The media type as sniffed from the content: `image/jpeg`, `image/png`, `image/webp`, `image/gif`, `video/mp4`. */
  type: string;
}

/** Streams a checked media file into `sink`; throws `MediaMirrorError` for every refusal or failure. */
export async function download(
  raw: string,
  kind: DownloadKind,
  limits: DownloadLimits,
  sink: (chunk: Buffer) => void | Promise<void>,
): Promise<DownloadResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  let url = checkUrl(raw, limits.policy);
  try {
    for (let hop = 0; ; hop++) {
      const response = await request(url, {
        method: 'GET',
        headers: { accept: kind === 'image' ? 'image/webp,image/jpeg,image/*;q=0.8' : 'video/mp4', 'accept-encoding': 'identity' },
        signal: controller.signal,
        headersTimeout: limits.timeoutMs,
        bodyTimeout: limits.timeoutMs,
      });
      const { statusCode, headers, body } = response;
      const location = first(headers.location);
      if (statusCode >= 300 && statusCode < 400 && location !== undefined) {
        body.destroy();
        if (hop >= MAX_REDIRECTS) throw new MediaMirrorError('too_many_redirects', `More than ${MAX_REDIRECTS} redirects: ${describeUrl(url)}`);
        url = checkUrl(new URL(location, url), limits.policy);
        continue;
      }
      if (statusCode !== 200) {
        body.destroy();
        throw new MediaMirrorError('http_status', `Media request answered ${statusCode}: ${describeUrl(url)}`);
      }
      const contentType = (first(headers['content-type']) ?? '').split(';')[0]!.trim().toLowerCase();
      if (kind === 'image' ? !/^image\/[\w.+-]+$/.test(contentType) : contentType !== 'video/mp4') {
        body.destroy();
        throw new MediaMirrorError('content_type', `Unexpected content type "${contentType.slice(0, 60)}": ${describeUrl(url)}`);
      }
      if (Number(first(headers['content-length'])) > limits.maxBytes) {
        body.destroy();
        throw tooLarge(url, limits.maxBytes);
      }
      return await readBody(body, url, kind, limits.maxBytes, sink);
    }
  } catch (error) {
    if (error instanceof MediaMirrorError) throw error;
    if (controller.signal.aborted) throw new MediaMirrorError('timeout', `Media download timed out after ${limits.timeoutMs} ms: ${describeUrl(url)}`);
    // undici's messages carry no URL, but keep only the code/name to be sure nothing signed leaks.
    const code = (error as { code?: string }).code ?? (error as Error).name;
    throw new MediaMirrorError('network', `Media download failed (${code}): ${describeUrl(url)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  url: URL,
  kind: DownloadKind,
  maxBytes: number,
  sink: (chunk: Buffer) => void | Promise<void>,
): Promise<DownloadResult> {
  let bytes = 0;
  let head: Buffer | null = Buffer.alloc(0);
  let type = '';
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      body.destroy();
      throw tooLarge(url, maxBytes);
    }
    if (head) {
      // Hold data back until the magic bytes are in: nothing unverified reaches the sink.
      head = Buffer.concat([head, chunk]);
      if (head.length < MAGIC_BYTES) continue;
      type = verifyMagic(head, kind, url);
      const held = head;
      head = null;
      await sink(held);
    } else {
      await sink(chunk);
    }
  }
  if (head) {
    type = verifyMagic(head, kind, url);
    if (head.length > 0) await sink(head);
  }
  return { bytes, type };
}

function verifyMagic(head: Buffer, kind: DownloadKind, url: URL): string {
  const type = sniff(head);
  if (type === undefined || (kind === 'image') !== type.startsWith('image/')) {
    throw new MediaMirrorError('bad_magic', `Content is not a ${kind === 'image' ? 'JPEG, PNG, WebP or GIF image' : 'MP4 video'}: ${describeUrl(url)}`);
  }
  return type;
}

/** The media type the first bytes announce, or undefined when they are none we accept. */
export function sniff(head: Buffer): string | undefined {
  const ascii = (start: number, end: number) => head.subarray(start, end).toString('latin1');
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'image/gif';
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (head.length >= 8 && ascii(4, 8) === 'ftyp') return 'video/mp4';
  return undefined;
}

function tooLarge(url: URL, maxBytes: number): MediaMirrorError {
  return new MediaMirrorError('too_large', `Media is larger than ${maxBytes} bytes: ${describeUrl(url)}`);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
