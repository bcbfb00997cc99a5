import express, { Router } from 'express';

/**
 * The built widget (dist/): `instagram-feed.js` (ESM, plus its lazy chunks), `instagram-feed.iife.js`
 * and source maps. Module scripts are fetched in CORS mode, so every file allows any origin: embedding
 * sites are the whole point. ETags revalidate; an hour of caching keeps upgrades visible the same day.
 */
export function widgetRouter(distDir: string): Router {
  const router = Router();
  router.use(
    '/widget',
    (req, res, next) => {
      if (!/^\/[\w.-]+\.(js|map)$/.test(req.path)) return next('router');
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      next();
    },
    express.static(distDir, {
      index: false,
      dotfiles: 'deny',
      etag: true,
      lastModified: true,
      maxAge: '1h',
      fallthrough: true,
      setHeaders(res, path) {
        if (path.endsWith('.js')) res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      },
    }),
  );
  return router;
}
