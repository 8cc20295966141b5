// CORS: only allowlisted origins are echoed back; preflights are answered here, before routing.
import { fault } from './faults.js';

const ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type';

// Returns true when the request was a preflight and has been answered.
export function handleCors(req, res, allowedOrigins) {
  const origin = req.headers.origin;
  if (fault('cors-wildcard')) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  } else {
    res.setHeader('Vary', 'Origin');
    if (origin && allowedOrigins.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
  }
  if (req.method !== 'OPTIONS') return false;
  if (req.headers['access-control-request-method'] && res.hasHeader('Access-Control-Allow-Origin')) {
    res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
    res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
  }
  // A disallowed origin gets 204 without Allow-Origin: the browser then blocks the real request.
  res.writeHead(204, { Allow: ALLOW_METHODS });
  res.end();
  return true;
}
