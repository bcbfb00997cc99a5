import { describe, expect, it } from 'vitest';
import { sniff } from '../../server/mirror/download.js';
import type { MediaMirrorError } from '../../server/mirror/mirror-error.js';
import { chooseEvictions, expiredEntries } from '../../server/mirror/gc.js';
import { emptyManifest, type ImageEntry } from '../../server/mirror/manifest.js';
import { TaskQueue } from '../../server/mirror/task-queue.js';
import { mirrorTargets } from '../../server/mirror/targets.js';
import { checkUrl, describeUrl, INSTAGRAM_CDN_HOSTS } from '../../server/mirror/url-policy.js';
import { variantWidths } from '../../server/mirror/variants.js';
import { carouselPost, cdnUrl, imageChild, imagePost, videoChild, videoPost } from './mirror-helpers.js';

describe('checkUrl', () => {
  const policy = { allowedHosts: [...INSTAGRAM_CDN_HOSTS, '127.0.0.1:3001'], allowHttpHosts: ['127.0.0.1:3001'] };
  const reason = (url: string) => {
    try {
      checkUrl(url, policy);
      return 'ok';
    } catch (error) {
      return (error as MediaMirrorError).reason;
    }
  };

  it('accepts Instagram CDN subdomains over https and the listed host over http', () => {
    expect(reason('https://scontent-ams2-1.cdninstagram.com/v/a.jpg?oe=1')).toBe('ok');
    expect(reason('https://SCONTENT.XX.FBCDN.NET/v/a.jpg')).toBe('ok');
    expect(reason('http://127.0.0.1:3001/cdn/a.jpg')).toBe('ok');
  });

  it('refuses bare suffixes, other ports and hosts, and http elsewhere', () => {
    expect(reason('https://cdninstagram.com/a.jpg')).toBe('host_not_allowed');
    expect(reason('https://fbcdn.net.evil.example/a.jpg')).toBe('host_not_allowed');
    expect(reason('https://127.0.0.1:3002/a.jpg')).toBe('host_not_allowed');
    expect(reason('https://127.0.0.1/a.jpg')).toBe('host_not_allowed');
    expect(reason('http://scontent.cdninstagram.com/a.jpg')).toBe('insecure_scheme');
    expect(reason('ftp://scontent.cdninstagram.com/a.jpg')).toBe('insecure_scheme');
    expect(reason('//scontent.cdninstagram.com/a.jpg')).toBe('bad_url');
  });

  it('describes URLs by host and path only', () => {
    expect(describeUrl('https://scontent.cdninstagram.com/v/a.jpg?oh=secret&oe=1')).toBe('scontent.cdninstagram.com/v/a.jpg');
    expect(describeUrl('nonsense')).toBe('[invalid url]');
  });
});

describe('sniff', () => {
  it('knows JPEG, PNG, GIF, WebP and MP4 by their first bytes, and nothing else', () => {
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniff(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(sniff(Buffer.from('GIF89a......'))).toBe('image/gif');
    expect(sniff(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniff(Buffer.from('\0\0\0\x20ftypisom'))).toBe('video/mp4');
    expect(sniff(Buffer.from('<!doctype html>'))).toBeUndefined();
    expect(sniff(Buffer.from('<svg xmlns='))).toBeUndefined();
    expect(sniff(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('variantWidths', () => {
  it('never upscales and always yields at least one width', () => {
    expect(variantWidths(1080)).toEqual([320, 640, 1080]);
    expect(variantWidths(1440)).toEqual([320, 640, 1080]);
    expect(variantWidths(750)).toEqual([320, 640, 750]);
    expect(variantWidths(640)).toEqual([320, 640]);
    expect(variantWidths(500)).toEqual([320, 500]);
    expect(variantWidths(150)).toEqual([150]);
  });
});

describe('mirrorTargets', () => {
  it('lists photos, posters, carousel children and (when asked) videos, once each', () => {
    const media = [
      imagePost('1', cdnUrl('/1.jpg')),
      imagePost('1', cdnUrl('/1.jpg')),
      videoPost('2', cdnUrl('/2.jpg'), cdnUrl('/2.mp4'), 'reel'),
      videoPost('3', null, null),
      carouselPost('4', [imageChild('5', cdnUrl('/5.jpg')), videoChild('6', cdnUrl('/6.jpg'), cdnUrl('/6.mp4'))]),
      imagePost('../7', cdnUrl('/7.jpg')),
    ];
    expect(mirrorTargets(media, false).map(t => t.key)).toEqual(['1:image', '2:poster', '5:image', '6:poster']);
    expect(mirrorTargets(media, true).map(t => t.key)).toEqual(['1:image', '2:poster', '2:video', '5:image', '6:poster', '6:video']);
  });
});

describe('garbage collection policy', () => {
  const entry = (seenAt: number) => ({ seenAt }) as ImageEntry;
  it('expires entries absent from the last two syncs and older than the retention', () => {
    const manifest = { ...emptyManifest('1'), syncs: [100, 200], entries: { a: entry(50), b: entry(100), c: entry(200), d: entry(95) } };
    expect(expiredEntries(manifest, 200, 1000)).toEqual([]);
    expect(expiredEntries(manifest, 1095, 1000)).toEqual(['a', 'd']);
    expect(expiredEntries({ ...manifest, syncs: [] }, 1e9, 1000)).toEqual([]);
  });

  it('evicts the least recently synced accounts first, never the protected one', () => {
    const sizes = new Map([
      ['1', 50],
      ['2', 50],
      ['3', 50],
      ['4', 50],
    ]);
    const synced: Record<string, number> = { '1': 30, '2': 10, '3': 20, '4': 0 };
    expect(chooseEvictions(sizes, a => synced[a]!, 120, '4')).toEqual(['2', '3']);
    expect(chooseEvictions(sizes, a => synced[a]!, 200, '4')).toEqual([]);
    expect(chooseEvictions(new Map([['4', 500]]), () => 0, 100, '4')).toEqual([]);
  });
});

describe('TaskQueue', () => {
  it('runs at most `concurrency` tasks at once, bounds the backlog, and drops by tag', async () => {
    const queue = new TaskQueue(2, 3);
    let running = 0;
    let peak = 0;
    const done: string[] = [];
    const task = (name: string) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise(resolve => setTimeout(resolve, 5));
      running--;
      done.push(name);
    };
    const added = ['a1', 'a2', 'b1', 'b2', 'b3', 'a3'].map(name => queue.add(name[0]!, task(name)));
    expect(added).toEqual([true, true, true, true, true, false]);
    expect(queue.drop('b')).toBe(3);
    await queue.idle();
    expect(peak).toBe(2);
    expect(done.sort()).toEqual(['a1', 'a2']);
    await expect(queue.idle()).resolves.toBeUndefined();
  });
});
