import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    target: 'es2021',
    lib: {
      entry: 'widget/index.ts',
      name: 'InstagramFeed',
      formats: ['es', 'iife'],
      fileName: format => (format === 'es' ? 'instagram-feed.js' : `instagram-feed.${format}.js`),
    },
    sourcemap: true,
  },
});
