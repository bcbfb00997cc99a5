import { Router, type RequestHandler } from 'express';
import type { Metrics } from '../metrics/metrics.js';

export interface MetricsRouteDeps {
  metrics: Pick<Metrics, 'scrape'>;
  /** Who may read them (http/metrics-auth.ts: an admin, or the METRICS_TOKEN bearer). */
  guard: RequestHandler;
}

/** `GET /metrics`: the Prometheus text format, never cached. */
export function metricsRouter(deps: MetricsRouteDeps): Router {
  const router = Router();
  router.get('/metrics', deps.guard, async (_req, res) => {
    const { contentType, body } = await deps.metrics.scrape();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Authorization');
    res.setHeader('Content-Type', contentType);
    res.send(body);
  });
  return router;
}
