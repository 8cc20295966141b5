// Prometheus metrics on a private registry; default metrics carry the orders_ prefix too.
import client from 'prom-client';

const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'orders_' });

const labelNames = ['method', 'route', 'code'];
const requests = new client.Counter({
  name: 'orders_http_requests_total',
  help: 'HTTP requests handled, by method, route pattern and status code',
  labelNames,
  registers: [registry],
});
const duration = new client.Histogram({
  name: 'orders_http_request_duration_seconds',
  help: 'HTTP request duration in seconds, by method, route pattern and status code',
  labelNames,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});
const buildInfo = new client.Gauge({
  name: 'orders_build_info',
  help: 'Always 1; the version label names the running build',
  labelNames: ['version'],
  registers: [registry],
});

export const setBuildInfo = (version) => buildInfo.set({ version }, 1);

// route is the pattern (e.g. /v2/orders/{orderId}), never the raw path: bounded label values.
export function observeRequest(method, route, code, seconds) {
  const labels = { method, route, code: String(code) };
  requests.inc(labels);
  duration.observe(labels, seconds);
}

export const metricsContentType = registry.contentType;
export const metricsText = () => registry.metrics();
