// `npm run build:ssr`: the element's server-side renderer (widget/ssr.ts) for Node, into dist/ssr/ssr.js.
// Lit and @lit-labs/ssr stay imports (production dependencies, resolved with Node's conditions, which
// give Lit its DOM shim); the widget's own modules are bundled, its lazy parts included as chunks.
import { defineConfig } from 'vite';
import { minifyLitTemplates } from './vite.config.js';

export default defineConfig({
  plugins: [minifyLitTemplates()],
  build: {
    ssr: 'widget/ssr.ts',
    outDir: 'dist/ssr',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      // ssr.ts imports the header statically on purpose (rendered in place), which the element imports lazily.
      checks: { ineffectiveDynamicImport: false },
      output: { entryFileNames: 'ssr.js', chunkFileNames: 'ssr-[name]-[hash].js' },
    },
  },
});
