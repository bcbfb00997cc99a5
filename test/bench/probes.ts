// What the benchmarks read off the system under test: mirror progress, process memory, the machine.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { sleep } from './load.js';

/**
 * Polls a feed until every post carries mirrored `sources` (and with `avatar`, the profile picture is
 * served from our /media too); false when `timeoutMs` passes first.
 */
export async function waitForMirror(feedUrl: string, timeoutMs = 60_000, options: { avatar?: boolean } = {}): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const feed = (await (await fetch(feedUrl)).json()) as { account?: { profilePictureUrl?: string | null }; media?: { sources?: unknown[] }[] };
    const avatar = !options.avatar || new URL(feed.account?.profilePictureUrl ?? '', feedUrl).pathname.startsWith('/media/');
    if (avatar && feed.media?.length && feed.media.every(item => item.sources?.length)) return true;
    if (Date.now() > deadline) {
      const missing = (feed.media ?? []).filter(item => !item.sources?.length).map(item => (item as { id?: string; type?: string }).type);
      console.error(
        `mirror incomplete after ${timeoutMs} ms: avatar ${avatar ? 'ok' : 'missing'}, ${missing.length} posts without sources (${missing.join(', ')})`,
      );
      return false;
    }
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
