// One scenario per fault switch: recreate the service(s) with STAGING_FAULTS=<fault>, prove the effect.
import vm from 'node:vm';
import { expectSecurityHeaders, login } from './baseline.js';
import { renderPage } from './browser.js';
import { expect, request } from './http.js';

const loginBody = { username: 'admin', password: 'wrong' };
const logins = async (api, n, headersFor = () => ({})) => {
  const statuses = [];
  for (let i = 0; i < n; i += 1) {
    statuses.push(
      (await request(`${api}/api/auth/login`, { method: 'POST', body: loginBody, headers: headersFor(i) })).status,
    );
  }
  return statuses;
};

// wait: 'healthy' (docker health), 'answers' (any HTTP answer on the API), 'none' (the test waits itself).
export const SCENARIOS = [
  {
    fault: 'unhealthy',
    wait: 'answers',
    verify: async ({ api }) => {
      for (const path of ['/health', '/api/health', '/api/v1/health']) {
        const res = await request(`${api}${path}`);
        expect(res.status === 503 && res.json.status === 'down', `${path}: ${res.status} ${res.text}`);
      }
      return 'all three health routes 503 down';
    },
  },
  {
    fault: 'slow-health',
    wait: 'healthy',
    verify: async ({ api }) => {
      const res = await request(`${api}/api/health`);
      expect(res.status === 200 && res.ms >= 700, `${res.status} in ${res.ms} ms`);
      return `200 in ${res.ms} ms`;
    },
  },
  {
    fault: 'health-lies',
    wait: 'healthy',
    verify: async ({ api, compose }) => {
      await compose.stop(['postgres']);
      try {
        const res = await request(`${api}/api/health`);
        expect(res.status === 200 && res.json.checks.postgres.status === 'ok', `${res.status} ${res.text}`);
        return 'postgres stopped, health still 200 ok';
      } finally {
        await compose.start(['postgres']);
      }
    },
  },
  {
    fault: 'failing-migration',
    wait: 'none',
    verify: async ({ compose }) => {
      const reset = await compose.migrate(['down', '--to', '0']);
      expect(reset.code === 0, `down --to 0 failed: ${reset.stderr}`);
      const failed = await compose.migrate(['up'], { STAGING_FAULTS: 'failing-migration' });
      const status = JSON.parse((await compose.migrate(['status'])).stdout.trim());
      const restored = await compose.migrate(['up']);
      expect(restored.code === 0, `restoring up failed: ${restored.stderr}`);
      expect(failed.code !== 0, 'migrate up succeeded');
      expect(/0002_add_priority failed/.test(failed.stderr), `stderr: ${failed.stderr}`);
      const applied = status.applied.map((m) => m.version).join(',');
      expect(applied === '1' && status.pending.map((m) => m.version).join(',') === '2', JSON.stringify(status));
      const message = failed.stderr.split('\n').find((line) => line.startsWith('migrate:'));
      return `exit ${failed.code}, "${message}", applied [1] pending [2]`;
    },
  },
  {
    fault: 'missing-header',
    services: ['backend', 'frontend'],
    wait: 'healthy',
    verify: async ({ api, web }) => {
      for (const url of [`${api}/api/health`, `${web}/`]) {
        const res = await request(url);
        for (const name of ['content-security-policy', 'x-content-type-options', 'x-frame-options']) {
          expect(!(name in res.headers), `${url} still sends ${name}`);
        }
      }
      return 'no CSP / XCTO / XFO on backend and frontend';
    },
  },
  {
    fault: 'fatal-log',
    wait: 'healthy',
    verify: async ({ compose }) => {
      await new Promise((resolve) => setTimeout(resolve, 5500));
      const fatal = (await compose.logs('backend')).split('\n').filter((line) => line.includes('"level":"fatal"'));
      expect(fatal.length >= 2, `${fatal.length} fatal lines`);
      return `${fatal.length} fatal lines after ~6 s`;
    },
  },
  {
    fault: 'slow-api',
    wait: 'healthy',
    verify: async ({ api, env }) => {
      const token = await login(api, env);
      const res = await request(`${api}/api/media-requests`, { headers: { authorization: `Bearer ${token}` } });
      const unauth = await request(`${api}/api/media-requests`);
      expect(res.status === 200 && res.ms >= 800, `${res.status} in ${res.ms} ms`);
      expect(unauth.status === 401 && unauth.ms < 200, `401 took ${unauth.ms} ms`);
      return `authorized list ${res.ms} ms, 401 ${unauth.ms} ms`;
    },
  },
  {
    fault: 'auth-bypass',
    wait: 'healthy',
    verify: async ({ api }) => {
      const res = await request(`${api}/api/media-requests`);
      expect(res.status === 200, `${res.status}`);
      return 'GET /api/media-requests without token 200';
    },
  },
  {
    fault: 'hang-auth',
    wait: 'healthy',
    verify: async ({ api }) => {
      const outcome = await request(`${api}/api/media-requests`, { timeoutMs: 3000 }).then(
        (res) => `answered ${res.status}`,
        (err) => err.message,
      );
      expect(/no answer/.test(outcome), outcome);
      return 'no answer within 3 s';
    },
  },
  {
    fault: 'crash-on-malformed-json',
    wait: 'healthy',
    verify: async ({ api, compose }) => {
      const outcome = await request(`${api}/api/auth/login`, { method: 'POST', body: '{bad' }).then(
        (res) => `answered ${res.status}`,
        (err) => err.message,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const state = await compose.state('backend');
      expect(state === 'exited 1', `container state ${state}, request: ${outcome}`);
      return `request: ${outcome}; container ${state}`;
    },
  },
  {
    fault: 'broken-frontend-script',
    services: ['frontend'],
    wait: 'healthy',
    verify: async ({ web }) => {
      const res = await request(`${web}/app.js`);
      const document = { title: '', getElementById: () => ({ dataset: {} }) };
      let thrown = null;
      try {
        vm.runInNewContext(res.text, { document, fetch: () => new Promise(() => {}) });
      } catch (err) {
        thrown = err;
      }
      expect(thrown?.name === 'TypeError', `app.js threw ${thrown?.name ?? 'nothing'}`);
      const shown = await renderPage(`${web}/`);
      if (!shown) return `app.js throws ${thrown.name} (no browser to confirm)`;
      expect(shown.errors.some((e) => e.startsWith('TypeError')) && !shown.ready, JSON.stringify(shown));
      return `Chromium pageerror: ${shown.errors[0]}`;
    },
  },
  {
    fault: 'slow-startup',
    // 8 s instead of the default 35 s: the switch's effect shows as well, and the self-check waits less.
    env: { STAGING_FAULT_SLOW_STARTUP_MS: '8000' },
    wait: 'none',
    verify: async ({ api, waitAnswers }) => {
      // Timed from compose's return, when the process has already started waiting (7.8 s seen on a busy
      // machine); without the switch the backend answers within 2 s.
      const ms = await waitAnswers(api, 60000);
      expect(ms >= 6000, `answered after ${ms} ms`);
      return `first answer ${ms} ms after recreate (FAULT_SLOW_STARTUP_MS 8000)`;
    },
  },
  {
    fault: 'broken-previous-release',
    env: { STAGING_APP_IMAGE: 'staging-gate/reference-app:1.0.0' },
    wait: 'none',
    verify: async ({ compose }) => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const state = await compose.state('backend');
      const fatal = (await compose.logs('backend')).includes('"level":"fatal"');
      expect(state === 'exited 1' && fatal, `state ${state}, fatal logged ${fatal}`);
      return `1.0.0 backend ${state}, fatal logged`;
    },
  },
  {
    fault: 'leak-secret',
    wait: 'healthy',
    verify: async ({ api, env }) => {
      const res = await request(`${api}/api/health`);
      expect(res.text.includes(env.STAGING_AUTH_SECRET), 'secret not in body');
      return 'AUTH_SECRET in health body (debug.authSecret)';
    },
  },
  {
    fault: 'cors-wildcard',
    wait: 'healthy',
    verify: async ({ api }) => {
      const res = await request(`${api}/api/health`, { headers: { origin: 'https://evil.example' } });
      const acao = res.headers['access-control-allow-origin'];
      const acac = res.headers['access-control-allow-credentials'];
      expect(acao === '*' && acac === 'true', `ACAO ${acao} ACAC ${acac}`);
      return 'ACAO * with ACAC true';
    },
  },
  {
    fault: 'no-rate-limit',
    wait: 'healthy',
    verify: async ({ api }) => {
      const statuses = await logins(api, 20);
      expect(!statuses.includes(429), `got 429`);
      return '20 logins, no 429';
    },
  },
  {
    fault: 'rate-limit-xff-bypass',
    wait: 'healthy',
    verify: async ({ api }) => {
      const spoofed = await logins(api, 20, (i) => ({ 'x-forwarded-for': `203.0.113.${i + 1}` }));
      const plain = await logins(api, 20);
      expect(!spoofed.includes(429), 'spoofed X-Forwarded-For still limited');
      expect(plain.includes(429), 'plain requests never limited');
      return '20 logins with rotating XFF no 429; without XFF 429';
    },
  },
  {
    fault: 'x-powered-by',
    wait: 'healthy',
    verify: async ({ api }) => {
      const res = await request(`${api}/api/health`);
      expect(res.headers['x-powered-by'] === 'Express/4.17.1', `${res.headers['x-powered-by']}`);
      return 'X-Powered-By: Express/4.17.1';
    },
  },
  {
    fault: 'server-version-header',
    wait: 'healthy',
    verify: async ({ api }) => {
      const res = await request(`${api}/api/health`);
      expect(res.headers.server === 'nginx/1.18.0', `Server: ${res.headers.server}`);
      return 'Server: nginx/1.18.0';
    },
  },
  {
    fault: 'broken-cache',
    wait: 'healthy',
    verify: async ({ api, env }) => {
      const auth = { authorization: `Bearer ${await login(api, env)}` };
      const created = await request(`${api}/api/media-requests`, {
        method: 'POST',
        headers: auth,
        body: { title: 'selfcheck broken-cache', mediaType: 'movie' },
      });
      expect(created.status === 201, `create: ${created.status} ${created.text}`);
      const first = await request(`${api}/api/media-requests/${created.json.id}`, { headers: auth });
      const second = await request(`${api}/api/media-requests/${created.json.id}`, { headers: auth });
      await request(`${api}/api/media-requests/${created.json.id}`, { method: 'DELETE', headers: auth });
      expect(
        first.headers['x-cache'] === 'MISS' && second.headers['x-cache'] === 'MISS',
        `X-Cache ${first.headers['x-cache']}, ${second.headers['x-cache']}`,
      );
      return 'second read still X-Cache: MISS';
    },
  },
  {
    fault: 'metrics-down',
    wait: 'healthy',
    verify: async ({ api }) => {
      const res = await request(`${api}/api/metrics`);
      expect(res.status === 500 && res.json?.error?.code === 'metrics_unavailable', `${res.status}`);
      return '/api/metrics 500';
    },
  },
  {
    fault: '',
    label: 'METRICS_TOKEN set (configuration, not a fault)',
    env: { STAGING_METRICS_TOKEN: 'selfcheck-metrics-token' },
    wait: 'healthy',
    verify: async ({ api }) => {
      const bare = await request(`${api}/api/metrics`);
      const withToken = await request(`${api}/api/metrics`, {
        headers: { authorization: 'Bearer selfcheck-metrics-token' },
      });
      expect(bare.status === 401 && withToken.status === 200, `${bare.status} / ${withToken.status}`);
      expectSecurityHeaders(bare);
      return 'without token 401, with token 200';
    },
  },
];
