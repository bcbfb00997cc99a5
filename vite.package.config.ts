// The npm package's bundler build (`npm run build:package`, into widget/dist/): ES modules that import
// `lit` instead of bundling it, so an app that already uses Lit ships one copy. Left unminified, with
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
      entry: 'widget/index.ts',
      formats: ['es'],
      fileName: () => 'index.js',
    },
    rolldownOptions: {
      external: [/^lit(\/|$)/, /^lit-html(\/|$)/, /^lit-element(\/|$)/, /^@lit\//],
      preserveEntrySignatures: 'allow-extension',
      checks: { emptyImportMeta: false },
      output: { chunkFileNames: 'instagram-feed-[name]-[hash].js' },
    },
  },
});
