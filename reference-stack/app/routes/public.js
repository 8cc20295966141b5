// GET /api/public/media-requests: read-only summary for the frontend page (no auth, no personal data).
import { sendJson } from '../lib/http.js';

const LATEST = 10;

export function publicRoutes({ store }) {
  const summary = async ({ res }) => {
    const { count, latest } = await store.summary(LATEST);
    sendJson(res, 200, { count, latest });
  };
  return [{ method: 'GET', path: '/api/public/media-requests', handler: summary }];
}
