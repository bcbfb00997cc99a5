// Drives the real OAuth dance over HTTP, as a browser would: our /instagram/connect -> the emulator's
// consent page -> Allow -> our /instagram/callback. Used by e2e tests and benchmarks.

export interface ConnectResult {
  location: string;
}

function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map(cookie => cookie.split(';')[0])
    .join('; ');
}

export async function connectAccount(serverUrl: string, username: string, decision: 'allow' | 'deny' = 'allow'): Promise<ConnectResult> {
  const start = await fetch(`${serverUrl}/instagram/connect`, { redirect: 'manual' });
  if (start.status !== 302) throw new Error(`connect answered ${start.status}`);
  const cookie = cookieOf(start);
  const authorizeUrl = start.headers.get('location')!;
  const page = await (await fetch(authorizeUrl)).text();
  const form = new URLSearchParams();
  for (const match of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      match[1]!,
      match[2]!
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    );
  }
  form.set('account', username);
  form.set('decision', decision);
  const consent = await fetch(authorizeUrl, { method: 'POST', body: form, redirect: 'manual' });
  const callback = consent.headers.get('location');
  if (!callback) throw new Error(`consent answered ${consent.status} without a redirect`);
  const done = await fetch(callback.replace(/#_$/, ''), { headers: { cookie }, redirect: 'manual' });
  return { location: done.headers.get('location') ?? `status ${done.status}` };
}
