// GET /api/metrics: Prometheus text; bearer METRICS_TOKEN when configured.
import { safeEqual, bearerToken } from '../lib/auth.js';
import { fault } from '../lib/faults.js';
import { HttpError } from '../lib/http.js';
import { metricsContentType, metricsText } from '../lib/metrics.js';

export function metricsRoutes({ config }) {
  const metrics = async ({ req, res }) => {
    if (config.metricsToken && !safeEqual(bearerToken(req) ?? '', config.metricsToken)) {
      throw new HttpError(401, 'unauthorized', 'metrics require the metrics bearer token', {
        'WWW-Authenticate': 'Bearer',
      });
    }
    if (fault('metrics-down')) throw new HttpError(500, 'metrics_unavailable', 'metrics collection failed');
    const text = await metricsText();
    res.writeHead(200, { 'Content-Type': metricsContentType, 'Cache-Control': 'no-store' });
    res.end(text);
  };
  return [{ method: 'GET', path: '/api/metrics', handler: metrics }];
}
