// The hooks of a test file whose tests build apps (setup.ts's buildApp): Instagram is whatever nock says, with
// no real network but loopback, and after each test nock's interceptors are gone and every app built through
// the returned `build` is closed with its data directory. Apart from setup.ts, which benches import outside vitest.
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type BuildOptions, buildApp } from './setup.js';

export type App = Awaited<ReturnType<typeof buildApp>>;

export function useApps(): { build(options?: BuildOptions): Promise<App> } {
  const built: App[] = [];
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(async () => {
    nock.cleanAll();
    while (built.length) await built.pop()!.cleanup();
  });
  afterAll(() => nock.enableNetConnect());
  return {
    async build(options) {
      const app = await buildApp(options);
      built.push(app);
      return app;
    },
  };
}
