// The npm package's bundler build (`npm run build:package`, into widget/dist/): ES modules that import
// `lit` instead of bundling it, so an app that already uses Lit ships one copy. One file per entry of
// widget/package.json's exports (index registers the element; element and define do not; react wraps it for
// React 18 with @lit/react and imports `react`, an optional peer), the element itself in a chunk they share. Left unminified, with
// source maps: the app's bundler minifies. The self-contained script-tag builds are copied in beside it
// (widget/dist/browser/) by scripts/build-package.mjs.
import { defineConfig } from 'vite';
import { minifyLitTemplates } from './vite.config.js';

export default defineConfig({
  plugins: [minifyLitTemplates()],
  build: {
    target: 'es2021',
    outDir: 'widget/dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      entry: { index: 'widget/index.ts', element: 'widget/element.ts', define: 'widget/define.ts', react: 'widget/react.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      external: [/^lit(\/|$)/, /^lit-html(\/|$)/, /^lit-element(\/|$)/, /^@lit\//, /^react(\/|$)/],
      // Each entry exports exactly its own names; the element and what it needs go to a chunk they share.
      preserveEntrySignatures: 'strict',
      checks: { emptyImportMeta: false },
      output: { chunkFileNames: 'instagram-feed-[name]-[hash].js' },
    },
  },
});
