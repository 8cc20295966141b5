// Prometheus metrics on a private registry: defaults + request counter/histogram + app_info.
import client from 'prom-client';

const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

const requests = new client.Counter({
  name: 'http_requests_total',
  help: 'HTTP requests handled, by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'],
  registers: [registry],
});

const duration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration in seconds, by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

const appInfo = new client.Gauge({
  name: 'app_info',
  help: 'Always 1; the labels describe the running build',
  labelNames: ['version'],
  registers: [registry],
});

export function setAppInfo(version) {
  appInfo.set({ version }, 1);
}

// route is the pattern (e.g. /api/media-requests/:id), never the raw path: bounded label values.
export function observeRequest(method, route, status, seconds) {
  const labels = { method, route, status: String(status) };
  requests.inc(labels);
  duration.observe(labels, seconds);
}

export const metricsContentType = registry.contentType;
export const metricsText = () => registry.metrics();
