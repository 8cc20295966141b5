// CORS: exact-match allow-list; `cors-reflect` reflects any origin with credentials.
import { fault } from './faults.js';

export const isForeignOrigin = (origin, config) => Boolean(origin) && !config.corsOrigins.includes(origin);

export function applyCors(req, res, config) {
  const origin = req.headers.origin;
  if (!origin) return;
  if (fault('cors-reflect')) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    return;
  }
  if (!config.corsOrigins.includes(origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
}

// Preflight: 204 for everyone; only an allowed origin gets the Allow-* headers.
export function preflight(req, res) {
  if (res.hasHeader('Access-Control-Allow-Origin')) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204);
  res.end();
}
