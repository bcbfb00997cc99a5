import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express, { Router } from 'express';

export interface DemoRouteOptions {
  /** The built demo page (dist/demo). */
  dir: string;
  demoMode: boolean;
  publicUrl: string;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The demo/admin page at `/`. The page is static; the server fills in two <meta> values (demo mode,
 * public URL for the snippet) so that no inline script is needed under the strict CSP.
 */
export function demoRouter(options: DemoRouteOptions): Router {
  const router = Router();
  let page: Promise<string> | undefined;
  const load = () =>
    (page ??= readFile(join(options.dir, 'index.html'), 'utf8')
      .then(html =>
        html
          .replace('<meta name="igfeed-demo-mode" content="false" />', `<meta name="igfeed-demo-mode" content="${options.demoMode}" />`)
          .replace('<meta name="igfeed-public-url" content="" />', `<meta name="igfeed-public-url" content="${escapeAttribute(options.publicUrl)}" />`),
      )
      .catch(error => {
        page = undefined;
        throw error;
      }));

  router.get(['/', '/index.html'], async (_req, res) => {
    let html: string;
    try {
      html = await load();
    } catch {
      res.status(503).type('text/plain').send('The demo page is not built yet. Run `npm run build`, or restart with `npm start`, which builds it.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(html);
  });
  router.use('/assets', express.static(join(options.dir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: true }));
  return router;
}
