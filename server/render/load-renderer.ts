// The element's server-side renderer, built by `npm run build` into dist/ssr/ (vite.ssr.config.ts from
// widget/ssr.ts): loaded on the first server-rendered request, once. Without the build the routes that
// need it answer 503 `not_built` instead of failing every time.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HttpError } from '../http/http-error.js';
import type { FragmentRenderer } from '../routes/html.js';
import { packageRoot } from '../runtime/package-root.js';

export function loadBuiltRenderer(root = packageRoot()): () => Promise<FragmentRenderer> {
  let loading: Promise<FragmentRenderer> | undefined;
  return () => {
    const file = join(root, 'dist', 'ssr', 'ssr.js');
    if (!existsSync(file)) return Promise.reject(new HttpError(503, 'not_built', 'Server-side rendering is not built on this server: run `npm run build`.'));
    loading ??= import(pathToFileURL(file).href).then(module => module.renderFeedElement as FragmentRenderer);
    return loading;
  };
}
