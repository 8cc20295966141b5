import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { formatConfigIssues, loadConfig, type ConfigResult } from '../../core/config/load-config.ts';
import { envSchema, SECRET_VARIABLES } from '../../core/config/schema.ts';
import { createSut } from '../../target/sut.ts';

/** A folder without .env.staging or setup.env: only the variables a test passes count. */
const EMPTY_DIR = mkdtempSync(join(tmpdir(), 'staging-gate-bad-input-'));
/** The reference stack's profile, named absolutely: the default path would resolve inside EMPTY_DIR. */
const REFERENCE_PROFILE = resolve(import.meta.dirname, '../../reference-stack/profile.ts');
const EXTERNAL = {
  STAGING_TARGET: 'external',
  STAGING_TARGET_FILE: REFERENCE_PROFILE,
  STAGING_API_URL: 'http://127.0.0.1:3001',
  STAGING_FRONTEND_URL: 'http://127.0.0.1:4001',
  DATABASE_URL: 'postgres://medianest:db-password-0123456789@127.0.0.1:5432/medianest',
  REDIS_URL: 'redis://127.0.0.1:6379',
  // The reference profile's deploy.variables name these templates; the config asks for them on every target.
  STAGING_DB_PASSWORD: 'db-password-0123456789',
  STAGING_AUTH_SECRET: 'auth-secret-0123456789',
  STAGING_ADMIN_PASSWORD: 'admin-password-0123456789',
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

test('the baseline external configuration is valid: every rejection below is the bad value alone', () => {
  const result = load({});
  expect(result.ok ? [] : result.issues).toEqual([]);
});

test.describe('empty values count as missing', () => {
  test('an empty or blank optional variable falls back to its default', () => {
    // The reference target takes its URLs from the profile's templates: `${STAGING_BACKEND_PORT:-3001}`.
    const result = loadConfig(
      {
        STAGING_TARGET_FILE: REFERENCE_PROFILE,
        STAGING_DB_PASSWORD: 'db-password-0123456789',
        STAGING_AUTH_SECRET: 'auth-secret-0123456789',
        STAGING_ADMIN_PASSWORD: 'admin-password-0123456789',
        STAGING_BACKEND_PORT: '',
        STAGING_HTTP_TIMEOUT_MS: '   ',
        STAGING_FAULTS: '',
      },
      EMPTY_DIR,
    );
    expect(result.ok ? [] : result.issues).toEqual([]);
    if (!result.ok) return;
    expect(result.config.apiUrl).toBe('http://127.0.0.1:3001');
    expect(result.config.compose?.variables.STAGING_BACKEND_PORT).toBe('3001');
    expect(result.config.compose?.variables.STAGING_FAULTS).toBe('');
    expect(result.config.httpTimeoutMs).toBe(5000);
    expect(createSut(result.config).healthUrls).toEqual(['http://127.0.0.1:3001/api/health']);
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
    ['STAGING_NONCRITICAL_SERVICES', 'frontend,redis>/tmp/x'],
    ['STAGING_EXPECTED_VERSION', '1.1.0;id'],
    ['STAGING_ROLLBACK_COMMAND', `npm run rollback; touch ${marker}`],
  ];
  for (const [variable, value] of cases) {
    test(`${variable}='${value}' is a configuration error naming ${variable}`, () => expectRejected(variable, value));
  }

  /**
   * The reference stack's own variables are no longer gate variables: its profile reads them through
   * `${VAR}` templates and hands them to compose as data (never through a shell, see the source scan below).
   */
  const profileVariables: [string, string][] = [
    ['STAGING_FAULTS', `$(touch ${marker})`],
    ['STAGING_FAULTS', `unhealthy,\`touch ${marker}\``],
    ['STAGING_APP_IMAGE', `img:1 && touch ${marker}`],
    ['STAGING_DB_USER', `medianest'; DROP TABLE media_requests; --`],
    ['STAGING_DB_NAME', 'medianest;touch'],
    ['STAGING_ADMIN_USER', 'admin$(id)'],
  ];
  for (const [variable, value] of profileVariables) {
    test(`${variable}='${value}' reaches compose verbatim, as one value, never as a command`, () => {
      const result = loadConfig(
        {
          STAGING_TARGET_FILE: REFERENCE_PROFILE,
          STAGING_DB_PASSWORD: 'db-password-0123456789',
          STAGING_AUTH_SECRET: 'auth-secret-0123456789',
          STAGING_ADMIN_PASSWORD: 'admin-password-0123456789',
          [variable]: value,
        },
        EMPTY_DIR,
      );
      expect(result.ok ? [] : result.issues).toEqual([]);
      if (!result.ok) return;
      expect(result.config.compose?.variables[variable]).toBe(value);
    });
  }
  test("STAGING_PREVIOUS_APP_IMAGE='img:1|touch ...' is the previous release's image, verbatim", () => {
    const value = `img:1|touch ${marker}`;
    const result = loadConfig(
      {
        STAGING_TARGET_FILE: REFERENCE_PROFILE,
        STAGING_DB_PASSWORD: 'db-password-0123456789',
        STAGING_AUTH_SECRET: 'auth-secret-0123456789',
        STAGING_ADMIN_PASSWORD: 'admin-password-0123456789',
        STAGING_PREVIOUS_APP_IMAGE: value,
      },
      EMPTY_DIR,
    );
    expect(result.ok && result.config.releases.previous).toEqual({ image: value, version: '1.0.0' });
  });
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
  /** A YAML profile whose health endpoints and metrics path are `paths`; loaded as an external target. */
  function withPaths(health: readonly string[], metrics: string): ConfigResult {
    const dir = mkdtempSync(join(EMPTY_DIR, 'profile-'));
    const file = join(dir, 'profile.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'hostile paths',
        services: [{ name: 'api', role: 'api' }],
        urls: { api: 'http://127.0.0.1:3001' },
        health: { endpoints: health.map((path) => ({ path })) },
        metrics: { path: metrics },
      }),
    );
    return loadConfig(
      { STAGING_TARGET: 'external', STAGING_API_URL: 'http://127.0.0.1:3001', STAGING_TARGET_FILE: file },
      EMPTY_DIR,
    );
  }

  /** Refused naming the profile field, or accepted only when the probe URL stays on the api host. */
  function expectContained(result: ConfigResult, field: string, value: string): void {
    if (!result.ok) {
      const issue = result.issues.find((i) => i.variable === 'STAGING_TARGET_FILE');
      expect(issue?.message, `${field}=${JSON.stringify(value)}`).toContain(`${field}:`);
      return;
    }
    const sut = createSut(result.config);
    for (const url of [...sut.healthUrls, sut.metricsUrl ?? '']) {
      expect(URL.canParse(url) ? new URL(url).host : url, `${field}=${JSON.stringify(value)} -> ${url}`).toBe(
        '127.0.0.1:3001',
      );
    }
  }

  for (const value of paths) {
    test(`profile health path ${JSON.stringify(value)} cannot send the health probe to another host`, () =>
      expectContained(withPaths([value], '/api/metrics'), 'health.endpoints.0.path', value));
    test(`profile metrics path ${JSON.stringify(value)} cannot send the metrics probe to another host`, () =>
      expectContained(withPaths(['/api/health'], value), 'metrics.path', value));
  }

  test('scheme-, host- and whitespace-shaped paths are refused by the profile, naming the field', () => {
    for (const value of ['@evil.example/x', '//evil.example', 'http://evil.example/', '/api/health\r\nHost: x']) {
      const result = withPaths([value], '/api/metrics');
      expect(result.ok, JSON.stringify(value)).toBe(false);
    }
  });

  test('one hostile path in a list of health endpoints is enough to refuse the profile', () => {
    const result = withPaths(['/api/health', '//evil.example'], '/api/metrics');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : formatConfigIssues(result.issues)).toContain('health.endpoints.1.path');
  });

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
    'STAGING_TARGET_FILE',
    'STAGING_LOG_ALLOWLIST',
  ]);
  const structured = Object.keys(envSchema.shape).filter((v) => !FREE_FORM.has(v));

  test('every structured variable refuses a 100 KB value, naming the variable and what it expected', () => {
    for (const variable of structured) {
      for (const value of [HUGE, `/${HUGE}`, `http://${HUGE}.example`]) {
        expectRejected(variable, value);
        const result = load({ [variable]: value });
        const message = result.ok ? '' : (result.issues.find((i) => i.variable === variable)?.message ?? '');
        expect(message, `${variable}: the message says what was expected`).toMatch(/^expected /);
      }
    }
  });

  test('file paths, secrets and the log allowlist refuse a 100 KB value at the 4096-character limit', () => {
    for (const variable of FREE_FORM) {
      const result = load({ [variable]: HUGE });
      expect.soft(result.ok, variable).toBe(false);
      const issue = result.ok ? undefined : result.issues.find((i) => i.variable === variable);
      const limit = variable === 'STAGING_LOG_ALLOWLIST' ? 512 : 4096;
      expect.soft(issue?.message, variable).toContain(`expected at most ${limit} characters`);
    }
    // The limit itself is accepted for paths: 4096 characters is a long path, not a mistake.
    expect(load({ STAGING_OUTPUT_DIR: `/tmp/${'a'.repeat(4091)}` }).ok).toBe(true);
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
