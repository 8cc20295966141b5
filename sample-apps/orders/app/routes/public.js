// GET / (HTML page), /ui.js (the page's only script, CSP-compatible) and the public /v2/catalog.
import { readFileSync } from 'node:fs';
import { fault } from '../lib/faults.js';
import { send, sendJson, versionOf } from '../lib/http.js';

const file = (name) => readFileSync(new URL(`../public/${name}`, import.meta.url), 'utf8');
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function publicRoutes({ config, store }) {
  const page = file('index.html');
  const script = file('ui.js');
  return [
    {
      method: 'GET',
      path: '/',
      handler: ({ res }) =>
        send(res, 200, page.replace('{{VERSION}}', escapeHtml(versionOf(config))), 'text/html; charset=utf-8'),
    },
    {
      method: 'GET',
      path: '/ui.js',
      handler: ({ res }) => send(res, 200, script, 'text/javascript; charset=utf-8'),
    },
    {
      method: 'GET',
      path: '/v2/catalog',
      handler: async ({ res }) => {
        const rows = await store.catalog();
        // schema-violation: price_cents as a string breaks the documented integer type.
        const items = rows.map((r) => ({
          ...r,
          price_cents: fault('schema-violation') ? String(r.price_cents) : r.price_cents,
        }));
        sendJson(res, 200, { items });
      },
    },
  ];
}
