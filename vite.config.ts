import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import MagicString from 'magic-string';
import ts from 'typescript';
import { defineConfig, type Logger, type Plugin } from 'vite';

/** Most bytes (gzip -9) the initial ES chunk, Lit included, may have: what a page downloads before first paint. */
const INITIAL_BUDGET = 14_000;

// Two builds into dist/: `vite build` the ES module and its chunks, then `vite build --mode iife` the classic
// script, which cannot hold chunks: it loads the language tables from the ES build's files beside it
// (widget/locale-loaders-iife.ts) rather than carrying all 14 (about 10 kB gzipped).
export default defineConfig(({ mode }) => ({
  plugins: [minifyLitTemplates(), bundleReport(), ...(mode === 'iife' ? [iifeLocaleLoaders()] : [])],
  build: {
    target: 'es2021',
    // The IIFE joins the ES build's files.
    emptyOutDir: mode !== 'iife',
    lib: {
      entry: 'widget/index.ts',
      name: 'InstagramFeed',
      formats: mode === 'iife' ? ['iife'] : ['es'],
      fileName: format => (format === 'es' ? 'instagram-feed.js' : `instagram-feed.${format}.js`),
    },
    sourcemap: true,
    rolldownOptions: {
      // Lets shared modules live in the entry chunk, so the ES build is one initial file plus the lazy
      // lightbox chunk (which imports back from it) instead of a facade and a common chunk.
      preserveEntrySignatures: 'allow-extension',
      // index.ts reads import.meta.url only as a fallback after document.currentScript; in the IIFE it is {}.
      checks: { emptyImportMeta: false },
      output: {
        // .js, not the default .mjs: the server maps file extensions to MIME types.
        // A language's table (widget/locales/) goes without a hash: the first bundle names each of 14, and the
        // hashes, which gzip cannot shrink, were ~0.1 kB of its budget. Widget files are cached for an hour anyway.
        chunkFileNames: chunk =>
          /[\\/]widget[\\/]locales[\\/]/.test(chunk.facadeModuleId ?? '') ? 'instagram-feed-locale-[name].js' : 'instagram-feed-[name]-[hash].js',
        // Vite leaves the lib `es` format unminified; the ES file is what pages load, so minify it too.
        minify: true,
        // V8's explicit compile hint (Chrome 136+; a plain comment elsewhere): every function of the first bundle and of
        // the tiles' chunk is compiled on a background thread while the file streams in, rather than on the main thread
        // at its first call, inside the tasks that render. Measured with test/bench/trace.ts' first task: about 10 ms
        // of the main thread's ~45 ms less. After minification, which would drop the comment.
        postBanner: chunk => (chunk.isEntry || chunk.name === 'feed-view' ? '//# allFunctionsCalledOnLoad' : ''),
        // The module registers the element on import, so consumers' bundlers cannot drop it anyway;
        // the 17 `/* @__PURE__ */` annotations were ~30 bytes of the initial budget.
        comments: { annotation: false },
      },
    },
  },
}));

/** For the IIFE build: widget/locale-loaders-iife.ts in place of widget/locale-loaders.ts. */
function iifeLocaleLoaders(): Plugin {
  return {
    name: 'iife-locale-loaders',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './locale-loaders.js' && importer && /[\\/]widget[\\/]strings\.ts$/.test(importer)) return resolve('widget/locale-loaders-iife.ts');
      return null;
    },
  };
}

/**
 * Collapses the whitespace inside Lit's `html`, `svg` and `css` tagged templates of widget/ (indentation
 * only: a run of whitespace that contains a newline becomes one space, which renders the same), and
 * minifies `css` templates without substitutions. Found with the TypeScript parser, not regular
 * expressions, so strings and nested templates are never touched.
 */
export function minifyLitTemplates(): Plugin {
  return {
    name: 'minify-lit-templates',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]widget[\\/].+\.ts$/.test(id) || !/\b(html|svg|css)`/.test(code)) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
      const out = new MagicString(code);
      const visit = (node: ts.Node): void => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && ['html', 'svg', 'css'].includes(node.tag.text)) {
          const template = node.template;
          const parts = ts.isNoSubstitutionTemplateLiteral(template) ? [template] : [template.head, ...template.templateSpans.map(span => span.literal)];
          for (const part of parts) {
            const start = part.getStart(source) + 1;
            const end = part.getEnd() - (ts.isTemplateHead(part) || ts.isTemplateMiddle(part) ? 2 : 1);
            const text = code.slice(start, end);
            const minified = node.tag.text === 'css' && parts.length === 1 ? minifyCss(text) : text.replace(/\s*\n\s*/g, ' ');
            if (end > start && minified !== text) out.overwrite(start, end, minified);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      return out.hasChanged() ? { code: out.toString(), map: out.generateMap({ hires: true, source: id }) } : null;
    },
  };
}

/**
 * After each format is written: prints every JS file's gzip -9 size (vite's table is per format and
 * easy to miss), runs `node --check` on it (a syntax Chromium can't parse must fail the build, see
 * TOOLCHAIN.md), and fails the build when the initial ES chunk is over {@link INITIAL_BUDGET}.
 */
function bundleReport(): Plugin {
  let logger: Logger;
  let root = '.';
  const written: string[] = [];
  return {
    name: 'bundle-report',
    apply: 'build',
    configResolved(config) {
      logger = config.logger;
      root = config.root;
    },
    writeBundle(options, bundle) {
      const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        written.push(resolve(root, options.dir ?? 'dist', chunk.fileName));
        const gzip = gzipSync(chunk.code, { level: 9 }).length;
        const initial = options.format === 'es' && chunk.isEntry;
        const role = initial ? 'initial, Lit included' : chunk.isDynamicEntry ? 'lazy' : options.format;
        logger.info(`  ${chunk.fileName.padEnd(42)} ${kB(gzip).padStart(9)} gzip  (${role}${initial ? `, budget ${kB(INITIAL_BUDGET)}` : ''})`);
        if (initial && gzip > INITIAL_BUDGET) this.error(`${chunk.fileName} is ${kB(gzip)} gzipped, over the ${kB(INITIAL_BUDGET)} budget`);
        // The budget measures one file, so a static import would be downloaded before first paint uncounted.
        // Rolldown moves Lit into a shared chunk of its own when a lazy module imports lit/directives/*.
        if (initial && chunk.imports.length) this.error(`${chunk.fileName} statically imports ${chunk.imports.join(', ')}; keep it one file`);
      }
    },
    // Files are on disk only once the whole build has closed.
    closeBundle() {
      for (const file of written.splice(0)) execFileSync(process.execPath, ['--check', file], { stdio: 'inherit' });
    },
  };
}

// Conservative on purpose: never touches whitespace before a colon (`.a :hover` differs from `.a:hover`).
function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}
