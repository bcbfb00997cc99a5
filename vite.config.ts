import MagicString from 'magic-string';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';

export default defineConfig({
  plugins: [minifyLitTemplates()],
  build: {
    target: 'es2021',
    lib: {
      entry: 'widget/index.ts',
      name: 'InstagramFeed',
      formats: ['es', 'iife'],
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
        chunkFileNames: 'instagram-feed-[name]-[hash].js',
        // Vite leaves the lib `es` format unminified; the ES file is what pages load, so minify it too.
        minify: true,
      },
    },
  },
});

/**
 * Collapses the whitespace inside Lit's `html`, `svg` and `css` tagged templates of widget/ (indentation
 * only: a run of whitespace that contains a newline becomes one space, which renders the same), and
 * minifies `css` templates without substitutions. Found with the TypeScript parser, not regular
 * expressions, so strings and nested templates are never touched.
 */
function minifyLitTemplates(): Plugin {
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
          const parts = ts.isNoSubstitutionTemplateLiteral(template)
            ? [template]
            : [template.head, ...template.templateSpans.map(span => span.literal)];
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
