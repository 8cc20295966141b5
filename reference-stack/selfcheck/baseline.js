// Checks of the healthy candidate release: every route, headers, CORS, cache, metrics, rate limit.
import { renderPage } from './browser.js';
import { expect, request } from './http.js';

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export function expectSecurityHeaders(res) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    expect(res.headers[name] === value, `${name} is ${res.headers[name]}, expected ${value}`);
  }
  expect(!('x-powered-by' in res.headers), 'X-Powered-By is present');
}

export async function login(api, env) {
  const res = await request(`${api}/api/auth/login`, {
    method: 'POST',
    body: { username: 'admin', password: env.STAGING_ADMIN_PASSWORD },
  });
  expect(res.status === 200 && res.json?.token, `login gave ${res.status} ${res.text}`);
  return res.json.token;
}

export async function runBaseline({ api, web, env, compose, check }) {
  let token;
  let id;
  const auth = () => ({ authorization: `Bearer ${token}` });

  for (const path of ['/health', '/api/health', '/api/v1/health']) {
    await check(`GET ${path} 200 with deep checks`, async () => {
      const res = await request(`${api}${path}`);
      const { status, version, uptimeSeconds, checks } = res.json ?? {};
      expect(res.status === 200 && status === 'ok' && version === '1.1.0', `${res.status} ${res.text}`);
      expect(Number.isInteger(uptimeSeconds), 'uptimeSeconds missing');
      expect(checks.postgres.status === 'ok' && checks.redis.status === 'ok', res.text);
      expect(res.headers['x-app-version'] === '1.1.0', 'X-App-Version missing');
      expectSecurityHeaders(res);
      return `${res.ms} ms`;
    });
  }
  await check('login 200 with HS256 token, expiresIn 3600', async () => {
    token = await login(api, env);
    expect(token.split('.').length === 3, 'token is not a JWT');
  });
  await check('login with wrong password 401 (error shape)', async () => {
    const res = await request(`${api}/api/auth/login`, { method: 'POST', body: { username: 'admin', password: 'no' } });
    expect(res.status === 401 && res.json?.error?.code === 'invalid_credentials', `${res.status} ${res.text}`);
  });
  await check('login without fields 400 validation_error', async () => {
    const res = await request(`${api}/api/auth/login`, { method: 'POST', body: {} });
    expect(res.status === 400 && res.json?.error?.code === 'validation_error', `${res.status} ${res.text}`);
  });
  for (const [name, headers] of [
    ['no token', {}],
    ['forged token', { authorization: 'Bearer aaa.bbb.ccc' }],
  ]) {
    await check(`GET /api/media-requests with ${name} 401 fast`, async () => {
      const res = await request(`${api}/api/media-requests`, { headers });
      expect(res.status === 401 && res.json?.error?.code === 'unauthorized', `${res.status} ${res.text}`);
      expect(res.ms < 200, `took ${res.ms} ms`);
      return `${res.ms} ms`;
    });
  }
  await check('POST /api/media-requests 201 (with priority on schema 0002)', async () => {
    const res = await request(`${api}/api/media-requests`, {
      method: 'POST',
      headers: auth(),
      body: { title: 'Selfcheck Movie', mediaType: 'movie', priority: 3 },
    });
    expect(res.status === 201, `${res.status} ${res.text}`);
    expect(
      res.json.title === 'Selfcheck Movie' && res.json.requestedBy === 'admin' && res.json.priority === 3,
      res.text,
    );
    id = res.json.id;
    return id;
  });
  await check('POST invalid mediaType 400 validation_error', async () => {
    const res = await request(`${api}/api/media-requests`, {
      method: 'POST',
      headers: auth(),
      body: { title: 'x', mediaType: 'book' },
    });
    expect(res.status === 400 && res.json?.error?.code === 'validation_error', `${res.status} ${res.text}`);
  });
  await check('malformed JSON 400 invalid_json', async () => {
    const res = await request(`${api}/api/media-requests`, { method: 'POST', headers: auth(), body: '{"title":' });
    expect(res.status === 400 && res.json?.error?.code === 'invalid_json', `${res.status} ${res.text}`);
  });
  await check('GET /api/media-requests lists the row', async () => {
    const res = await request(`${api}/api/media-requests`, { headers: auth() });
    expect(res.status === 200 && res.json.items.some((r) => r.id === id), `${res.status} ${res.text}`);
  });
  await check('GET /api/media-requests/:id MISS then HIT, key TTL <= 60', async () => {
    const first = await request(`${api}/api/media-requests/${id}`, { headers: auth() });
    const second = await request(`${api}/api/media-requests/${id}`, { headers: auth() });
    expect(
      first.status === 200 && first.headers['x-cache'] === 'MISS',
      `first ${first.status} ${first.headers['x-cache']}`,
    );
    expect(second.status === 200 && second.headers['x-cache'] === 'HIT', `second ${second.headers['x-cache']}`);
    const ttl = Number(await compose.redisCli('TTL', `media-request:${id}`));
    expect(ttl > 0 && ttl <= 60, `TTL ${ttl}`);
    return `TTL ${ttl}`;
  });
  await check('GET /api/public/media-requests count + latest', async () => {
    const res = await request(`${api}/api/public/media-requests`);
    expect(res.status === 200 && res.json.count >= 1 && res.json.latest[0].mediaType, res.text);
  });
  await check('DELETE /api/media-requests/:id 204, cache key gone, then 404', async () => {
    const res = await request(`${api}/api/media-requests/${id}`, { method: 'DELETE', headers: auth() });
    expect(res.status === 204, `${res.status}`);
    expect((await compose.redisCli('EXISTS', `media-request:${id}`)) === '0', 'cache key still there');
    const again = await request(`${api}/api/media-requests/${id}`, { headers: auth() });
    expect(again.status === 404 && again.json?.error?.code === 'not_found', `${again.status}`);
  });
  await check('unknown route 404 {error:{code,message}}', async () => {
    const res = await request(`${api}/api/nope`);
    expect(res.status === 404 && res.json?.error?.code === 'not_found' && res.json.error.message, res.text);
    expectSecurityHeaders(res);
  });
  await check('GET /api/metrics Prometheus text', async () => {
    const res = await request(`${api}/api/metrics`);
    expect(res.status === 200 && res.headers['content-type'].startsWith('text/plain'), `${res.status}`);
    for (const needle of [
      'http_requests_total{',
      'http_request_duration_seconds_bucket{',
      'app_info{version="1.1.0"} 1',
      'process_cpu_user_seconds_total',
    ]) {
      expect(res.text.includes(needle), `missing ${needle}`);
    }
  });
  await check('CORS: allowlisted origin echoed, others not, preflight 204', async () => {
    const good = await request(`${api}/api/health`, { headers: { origin: 'http://localhost:4001' } });
    expect(good.headers['access-control-allow-origin'] === 'http://localhost:4001', 'allowed origin not echoed');
    expect(/Origin/.test(good.headers.vary ?? ''), 'Vary: Origin missing');
    const evil = await request(`${api}/api/health`, { headers: { origin: 'https://evil.example' } });
    expect(!evil.headers['access-control-allow-origin'], 'evil origin allowed');
    const pre = await request(`${api}/api/media-requests`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:4001', 'access-control-request-method': 'POST' },
    });
    expect(pre.status === 204 && /POST/.test(pre.headers['access-control-allow-methods'] ?? ''), `${pre.status}`);
  });
  await check('frontend: page, app.js, /health, /api proxy', async () => {
    const page = await request(`${web}/`);
    expect(page.status === 200 && page.text.includes('<h1>Media Requests</h1>'), 'page');
    expect(page.text.includes('id="backend-version"') && page.text.includes('id="media-requests"'), 'ids');
    expectSecurityHeaders(page);
    const script = await request(`${web}/app.js`);
    expect(script.status === 200 && script.text.includes('/api/public/media-requests'), 'app.js');
    const health = await request(`${web}/health`);
    expect(health.status === 200 && health.json.status === 'ok', 'frontend health');
    const proxied = await request(`${web}/api/health`);
    expect(proxied.status === 200 && proxied.json.version === '1.1.0', 'proxy');
  });
  await check('frontend in Chromium: version and list rendered, no page errors', async () => {
    const shown = await renderPage(`${web}/`);
    if (!shown) return 'skipped: no Chromium or Playwright';
    expect(shown.title === 'MediaNest — Media Requests', `title ${shown.title}`);
    expect(shown.ready && /1\.1\.0/.test(shown.version) && shown.items.length > 0, JSON.stringify(shown));
    expect(shown.errors.length === 0, shown.errors.join('; '));
    return `"${shown.version}", ${shown.items.length} item(s)`;
  });
  await check('dependency truth: redis stopped -> 503 degraded, back -> 200', async () => {
    await compose.stop(['redis']);
    const down = await request(`${api}/api/health`);
    await compose.start(['redis']);
    expect(
      down.status === 503 && down.json.status === 'degraded' && down.json.checks.redis.status === 'down',
      down.text,
    );
    const started = Date.now();
    for (;;) {
      const res = await request(`${api}/api/health`);
      if (res.status === 200) return `degraded in ${down.ms} ms, recovered in ${Date.now() - started} ms`;
      expect(Date.now() - started < 15000, 'did not recover');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  // Last: it exhausts this client's login window.
  await check('login rate limit: 429 with Retry-After within 20 attempts', async () => {
    for (let i = 1; i <= 20; i += 1) {
      const res = await request(`${api}/api/auth/login`, {
        method: 'POST',
        body: { username: 'admin', password: 'x' },
      });
      if (res.status === 429) {
        expect(res.headers['retry-after'] && res.json?.error?.code === 'rate_limited', res.text);
        return `429 at attempt ${i}`;
      }
    }
    throw new Error('no 429 after 20 attempts');
  });
}
