// What the benchmarks read off the system under test: mirror progress, process memory, the machine.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { sleep } from './load.js';

/**
 * Polls a feed until every post carries mirrored `sources` (and with `avatar`, the profile picture is
 * served from our /media too); false once `timeoutMs` pass without progress. The wait grows with the
 * work: every post (or the avatar) newly mirrored gives the mirror another `timeoutMs`, so a busy machine
 * (the quick bench runs its steps in parallel on two cores, each with a mirror transcoding) gets the time
 * its queue takes, and only a mirror that has stopped fails.
 */
export async function waitForMirror(feedUrl: string, timeoutMs = 60_000, options: { avatar?: boolean } = {}): Promise<boolean> {
  let deadline = Date.now() + timeoutMs;
  let progress = -1;
  for (;;) {
    const response = await fetch(feedUrl, { signal: AbortSignal.timeout(timeoutMs) });
    const feed = (await response.json()) as { account?: { profilePictureUrl?: string | null }; media?: { sources?: unknown[] }[] };
    const avatar = !options.avatar || new URL(feed.account?.profilePictureUrl ?? '', feedUrl).pathname.startsWith('/media/');
    const media = feed.media ?? [];
    const missing = media.filter(item => !item.sources?.length);
    if (avatar && media.length && !missing.length) return true;
    const mirrored = media.length - missing.length + (avatar ? 1 : 0);
    if (mirrored > progress) {
      progress = mirrored;
      deadline = Date.now() + timeoutMs;
    } else if (Date.now() > deadline) {
      const types = missing.map(item => (item as { type?: string }).type);
      console.error(
        `mirror stalled for ${timeoutMs} ms: avatar ${avatar ? 'ok' : 'missing'}, ${missing.length} of ${media.length} posts without sources (${types.join(', ')})`,
      );
      return false;
    }
    await sleep(250);
  }
}

/** Feeds of the server at `server` fetched; with `mirror`, the profile synced once more (so the avatar is mirrored too) and every image mirrored. */
export async function warmFeeds(server: string, feeds: { account: string; limit: number }[], mirror: boolean): Promise<void> {
  for (const { account, limit } of feeds) {
    const url = `${server}/api/feeds/${account}?limit=${limit}`;
    if (!(await fetch(url)).ok) throw new Error(`${url} did not load`);
    if (!mirror) continue;
    await fetch(`${server}/api/accounts/${account}/sync`, { method: 'POST' });
    if (!(await waitForMirror(url, 120_000, { avatar: true }))) throw new Error(`the media mirror stopped on ${account}: no progress for 120 s`);
  }
  if (mirror) await mirrorDrained(server);
}

/**
 * Waits until the server's mirror has no download running or waiting (its /metrics gauge, read from loopback as
 * an admin). A feed's posts have their sources before the mirror is done with the account: it goes on with the
 * posts beyond the feed's limit, carousel children and the other widths, transcoding on both cores, and a page
 * visited meanwhile shares the machine with it (the widget bench's first visits did, 2–3 s of the server's CPU
 * each).
 */
export async function mirrorDrained(server: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let idle = 0;
  // Twice in a row: a job that has just finished may queue the next one.
  while (idle < 2) {
    const text = await (await fetch(`${server}/metrics`)).text();
    const queue = /^instagram_feed_mirror_queue_length (\d+)/m.exec(text);
    if (!queue) throw new Error(`${server}/metrics has no instagram_feed_mirror_queue_length`);
    idle = queue[1] === '0' ? idle + 1 : 0;
    if (Date.now() > deadline) throw new Error(`the media mirror still had ${queue[1]} jobs after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/** Resident and peak resident memory of a process in MB (Linux /proc). */
export async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kB('VmRSS') / 1024, peak: kB('VmHWM') / 1024 };
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}, ${process.platform}`;
}

/** The measured code: commit, plus the paths of server/, widget/ and demo/ that differ from it. */
export function revision(root: string): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const commit = git('rev-parse', '--short', 'HEAD').trim();
    const changed = git('status', '--porcelain', '--', 'server', 'widget', 'demo')
      .split('\n')
      .filter(Boolean)
      .map(line => line.slice(3));
    return changed.length ? `${commit} with uncommitted changes in ${changed.join(', ')}` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
