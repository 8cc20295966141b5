import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test, expect } from '@playwright/test';
import { formatConfigIssues, loadConfig, type ConfigResult } from '../../core/config/load-config.ts';
import { envSchema, SECRET_VARIABLES } from '../../core/config/schema.ts';

/** A folder without .env.staging or setup.env: only the variables a test passes count. */
const EMPTY_DIR = mkdtempSync(join(tmpdir(), 'staging-gate-bad-input-'));
const EXTERNAL = {
  STAGING_TARGET: 'external',
  STAGING_API_URL: 'http://127.0.0.1:3001',
  STAGING_FRONTEND_URL: 'http://127.0.0.1:4001',
  DATABASE_URL: 'postgres://medianest:db-password-0123456789@127.0.0.1:5432/medianest',
  REDIS_URL: 'redis://127.0.0.1:6379',
};
const HUGE = 'a'.repeat(100 * 1024);

const load = (env: Record<string, string>): ConfigResult => loadConfig({ ...EXTERNAL, ...env }, EMPTY_DIR);

/** The value is refused, the message names the variable, and neither the issue nor the report repeats the value. */
function expectRejected(variable: string, value: string): void {
  const result = load({ [variable]: value });
  const shown = value.length > 60 ? `${value.slice(0, 60)}... (${value.length} chars)` : value;
  expect(result.ok, `${variable}=${shown} was accepted`).toBe(false);
  if (result.ok) return;
  expect(
    result.issues.map((i) => i.variable),
    `${variable}=${shown}`,
  ).toContain(variable);
  const report = formatConfigIssues(result.issues);
  expect(report, 'the report names the variable').toContain(`${variable}:`);
  // Short values (a port, a word) may occur in any text by chance; longer ones must not be echoed.
  if (value.length >= 8) expect(report.includes(value), `the report repeats the value of ${variable}`).toBe(false);
}

test.describe('empty values count as missing', () => {
  test('an empty or blank optional variable falls back to its default', () => {
    const result = load({ STAGING_BACKEND_PORT: '', STAGING_HTTP_TIMEOUT_MS: '   ', STAGING_HEALTH_PATHS: '' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.ports.backend).toBe(3001);
    expect(result.config.httpTimeoutMs).toBe(5000);
    expect(result.config.healthPaths).toEqual(['/api/health']);
  });

  test('an empty variable the target requires is named as required', () => {
    for (const variable of ['STAGING_API_URL', 'STAGING_FRONTEND_URL', 'DATABASE_URL', 'REDIS_URL']) {
      const result = load({ [variable]: '' });
      expect(result.ok ? [] : result.issues, variable).toContainEqual({
        variable,
        message: expect.stringContaining('required when STAGING_TARGET=external'),
      });
    }
  });
});

test.describe('wrong types', () => {
  const cases: [string, string][] = [
    ['STAGING_BACKEND_PORT', 'abc'],
    ['STAGING_BACKEND_PORT', '0'],
    ['STAGING_FRONTEND_PORT', '70000'],
    ['STAGING_POSTGRES_PORT', '-1'],
    ['STAGING_REDIS_PORT', '0x1f'],
    ['STAGING_TARGET', 'prod'],
    ['STAGING_TARGET', 'External'],
    ['STAGING_HTTP_TIMEOUT_MS', '5s'],
    ['STAGING_STARTUP_TIMEOUT_MS', '1e5'],
    ['STAGING_GRANTS', 'deploy,admin'],
    ['STAGING_IMAGE_SOURCE', 'docker'],
    ['STAGING_REDIS_REQUIRE_AUTH', 'yes'],
    ['STAGING_PREVIOUS_MIGRATION_VERSION', 'v1'],
    ['STAGING_EXPECTED_VERSION', '1.1.0 beta'],
    ['STAGING_ROLLBACK_COMMAND', '{"cmd":"npm"}'],
  ];
  for (const [variable, value] of cases) {
    test(`${variable}=${value} is a configuration error naming ${variable}`, () => expectRejected(variable, value));
  }

  test('a zero timeout is a configuration error (0 disables pg and Redis command timeouts)', () => {
    expectRejected('STAGING_HTTP_TIMEOUT_MS', '0');
  });
});

test.describe('shell-shaped values', () => {
  const marker = '/tmp/sg-pwned-unit';
  const cases: [string, string][] = [
    ['STAGING_COMPOSE_PROJECT', `x; touch ${marker}`],
    ['STAGING_FAULTS', `$(touch ${marker})`],
    ['STAGING_FAULTS', `unhealthy,\`touch ${marker}\``],
    ['STAGING_APP_IMAGE', `img:1 && touch ${marker}`],
    ['STAGING_PREVIOUS_APP_IMAGE', `img:1|touch ${marker}`],
    ['STAGING_DB_USER', `medianest'; DROP TABLE media_requests; --`],
    ['STAGING_DB_NAME', 'medianest;touch'],
    ['STAGING_ADMIN_USER', 'admin$(id)'],
    ['STAGING_NONCRITICAL_SERVICES', 'frontend,redis>/tmp/x'],
    ['STAGING_EXPECTED_VERSION', '1.1.0;id'],
    ['STAGING_ROLLBACK_COMMAND', `npm run rollback; touch ${marker}`],
  ];
  for (const [variable, value] of cases) {
    test(`${variable}='${value}' is a configuration error naming ${variable}`, () => expectRejected(variable, value));
  }
});

test.describe('URL-injection-shaped values', () => {
  const paths = [
    '@evil.example/x',
    '//evil.example',
    '//evil.example/api/health',
    'http://evil.example/',
    '/api/health?next=http://evil.example',
    '/\\evil.example',
    '/api/health\r\nHost: evil.example',
  ];
  for (const variable of ['STAGING_HEALTH_PATHS', 'STAGING_METRICS_PATH']) {
    for (const value of paths) {
      test(`${variable}=${JSON.stringify(value)} is a configuration error naming ${variable}`, () =>
        expectRejected(variable, value));
    }
  }

  test('one hostile path in a list of health paths is enough to refuse the list', () =>
    expectRejected('STAGING_HEALTH_PATHS', '/api/health,//evil.example'));

  const urls: [string, string][] = [
    ['STAGING_API_URL', 'javascript:alert(1)'],
    ['STAGING_FRONTEND_URL', 'file:///etc/passwd'],
    ['DATABASE_URL', 'http://evil.example/medianest'],
    ['REDIS_URL', 'gopher://127.0.0.1:6379/_FLUSHALL'],
    ['STAGING_WEBHOOK_URL', 'ftp://evil.example/hook'],
  ];
  for (const [variable, value] of urls) {
    test(`${variable}=${value} is a configuration error naming ${variable}`, () => expectRejected(variable, value));
  }
});

test.describe('huge values (100 KB)', () => {
  /** Free-form strings: file paths, secrets and the log allowlist have no shape to check, only a length. */
  const FREE_FORM = new Set<string>([
    ...SECRET_VARIABLES.filter((v) => !v.endsWith('_URL')),
    'STAGING_ENV_FILE',
    'STAGING_COMPOSE_FILE',
    'STAGING_OUTPUT_DIR',
    'STAGING_HISTORY_FILE',
    'STAGING_POLICY_FILE',
    'STAGING_LOG_FILE',
    'STAGING_MIGRATIONS_DIR',
    'STAGING_LOG_ALLOWLIST',
  ]);
  const structured = Object.keys(envSchema.shape).filter((v) => !FREE_FORM.has(v));

  test('every structured variable refuses a 100 KB value, naming the variable, within 100 ms', () => {
    for (const variable of structured) {
      for (const value of [HUGE, `/${HUGE}`, `http://${HUGE}.example`]) {
        const started = performance.now();
        expectRejected(variable, value);
        expect(performance.now() - started, `${variable}: parse time of a 100 KB value`).toBeLessThan(100);
      }
    }
  });

  test('file paths, secrets and the log allowlist refuse a 100 KB value, naming the variable', () => {
    for (const variable of FREE_FORM) expect.soft(load({ [variable]: HUGE }).ok, variable).toBe(false);
  });
});

test.describe('external commands never go through a shell', () => {
  const ROOTS = ['fixtures', 'reporters', 'scripts', 'load'];
  const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (name === 'node_modules') return [];
      if (statSync(path).isDirectory()) return sources(path);
      return SOURCE.test(name) ? [path] : [];
    });
  }

  test('no source file under fixtures/, reporters/, scripts/ or load/ uses exec, execSync or shell: true', () => {
    const files = ROOTS.flatMap((root) => sources(root));
    expect(files.length, 'source files found').toBeGreaterThan(20);
    const offences: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const where = relative('.', file);
      for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"](?:node:)?child_process['"]/g)) {
        const names = (m[1] ?? '').split(',').map((n) => n.trim().split(/\s+as\s+/)[0]);
        for (const name of names.filter((n) => n === 'exec' || n === 'execSync'))
          offences.push(`${where}: imports ${name} from child_process`);
      }
      if (
        /import\s+\*\s+as\s+\w+\s+from\s*['"](?:node:)?child_process['"]|require\(\s*['"](?:node:)?child_process/.test(
          text,
        )
      )
        offences.push(`${where}: imports child_process whole (use named execFile/spawn imports)`);
      if (/\bchild_process\s*\.\s*exec(Sync)?\s*\(/.test(text)) offences.push(`${where}: child_process.exec`);
      if (/\bshell\s*:\s*(true|['"`])/.test(text)) offences.push(`${where}: shell option`);
      if (/['"`](?:\/bin\/)?(ba|da|z)?sh['"`]\s*,\s*\[\s*['"`]-c['"`]/.test(text))
        offences.push(`${where}: runs a shell with -c`);
    }
    expect(offences).toEqual([]);
  });
});
