// GET /metrics: Prometheus text, only with the X-Metrics-Key header (unless metrics-open).
import { safeEqual } from '../lib/auth.js';
import { fault } from '../lib/faults.js';
import { HttpError, send } from '../lib/http.js';
import { metricsContentType, metricsText } from '../lib/metrics.js';

export function metricsRoutes({ config }) {
  const handler = async ({ req, res }) => {
    const key = req.headers['x-metrics-key'];
    if (!fault('metrics-open') && (typeof key !== 'string' || !safeEqual(key, config.metricsKey))) {
      throw new HttpError(401, 'unauthorized', 'Unauthorized', 'missing or wrong X-Metrics-Key header');
    }
    send(res, 200, await metricsText(), metricsContentType, { 'Cache-Control': 'no-store' });
  };
  return [{ method: 'GET', path: '/metrics', handler }];
}
