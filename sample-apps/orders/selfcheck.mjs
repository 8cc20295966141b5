// End-to-end self-check of the orders sample app: starts the stack under a unique compose project
// on loopback port offsets, checks every route of the contract, every fault switch and the
// rollback to 2.3.0, and ALWAYS tears the stack down. One line per check; exit 0 only if all pass.
//   node sample-apps/orders/selfcheck.mjs
// Env: ORDERS_SELFCHECK_PORT_BASE (28000: api +80, control +81, db +32, cache +79),
//      ORDERS_SELFCHECK_SKIP_BUILD=1 (do not run build-images.sh first).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const base = Number.parseInt(process.env.ORDERS_SELFCHECK_PORT_BASE ?? '28000', 10);
const PORTS = { api: base + 80, control: base + 81, db: base + 32, cache: base + 79 };
const project = `orders-selfcheck-${process.pid}-${randomBytes(3).toString('hex')}`;
const secret = () => randomBytes(18).toString('base64url');
const S = { db: secret(), jwt: secret(), admin: secret(), metrics: secret() };
const EMAIL = 'qa@example.com';
const ALLOWED = 'https://shop.example.test';
const FOREIGN = 'https://evil.example.test';
const IMG = { prev: 'staging-gate/orders-api:2.3.0', cand: 'staging-gate/orders-api:2.4.0' };
const M1 = '20240101120000_create_orders';
const M2 = '20240315090000_add_order_note';
const GLOBAL_DEADLINE_MS = 15 * 60_000;

const started = Date.now();
const results = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------- processes ----------
function composeEnv(extra = {}) {
  return {
    ...process.env,
    ORDERS_DB_PASSWORD: S.db,
    ORDERS_JWT_SECRET: S.jwt,
    ORDERS_ADMIN_EMAIL: EMAIL,
    ORDERS_ADMIN_PASSWORD: S.admin,
    ORDERS_METRICS_KEY: S.metrics,
    ORDERS_CORS_ORIGINS: ALLOWED,
    ORDERS_APP_IMAGE: IMG.cand,
    ORDERS_FAULTS: '',
    ORDERS_FAULT_SLOW_LIST_MS: '1500',
    ORDERS_RATE_LIMIT_ALL_MAX: '30',
    ORDERS_API_PORT: String(PORTS.api),
    ORDERS_CONTROL_PORT: String(PORTS.control),
    ORDERS_DB_PORT: String(PORTS.db),
    ORDERS_CACHE_PORT: String(PORTS.cache),
    ...extra,
  };
}

function run(cmd, args, { env = process.env, timeoutMs = 120_000 } = {}) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

function compose(args, extraEnv = {}, timeoutMs = 180_000) {
  const r = run('docker-compose', ['-p', project, '-f', join(here, 'docker-compose.yml'), ...args], {
    env: composeEnv(extraEnv),
    timeoutMs,
  });
  if (r.code !== 0)
    throw new Error(`docker-compose ${args.join(' ')} failed (${r.code}): ${r.stderr.trim().slice(-600)}`);
  return r.stdout;
}

const containerId = (service) => compose(['ps', '-q', service]).trim();
const inspect = (id, format) => run('docker', ['inspect', '-f', format, id]).stdout.trim();
const restartCount = () => Number(inspect(containerId('api'), '{{.RestartCount}}'));
const psql = (sql) => compose(['exec', '-T', 'db', 'psql', '-U', 'orders', '-d', 'orders', '-tAc', sql]).trim();
const redisCli = (...args) => compose(['exec', '-T', 'cache', 'redis-cli', ...args]).trim();
const apiStdout = () => run('docker', ['logs', containerId('api')]).stdout;
const migrate = (image, ...args) =>
  JSON.parse(
    compose(['run', '--rm', '--no-deps', 'api', 'node', 'migrate.js', ...args], { ORDERS_APP_IMAGE: image })
      .trim()
      .split('\n')
      .pop(),
  );

let tornDown = false;
function teardown() {
  if (tornDown) return;
  tornDown = true;
  const r = run(
    'docker-compose',
    ['-p', project, '-f', join(here, 'docker-compose.yml'), 'down', '-v', '--remove-orphans', '-t', '5'],
    {
      env: composeEnv(),
      timeoutMs: 120_000,
    },
  );
  console.log(r.code === 0 ? `teardown: project ${project} removed` : `teardown FAILED: ${r.stderr.trim()}`);
}

// ---------- HTTP ----------
function request(port, method, path, { headers = {}, body, timeoutMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const h = { ...headers };
    if (payload !== undefined)
      Object.assign(h, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', (err) => resolve({ error: err.code ?? err.message, ms: Date.now() - t0 }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json, ms: Date.now() - t0 });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (err) =>
      resolve({ error: err.message === 'timeout' ? 'timeout' : (err.code ?? err.message), ms: Date.now() - t0 }),
    );
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
const api = (method, path, opts) => request(PORTS.api, method, path, opts);
const auth = (token) => ({ Authorization: `Bearer ${token}` });
async function setFaults(faults) {
  const r = await request(PORTS.control, 'PUT', '/faults', { body: { faults } });
  assert(
    r.status === 200 && JSON.stringify(r.json?.faults) === JSON.stringify(faults),
    `PUT /faults ${faults}: ${r.status ?? r.error} ${r.text ?? ''}`,
  );
}

// ---------- assertions ----------
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
const show = (r) => (r.error ? `error ${r.error}` : `${r.status} ${String(r.text).slice(0, 200)}`);
function expectProblem(r, status, slug) {
  assert(r.status === status, `expected ${status}, got ${show(r)}`);
  assert(
    /^application\/problem\+json/.test(r.headers['content-type'] ?? ''),
    `content-type ${r.headers['content-type']}`,
  );
  const p = r.json ?? {};
  assert(!slug || p.type === `https://orders.example.test/problems/${slug}`, `problem type ${p.type}`);
  assert(
    p.status === status && typeof p.title === 'string' && typeof p.detail === 'string',
    `problem fields ${r.text}`,
  );
  assert(typeof p.instance === 'string' && p.instance.startsWith('/'), `problem instance ${p.instance}`);
}
function expectOrder(o, withNote) {
  assert(
    Number.isInteger(o?.id) && typeof o.sku === 'string' && Number.isInteger(o.quantity),
    `order shape ${JSON.stringify(o)}`,
  );
  assert(
    o.status === 'pending' && !Number.isNaN(Date.parse(o.created_at)),
    `order status/created_at ${JSON.stringify(o)}`,
  );
  assert(withNote ? 'note' in o : !('note' in o), `note presence (${withNote}) ${JSON.stringify(o)}`);
}

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`PASS  ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(`FAIL  ${name}: ${err.message}`);
  }
}

async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 1000 && Date.now() < deadline; i += 1) {
    if (await probe()) return;
    await sleep(300);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
const waitHealthyContainer = (service, timeoutMs = 60_000) =>
  waitFor(
    `${service} healthy`,
    () => inspect(containerId(service), '{{.State.Health.Status}}') === 'healthy',
    timeoutMs,
  );
const waitHealthz = (timeoutMs = 60_000) =>
  waitFor('/healthz 200', async () => (await api('GET', '/healthz', { timeoutMs: 2000 })).status === 200, timeoutMs);

// ---------- phases ----------
const ctx = { token: '', orderId: 0 };

async function login(expectStatus = 201) {
  const r = await api('POST', '/v2/session', { body: { email: EMAIL, password: S.admin } });
  assert(r.status === expectStatus, `login: ${show(r)}`);
  return r.json?.access_token;
}

async function setup() {
  if (process.env.ORDERS_SELFCHECK_SKIP_BUILD !== '1') {
    const b = run('bash', [join(here, 'build-images.sh')], { timeoutMs: 600_000 });
    if (b.code !== 0) throw new Error(`build-images.sh failed: ${b.stderr.trim()}`);
  }
  for (const image of Object.values(IMG)) {
    assert(
      run('docker', ['image', 'inspect', image]).code === 0,
      `${image} missing: run sample-apps/orders/build-images.sh`,
    );
  }
  console.log(
    `project ${project}, api 127.0.0.1:${PORTS.api}, control :${PORTS.control}, db :${PORTS.db}, cache :${PORTS.cache}`,
  );
  await check('stack: db and cache up and healthy', async () => {
    compose(['up', '-d', 'db', 'cache']);
    await waitHealthyContainer('db');
    await waitHealthyContainer('cache');
  });
  await check('migrate latest with 2.3.0 applies migration 1 as batch 1', async () => {
    const out = migrate(IMG.prev, 'latest');
    assert(out.batch === 1 && JSON.stringify(out.applied) === JSON.stringify([M1]), JSON.stringify(out));
  });
  await check('migrate latest with 2.4.0 applies migration 2 as batch 2, then nothing', async () => {
    const out = migrate(IMG.cand, 'latest');
    assert(out.batch === 2 && JSON.stringify(out.applied) === JSON.stringify([M2]), JSON.stringify(out));
    const again = migrate(IMG.cand, 'latest');
    assert(again.applied.length === 0, `second latest: ${JSON.stringify(again)}`);
  });
  await check('knex_migrations bookkeeping and released lock', async () => {
    const rows = psql("SELECT string_agg(name || ':' || batch, ',' ORDER BY id) FROM knex_migrations");
    assert(rows === `${M1}:1,${M2}:2`, rows);
    assert(psql("SELECT string_agg(is_locked::text, ',') FROM knex_migrations_lock") === '0', 'lock still held');
  });
  await check('api 2.4.0 up and healthy', async () => {
    compose(['up', '-d', 'api']);
    await waitHealthyContainer('api');
  });
}

async function baseline() {
  await check('GET /healthz 200 UP with version and components', async () => {
    const r = await api('GET', '/healthz');
    const want = {
      state: 'UP',
      build: { version: '2.4.0' },
      components: { database: { state: 'UP' }, cache: { state: 'UP' } },
    };
    assert(r.status === 200 && JSON.stringify(r.json) === JSON.stringify(want), show(r));
  });
  await check('security headers on every response, no X-Powered-By / Server', async () => {
    for (const path of ['/healthz', '/', '/no-such-path', '/v2/orders']) {
      const h = (await api('GET', path)).headers ?? {};
      assert(
        h['content-security-policy'] === "default-src 'self'; frame-ancestors 'none'",
        `${path} CSP ${h['content-security-policy']}`,
      );
      assert(
        h['x-content-type-options'] === 'nosniff' && h['referrer-policy'] === 'no-referrer',
        `${path} nosniff/referrer`,
      );
      assert(h['x-orders-version'] === '2.4.0', `${path} X-Orders-Version ${h['x-orders-version']}`);
      assert(!('x-powered-by' in h) && !('server' in h), `${path} X-Powered-By/Server present`);
    }
  });
  await check('GET / page and /ui.js (no inline script)', async () => {
    const r = await api('GET', '/');
    assert(r.status === 200 && /^text\/html/.test(r.headers['content-type']), show(r));
    for (const s of [
      '<title>Orders service</title>',
      '<h1>Orders service</h1>',
      '<ul id="catalog">',
      '<p id="version">2.4.0</p>',
      'src="/ui.js"',
    ]) {
      assert(r.text.includes(s), `page lacks ${s}`);
    }
    assert(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(r.text), 'inline script found');
    const js = await api('GET', '/ui.js');
    assert(
      js.status === 200 && /javascript/.test(js.headers['content-type']) && js.text.includes('/v2/catalog'),
      show(js),
    );
  });
  await check('GET /v2/catalog public, integer prices', async () => {
    const r = await api('GET', '/v2/catalog');
    const items = r.json?.items ?? [];
    assert(r.status === 200 && items.length >= 3, show(r));
    assert(
      items.every((i) => typeof i.sku === 'string' && typeof i.name === 'string' && Number.isInteger(i.price_cents)),
      r.text,
    );
    assert(items.find((i) => i.sku === 'SKU-1')?.price_cents === 1299, 'SKU-1 price');
  });
  await check('unknown path 404 and wrong method 405 are problem+json', async () => {
    expectProblem(await api('GET', '/no-such-path'), 404, 'not-found');
    expectProblem(await api('PUT', '/healthz'), 405, 'method-not-allowed');
  });
  await check('GET /metrics needs X-Metrics-Key (401 problem), serves prefixed metrics', async () => {
    expectProblem(await api('GET', '/metrics'), 401, 'unauthorized');
    expectProblem(await api('GET', '/metrics', { headers: { 'X-Metrics-Key': 'wrong' } }), 401, 'unauthorized');
    const r = await api('GET', '/metrics', { headers: { 'X-Metrics-Key': S.metrics } });
    assert(r.status === 200 && /^text\/plain/.test(r.headers['content-type']), show(r));
    assert(
      /^orders_http_requests_total\{method="GET",route="\/healthz",code="200"\} \d+/m.test(r.text),
      'request counter',
    );
    assert(/^orders_http_request_duration_seconds_bucket\{/m.test(r.text), 'duration histogram');
    assert(/^orders_build_info\{version="2\.4\.0"\} 1$/m.test(r.text), 'build info');
    assert(/^orders_process_cpu_seconds_total /m.test(r.text), 'prefixed default metrics');
    assert(!/^(http_requests_total|process_cpu_seconds_total)/m.test(r.text), 'unprefixed metrics present');
  });
  await check('POST /v2/session 201 bearer JWT; 400 malformed; 422 missing fields', async () => {
    const r = await api('POST', '/v2/session', { body: { email: EMAIL, password: S.admin } });
    assert(r.status === 201 && r.json?.token_type === 'bearer' && r.json?.expires_in === 900, show(r));
    const parts = String(r.json.access_token).split('.');
    assert(parts.length === 3 && JSON.parse(Buffer.from(parts[0], 'base64url')).alg === 'HS256', 'not an HS256 JWT');
    ctx.token = r.json.access_token;
    expectProblem(await api('POST', '/v2/session', { body: '{"email":' }), 400, 'malformed-json');
    expectProblem(await api('POST', '/v2/session', { body: { email: EMAIL } }), 422, 'validation-failed');
  });
  await check('protected routes: 401 problem quickly without / with a bad token', async () => {
    const forged = `${ctx.token.split('.').slice(0, 2).join('.')}.${Buffer.from('x'.repeat(32)).toString('base64url')}`;
    for (const headers of [{}, { Authorization: 'Bearer nope' }, auth(forged)]) {
      const r = await api('GET', '/v2/orders', { headers });
      expectProblem(r, 401, 'unauthorized');
      assert(r.ms < 1000, `401 took ${r.ms} ms`);
    }
    expectProblem(await api('DELETE', '/v2/orders/1'), 401, 'unauthorized');
  });
  await check('POST /v2/orders 201 + Location; 400 malformed; 422 invalid', async () => {
    const r = await api('POST', '/v2/orders', { headers: auth(ctx.token), body: { sku: 'SKU-1', quantity: 2 } });
    assert(r.status === 201, show(r));
    expectOrder(r.json, true);
    assert(
      r.json.note === null && r.headers.location === `/v2/orders/${r.json.id}`,
      `note/Location ${r.headers.location}`,
    );
    ctx.orderId = r.json.id;
    const n = await api('POST', '/v2/orders', {
      headers: auth(ctx.token),
      body: { sku: 'SKU-2', quantity: 1, note: 'gift' },
    });
    assert(n.status === 201 && n.json?.note === 'gift', show(n));
    expectProblem(
      await api('POST', '/v2/orders', { headers: auth(ctx.token), body: '{"sku":' }),
      400,
      'malformed-json',
    );
    for (const body of [{ sku: 'SKU-1', quantity: 0 }, { quantity: 1 }, { sku: 'SKU-1', quantity: 1.5 }, [1]]) {
      expectProblem(await api('POST', '/v2/orders', { headers: auth(ctx.token), body }), 422, 'validation-failed');
    }
  });
  await check('GET /v2/orders 200 paginated; 422 on bad paging', async () => {
    const r = await api('GET', '/v2/orders?page=1&per_page=20', { headers: auth(ctx.token) });
    assert(
      r.status === 200 && r.json?.meta?.page === 1 && r.json.meta.per_page === 20 && r.json.meta.total >= 2,
      show(r),
    );
    r.json.data.forEach((o) => expectOrder(o, true));
    const p2 = await api('GET', '/v2/orders?page=2&per_page=1', { headers: auth(ctx.token) });
    assert(p2.status === 200 && p2.json.data.length === 1 && p2.json.meta.page === 2, show(p2));
    expectProblem(await api('GET', '/v2/orders?per_page=0', { headers: auth(ctx.token) }), 422, 'validation-failed');
  });
  await check('GET /v2/orders/{id} read-through cache (MISS, HIT, key TTL <= 60 s); 404s', async () => {
    const path = `/v2/orders/${ctx.orderId}`;
    const a = await api('GET', path, { headers: auth(ctx.token) });
    const b = await api('GET', path, { headers: auth(ctx.token) });
    assert(
      a.status === 200 && a.headers['x-cache'] === 'MISS' && b.headers['x-cache'] === 'HIT',
      `${show(a)} / ${b.headers['x-cache']}`,
    );
    expectOrder(b.json, true);
    const ttl = Number(redisCli('TTL', `orders:v2:${ctx.orderId}`));
    assert(ttl > 0 && ttl <= 60, `TTL ${ttl}`);
    expectProblem(await api('GET', '/v2/orders/999999', { headers: auth(ctx.token) }), 404, 'not-found');
    expectProblem(await api('GET', '/v2/orders/abc', { headers: auth(ctx.token) }), 404, 'not-found');
  });
  await check('DELETE /v2/orders/{id} 204, cache key removed, then 404', async () => {
    const c = await api('POST', '/v2/orders', { headers: auth(ctx.token), body: { sku: 'SKU-3', quantity: 3 } });
    const path = `/v2/orders/${c.json.id}`;
    await api('GET', path, { headers: auth(ctx.token) });
    assert(redisCli('EXISTS', `orders:v2:${c.json.id}`) === '1', 'cache key not set');
    const d = await api('DELETE', path, { headers: auth(ctx.token) });
    assert(d.status === 204 && d.text === '', show(d));
    assert(redisCli('EXISTS', `orders:v2:${c.json.id}`) === '0', 'cache key survived the delete');
    expectProblem(await api('GET', path, { headers: auth(ctx.token) }), 404, 'not-found');
    expectProblem(await api('DELETE', path, { headers: auth(ctx.token) }), 404, 'not-found');
  });
  await check('CORS: allow-list only, Vary: Origin, no credentials; preflight 204', async () => {
    const ok = await api('GET', '/v2/catalog', { headers: { Origin: ALLOWED } });
    assert(
      ok.headers['access-control-allow-origin'] === ALLOWED && /Origin/.test(ok.headers.vary ?? ''),
      'allowed origin',
    );
    assert(!('access-control-allow-credentials' in ok.headers), 'credentials header present');
    const bad = await api('GET', '/v2/catalog', { headers: { Origin: FOREIGN } });
    assert(bad.status === 200 && !('access-control-allow-origin' in bad.headers), 'foreign origin allowed');
    const pre = await api('OPTIONS', '/v2/orders', {
      headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST' },
    });
    assert(pre.status === 204 && pre.headers['access-control-allow-origin'] === ALLOWED, show(pre));
    const preBad = await api('OPTIONS', '/v2/orders', {
      headers: { Origin: FOREIGN, 'Access-Control-Request-Method': 'POST' },
    });
    assert(preBad.status === 204 && !('access-control-allow-origin' in preBad.headers), show(preBad));
  });
  for (const service of ['cache', 'db']) {
    const component = service === 'db' ? 'database' : 'cache';
    await check(`/healthz 503 with ${component} DOWN while ${service} is paused, 200 after`, async () => {
      compose(['pause', service]);
      try {
        const r = await api('GET', '/healthz', { timeoutMs: 5000 });
        assert(r.status === 503 && r.json?.state === 'DOWN' && r.json.components[component].state === 'DOWN', show(r));
        assert(r.ms < 3000, `healthz took ${r.ms} ms`);
      } finally {
        compose(['unpause', service]);
      }
      await waitHealthz(20_000);
    });
  }
  await check(
    'login rate limit: 5 failures per 10 s per socket address -> 429 + Retry-After (XFF ignored)',
    async () => {
      for (let i = 1; i <= 5; i += 1) {
        expectProblem(
          await api('POST', '/v2/session', { body: { email: EMAIL, password: `wrong-${i}` } }),
          401,
          'invalid-credentials',
        );
      }
      const r = await api('POST', '/v2/session', { body: { email: EMAIL, password: S.admin } });
      expectProblem(r, 429, 'rate-limited');
      const retry = Number(r.headers['retry-after']);
      assert(Number.isInteger(retry) && retry >= 1 && retry <= 10, `Retry-After ${r.headers['retry-after']}`);
      const xff = await api('POST', '/v2/session', {
        headers: { 'X-Forwarded-For': '203.0.113.9' },
        body: { email: EMAIL, password: 'x' },
      });
      expectProblem(xff, 429, 'rate-limited');
      await sleep(retry * 1000 + 300);
      ctx.token = await login();
    },
  );
}

// Switches one fault on, runs observe(), switches it off, runs restored().
async function faultCheck(name, effect, observe, restored) {
  await check(`fault ${name}: ${effect}`, async () => {
    await setFaults([name]);
    try {
      await observe();
    } finally {
      await waitHealthz(60_000);
      await setFaults([]);
    }
    if (restored) await restored();
  });
}

async function crashCheck(name, effect, trigger, restored) {
  await faultCheck(
    name,
    effect,
    async () => {
      const before = restartCount();
      await trigger();
      await waitFor('restart count to grow', async () => restartCount() > before, 30_000);
      await waitHealthz(60_000);
      const f = await request(PORTS.control, 'GET', '/faults');
      assert(JSON.stringify(f.json?.faults) === JSON.stringify([name]), `faults after restart: ${show(f)}`);
    },
    restored,
  );
}

async function faults() {
  const withToken = () => ({ headers: auth(ctx.token) });
  await faultCheck(
    'dependency-down-200',
    '/healthz 200 but cache DOWN',
    async () => {
      const r = await api('GET', '/healthz');
      assert(r.status === 200 && r.json?.state === 'UP' && r.json.components.cache.state === 'DOWN', show(r));
    },
    async () => assert((await api('GET', '/healthz')).json?.components?.cache?.state === 'UP', 'cache still DOWN'),
  );
  await faultCheck(
    'hang-protected',
    'no answer without a token',
    async () => {
      const r = await api('GET', '/v2/orders', { timeoutMs: 2000 });
      assert(r.error === 'timeout', `expected a hang, got ${show(r)}`);
      assert((await api('GET', '/v2/orders', withToken())).status === 200, 'valid token not served');
    },
    async () => expectProblem(await api('GET', '/v2/orders', { timeoutMs: 2000 }), 401, 'unauthorized'),
  );
  await faultCheck(
    'cors-reflect',
    'any Origin reflected with credentials',
    async () => {
      const r = await api('GET', '/healthz', { headers: { Origin: FOREIGN } });
      assert(
        r.headers['access-control-allow-origin'] === FOREIGN &&
          r.headers['access-control-allow-credentials'] === 'true',
        show(r),
      );
    },
    async () =>
      assert(
        !('access-control-allow-origin' in (await api('GET', '/healthz', { headers: { Origin: FOREIGN } })).headers),
        'still reflected',
      ),
  );
  await faultCheck(
    'metrics-open',
    '/metrics without key',
    async () => {
      const r = await api('GET', '/metrics');
      assert(r.status === 200 && r.text.includes('orders_build_info'), show(r));
    },
    async () => expectProblem(await api('GET', '/metrics'), 401, 'unauthorized'),
  );
  await faultCheck(
    'slow-list',
    'GET /v2/orders >= 1.5 s',
    async () => {
      const r = await api('GET', '/v2/orders', withToken());
      assert(r.status === 200 && r.ms >= 1400, `${r.status} in ${r.ms} ms`);
    },
    async () => {
      const r = await api('GET', '/v2/orders', withToken());
      assert(r.status === 200 && r.ms < 1000, `${r.status} in ${r.ms} ms`);
    },
  );
  const fatalCount = () =>
    apiStdout()
      .split('\n')
      .filter((l) => /"level":60,.*"msg":"database pool exhausted"/.test(l)).length;
  await faultCheck(
    'fatal-log',
    'level-60 "database pool exhausted" every 2 s',
    async () => {
      const before = fatalCount();
      await waitFor('a fatal log line', async () => fatalCount() > before, 6000);
    },
    async () => {
      const n = fatalCount();
      await sleep(2500);
      assert(fatalCount() === n, 'fatal lines continue after switch-off');
    },
  );
  await faultCheck(
    'wrong-version',
    '/healthz and header report 2.3.9',
    async () => {
      const r = await api('GET', '/healthz');
      assert(
        r.status === 200 && r.json?.build?.version === '2.3.9' && r.headers['x-orders-version'] === '2.3.9',
        show(r),
      );
    },
    async () => assert((await api('GET', '/healthz')).json?.build?.version === '2.4.0', 'version not restored'),
  );
  await faultCheck(
    'schema-violation',
    'quantity / price_cents as strings',
    async () => {
      const l = await api('GET', '/v2/orders', withToken());
      assert(
        l.status === 200 && l.json.data.length > 0 && l.json.data.every((o) => typeof o.quantity === 'string'),
        show(l),
      );
      const c = await api('GET', '/v2/catalog');
      assert(c.status === 200 && c.json.items.every((i) => typeof i.price_cents === 'string'), show(c));
    },
    async () => assert(Number.isInteger((await api('GET', '/v2/catalog')).json.items[0].price_cents), 'not restored'),
  );
  await faultCheck(
    'malformed-500',
    'malformed JSON -> 500 problem, no crash',
    async () => {
      const before = restartCount();
      expectProblem(await api('POST', '/v2/orders', { ...withToken(), body: '{"sku":' }), 500, 'internal-error');
      expectProblem(await api('POST', '/v2/session', { body: 'not json' }), 500, 'internal-error');
      assert((await api('GET', '/healthz')).status === 200 && restartCount() === before, 'process restarted');
    },
    async () =>
      expectProblem(await api('POST', '/v2/orders', { ...withToken(), body: '{"sku":' }), 400, 'malformed-json'),
  );
  await crashCheck(
    'crash-on-foreign-origin',
    '500 then exit 1, restarted',
    async () => {
      expectProblem(await api('GET', '/v2/catalog', { headers: { Origin: FOREIGN } }), 500, 'internal-error');
    },
    async () =>
      assert((await api('GET', '/v2/catalog', { headers: { Origin: FOREIGN } })).status === 200, 'still failing'),
  );
  await crashCheck(
    'crash-on-malformed',
    'malformed JSON kills the process, restarted',
    async () => {
      const r = await api('POST', '/v2/session', { body: '{"email":' });
      assert(r.error && r.error !== 'timeout', `expected a reset connection, got ${show(r)}`);
    },
    async () => expectProblem(await api('POST', '/v2/session', { body: '{"email":' }), 400, 'malformed-json'),
  );
  await faultCheck('rate-limit-all', '30 requests / 60 s on every route, then 429', async () => {
    for (let i = 1; i <= 30; i += 1) {
      const r = await api('GET', i % 2 ? '/healthz' : '/v2/catalog');
      assert(r.status === 200, `request ${i}: ${show(r)}`);
    }
    for (const path of ['/healthz', '/metrics', '/v2/orders']) {
      const r = await api('GET', path, { headers: { 'X-Metrics-Key': S.metrics, ...auth(ctx.token) } });
      expectProblem(r, 429, 'rate-limited');
      assert(
        Number(r.headers['retry-after']) >= 1 && Number(r.headers['retry-after']) <= 60,
        `Retry-After ${r.headers['retry-after']}`,
      );
    }
    await setFaults([]); // the readiness wait in faultCheck must not hit the limit
  });
  await faultCheck(
    'plain-401',
    'protected routes refuse with a plain-text 401',
    async () => {
      const r = await api('GET', '/v2/orders');
      assert(r.status === 401 && r.text === 'Unauthorized' && r.json === undefined, show(r));
      assert((await api('GET', '/v2/orders', withToken())).status === 200, 'valid token not served');
    },
    async () => expectProblem(await api('GET', '/v2/orders'), 401, 'unauthorized'),
  );
}

async function rollback() {
  await check('migrate rollback (2.4.0) reverts batch 2 only, note column gone', async () => {
    const out = migrate(IMG.cand, 'rollback');
    assert(JSON.stringify(out.reverted) === JSON.stringify([M2]), JSON.stringify(out));
    assert(psql("SELECT string_agg(name, ',' ORDER BY id) FROM knex_migrations") === M1, 'knex_migrations rows');
    const col = psql(
      "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'note'",
    );
    assert(col === '0', 'note column still there');
  });
  await check('api 2.3.0 on schema 1: healthz 200 version 2.3.0, orders work without note', async () => {
    compose(['up', '-d', 'api'], { ORDERS_APP_IMAGE: IMG.prev });
    await waitHealthyContainer('api');
    const h = await api('GET', '/healthz');
    assert(
      h.status === 200 && h.json?.build?.version === '2.3.0' && h.headers['x-orders-version'] === '2.3.0',
      show(h),
    );
    const token = await login();
    const c = await api('POST', '/v2/orders', { headers: auth(token), body: { sku: 'SKU-2', quantity: 4 } });
    assert(c.status === 201, show(c));
    expectOrder(c.json, false);
    const l = await api('GET', '/v2/orders', { headers: auth(token) });
    assert(l.status === 200 && l.json.meta.total >= 1, show(l));
    l.json.data.forEach((o) => expectOrder(o, false));
    const s = migrate(IMG.prev, 'status');
    assert(s.pending.length === 0 && s.ahead.length === 0 && s.applied.length === 1, JSON.stringify(s));
  });
  await check('FAULTS env applies at startup (2.3.0 with ORDERS_FAULTS=metrics-open)', async () => {
    compose(['up', '-d', 'api'], { ORDERS_APP_IMAGE: IMG.prev, ORDERS_FAULTS: 'metrics-open' });
    await waitHealthyContainer('api');
    const f = await request(PORTS.control, 'GET', '/faults');
    assert(JSON.stringify(f.json?.faults) === '["metrics-open"]', show(f));
    assert((await api('GET', '/metrics')).status === 200, 'metrics not open');
  });
  await check('migrate rollback --to <name> and --to <count>; usage error exits 2', async () => {
    assert(JSON.stringify(migrate(IMG.cand, 'latest').applied) === JSON.stringify([M2]), 're-apply migration 2');
    assert(JSON.stringify(migrate(IMG.cand, 'rollback', '--to', M1).reverted) === JSON.stringify([M2]), '--to name');
    assert(JSON.stringify(migrate(IMG.cand, 'rollback', '--to', '0').reverted) === JSON.stringify([M1]), '--to 0');
    assert(psql('SELECT count(*) FROM knex_migrations') === '0', 'knex_migrations not empty');
    assert(psql("SELECT to_regclass('public.orders') IS NULL") === 't', 'orders table still there');
    const bad = run(
      'docker-compose',
      [
        '-p',
        project,
        '-f',
        join(here, 'docker-compose.yml'),
        'run',
        '--rm',
        '--no-deps',
        'api',
        'node',
        'migrate.js',
        'sideways',
      ],
      { env: composeEnv() },
    );
    assert(bad.code === 2, `usage exit code ${bad.code}`);
  });
}

async function logs() {
  await check('logs: pino-style JSON lines, one per request, no secrets', async () => {
    const out = apiStdout();
    const lines = out.split('\n').filter(Boolean);
    assert(lines.length > 0, 'no log lines');
    for (const line of lines) {
      const j = JSON.parse(line);
      assert([30, 40, 50, 60].includes(j.level) && Number.isInteger(j.time) && typeof j.msg === 'string', line);
    }
    const req = lines.map((l) => JSON.parse(l)).filter((j) => j.msg === 'request');
    assert(
      req.some((j) => j.method === 'POST' && j.path === '/v2/orders' && j.status === 201 && typeof j.ms === 'number'),
      'request lines',
    );
    for (const [name, value] of Object.entries({ ...S, token: ctx.token }))
      assert(!out.includes(value), `secret ${name} logged`);
  });
}

async function main() {
  const watchdog = setTimeout(() => {
    console.log(`FAIL  global deadline of ${GLOBAL_DEADLINE_MS / 1000} s exceeded`);
    teardown();
    process.exit(1);
  }, GLOBAL_DEADLINE_MS);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      teardown();
      process.exit(130);
    });
  }
  try {
    await setup();
    if (results.every((r) => r.ok)) {
      await baseline();
      await faults();
      await logs();
      await rollback();
    }
  } catch (err) {
    results.push({ name: 'setup', ok: false });
    console.log(`FAIL  ${err.message}`);
  } finally {
    teardown();
    clearTimeout(watchdog);
  }
  const failed = results.filter((r) => !r.ok).length;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${failed ? 'FAILED' : 'OK'}: ${results.length - failed} passed, ${failed} failed in ${secs} s`);
  process.exit(failed ? 1 : 0);
}

main();
