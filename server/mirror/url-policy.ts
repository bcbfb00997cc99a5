// Which URLs the mirror may fetch. Media URLs come from Instagram's API, but a compromised or
// emulated upstream must not turn the server into a proxy into our own network (SSRF): only
// allow-listed hosts, https unless the host is explicitly allowed plain http (the emulator on
// loopback), no credentials in URLs. Every redirect hop is checked again by the caller.
import { MediaMirrorError } from './mirror-error.js';

/** Instagram's CDNs: `scontent-*.cdninstagram.com`, `video-*.cdninstagram.com`, `*.fbcdn.net`. */
export const INSTAGRAM_CDN_HOSTS: readonly string[] = ['*.cdninstagram.com', '*.fbcdn.net'];

export interface UrlPolicy {
  /** `*.example.com` (any subdomain, default port) or an exact `host` / `host:port`. */
  allowedHosts: readonly string[];
  /** Exact `host:port` values for which `http:` is acceptable. */
  allowHttpHosts: readonly string[];
}

/** Parses `raw` and checks it against the policy; throws a permanent `MediaMirrorError` when refused. */
export function checkUrl(raw: string | URL, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MediaMirrorError('bad_url', 'Media URL is not a valid absolute URL');
  }
  if (url.username || url.password) throw new MediaMirrorError('bad_url', `Media URL carries credentials: ${describeUrl(url)}`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new MediaMirrorError('insecure_scheme', `Media URL scheme ${url.protocol} refused: ${describeUrl(url)}`);
  if (!isAllowedHost(url, policy.allowedHosts)) throw new MediaMirrorError('host_not_allowed', `Media host not allowed: ${describeUrl(url)}`);
  if (url.protocol === 'http:' && !policy.allowHttpHosts.includes(url.host)) {
    throw new MediaMirrorError('insecure_scheme', `Plain http refused for this host: ${describeUrl(url)}`);
  }
  return url;
}

function isAllowedHost(url: URL, allowed: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  return allowed.some(entry => {
    const pattern = entry.toLowerCase();
    if (pattern.startsWith('*.')) return url.port === '' && hostname.endsWith(pattern.slice(1));
    return pattern.includes(':') ? url.host.toLowerCase() === pattern : url.port === '' && hostname === pattern;
  });
}

/** `host/path` without the query: safe to log (CDN queries are signed capabilities). */
export function describeUrl(url: URL | string): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return '[invalid url]';
  }
}
