// FlightCache on its own: concurrent loads of one key share one upstream call, a failed load stores
// nothing and the next caller starts afresh. The store is a plain recording one; the LRU behind it in
// production is covered by feed-memory.test.ts.
import { describe, expect, it } from 'vitest';
import { FlightCache, type CacheStore } from '../../../server/feed/single-flight.js';

function recordingStore<T>(): CacheStore<T> & { stored: [string, T][] } {
  const stored: [string, T][] = [];
  return { stored, set: (key, value) => void stored.push([key, value]) };
}

/** A loader settled by hand, counting its calls. */
function manualLoader<T>() {
  const calls: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const load = () => new Promise<T>((resolve, reject) => void calls.push({ resolve, reject }));
  return { calls, load };
}

describe('FlightCache', () => {
  describe('when loads of one key overlap', () => {
    it('should run the loader once and give every caller its value', async () => {
      const store = recordingStore<string>();
      const cache = new FlightCache(store);
      const loader = manualLoader<string>();
      const results = [cache.load('a', loader.load), cache.load('a', loader.load), cache.load('a', loader.load)];
      expect(loader.calls).toHaveLength(1);
      expect(cache.isLoading('a')).toBe(true);
      loader.calls[0]!.resolve('A');
      expect(await Promise.all(results)).toEqual(['A', 'A', 'A']);
      expect(store.stored).toEqual([['a', 'A']]);
      expect(cache.isLoading('a')).toBe(false);
    });

    it('should share one rejection among them', async () => {
      const cache = new FlightCache(recordingStore<string>());
      const loader = manualLoader<string>();
      const results = [cache.load('a', loader.load), cache.load('a', loader.load)].map(p => p.catch((e: Error) => e.message));
      expect(loader.calls).toHaveLength(1);
      loader.calls[0]!.reject(new Error('upstream down'));
      expect(await Promise.all(results)).toEqual(['upstream down', 'upstream down']);
    });
  });

  it('should load different keys independently', async () => {
    const store = recordingStore<string>();
    const cache = new FlightCache(store);
    const loader = manualLoader<string>();
    const a = cache.load('a', loader.load);
    const b = cache.load('b', loader.load);
    expect(loader.calls).toHaveLength(2);
    loader.calls[1]!.resolve('B');
    expect(await b).toBe('B');
    expect(cache.isLoading('a')).toBe(true);
    loader.calls[0]!.resolve('A');
    expect(await a).toBe('A');
    expect(store.stored).toEqual([
      ['b', 'B'],
      ['a', 'A'],
    ]);
  });

  it('should start a new load once the previous one has finished', async () => {
    const store = recordingStore<number>();
    const cache = new FlightCache(store);
    let calls = 0;
    expect(await cache.load('a', async () => ++calls)).toBe(1);
    expect(await cache.load('a', async () => ++calls)).toBe(2);
    expect(store.stored).toEqual([
      ['a', 1],
      ['a', 2],
    ]);
  });

  describe('when a load fails', () => {
    it('should store nothing and let the next caller try again', async () => {
      const store = recordingStore<string>();
      const cache = new FlightCache(store);
      await expect(cache.load('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(store.stored).toEqual([]);
      expect(cache.isLoading('a')).toBe(false);
      expect(await cache.load('a', async () => 'A')).toBe('A');
      expect(store.stored).toEqual([['a', 'A']]);
    });

    it('should reject the caller when the store refuses the value, and not stay in flight', async () => {
      const cache = new FlightCache<string>({
        set: () => {
          throw new Error('store full');
        },
      });
      await expect(cache.load('a', async () => 'A')).rejects.toThrow('store full');
      expect(cache.isLoading('a')).toBe(false);
    });

    // Skipped: a loader that throws synchronously (not an async function) runs the cleanup before the
    // promise is registered, so the rejected promise stays in flight and every later caller gets it.
    it('should not keep a loader that throws synchronously in flight', async () => {
      const cache = new FlightCache<string>(recordingStore<string>());
      const throwing = (): Promise<string> => {
        throw new Error('sync boom');
      };
      await expect(cache.load('a', throwing)).rejects.toThrow('sync boom');
      expect(cache.isLoading('a')).toBe(false);
      expect(await cache.load('a', async () => 'A')).toBe('A');
    });
  });
});
