import type { CriterionId, Verdict } from '../../core/catalog.ts';

/**
 * The fault matrix as data: one broken thing per row, the check that must catch it and the decision it
 * must lead to. tests/self/fault-matrix.spec.ts runs every row against the real gate;
 * tests/self/fault-matrix-doc.ts renders docs/FAULT-MATRIX.md from it (with scripts/fault-matrix-doc.ts).
 *
 * Coverage rule (tests/unit/fault-matrix-doc.spec.ts): every catalog criterion is the `criterion` or the
 * `expected.criterion` of at least one row. A GO criterion is covered by the row whose check declares it
 * and whose failure hits its negation (health-200 -> service-unhealthy), and by the healthy GO row.
 */
export interface FaultCase {
  readonly id: string;
  /** The criterion the catching check declares with `criterion('...')`. */
  readonly criterion: CriterionId;
  /** Title of the check that catches the fault (the `check` of the expected reason), and its phase. */
  readonly check: string;
  readonly phase: string;
  /**
   * How the row runs. shared: against the one reference stack its worker started with the test-only control
   * port (tests/self/shared-reference-stack.ts), the fault switched there at run time, the gate as an external
   * target (STAGING_TARGET=external); an environment row there switches no fault, its files do the harm.
   * deployed: a gate run of its own with the row's env, which by default deploys, validates, rehearses the
   * rollback of and removes a reference stack (STAGING_TARGET=reference): faults only a deploy shows (a
   * migration, the previous release), the healthy stability row, and the env / environment rows that point the
   * gate elsewhere (as database-unreachable does) or stop it before a deploy.
   */
  readonly stack: 'shared' | 'deployed';
  readonly fault: {
    /** switch: a reference-stack fault switch; env: a gate variable; environment: what surrounds the gate. */
    readonly kind: 'switch' | 'env' | 'environment';
    /**
     * The row's variables. On a shared row STAGING_FAULTS and STAGING_FAULT_SLOW_*_MS become the control
     * port's PUT /faults (faults, slowHealthMs, slowApiMs); the rest (STAGING_NONCRITICAL_SERVICES...) goes to the gate.
     */
    readonly env: Readonly<Record<string, string>>;
    /** Files written into the run's folder, next to the `.env.staging` runGate points the gate at. */
    readonly files?: Readonly<Record<string, string>>;
    readonly describe: string;
  };
  readonly expected: {
    readonly verdict: Verdict;
    readonly criterion: CriterionId;
    /** Words the messages of the reasons naming the expected criterion must contain. */
    readonly message: readonly string[];
    /** Words the catching check's error in evidence.json must contain (a reason carries only its first line). */
    readonly error?: readonly string[];
  };
}

/** Nothing listens on these loopback ports: an external target whose services are all down. */
const CLOSED = { api: 1, frontend: 2, postgres: 3, redis: 4 } as const;

const FATAL_LOG = {
  id: 'fatal-log',
  criterion: 'no-critical-log-errors',
  check: 'no critical errors in application logs',
  phase: 'health',
  stack: 'shared',
  fault: {
    kind: 'switch',
    env: { STAGING_FAULTS: 'fatal-log' },
    describe: 'the backend logs a fatal line every 5 s',
  },
  expected: { verdict: 'NO-GO', criterion: 'service-unhealthy', message: ['critical log line', '"level":"fatal"'] },
} as const satisfies FaultCase;

export const FAULT_MATRIX = [
  {
    id: 'missing-env-config',
    criterion: 'missing-env-config',
    check: 'configuration is complete and valid for the chosen target',
    phase: 'preflight',
    stack: 'deployed',
    fault: { kind: 'env', env: { STAGING_BACKEND_PORT: 'notaport' }, describe: 'the backend port is not a number' },
    expected: {
      verdict: 'NO-GO',
      criterion: 'missing-env-config',
      message: ['STAGING_BACKEND_PORT', 'expected a TCP port number'],
    },
  },
  {
    id: 'database-unreachable',
    criterion: 'database-connectivity',
    check: 'PostgreSQL answers SELECT 1',
    phase: 'preflight',
    stack: 'deployed',
    fault: {
      kind: 'environment',
      env: {
        STAGING_TARGET: 'external',
        STAGING_API_URL: `http://127.0.0.1:${CLOSED.api}`,
        STAGING_FRONTEND_URL: `http://127.0.0.1:${CLOSED.frontend}`,
        DATABASE_URL: `postgres://medianest:closed-port@127.0.0.1:${CLOSED.postgres}/medianest`,
        REDIS_URL: `redis://127.0.0.1:${CLOSED.redis}`,
      },
      describe: `external target whose PostgreSQL port (127.0.0.1:${CLOSED.postgres}) is closed`,
    },
    expected: {
      verdict: 'NO-GO',
      criterion: 'database-connectivity-failed',
      message: ['PostgreSQL'],
      error: ['ECONNREFUSED', `nothing is listening on 127.0.0.1:${CLOSED.postgres}`],
    },
  },
  {
    // On the shared stack: the check reads two files and is the same on every target (a compose target's drift
    // is a row of tests/self/preflight-failures.spec.ts).
    id: 'env-drift',
    criterion: 'minor-config-adjustment',
    check: '.env.staging defines the same keys as .env.development',
    phase: 'preflight',
    stack: 'shared',
    fault: {
      kind: 'environment',
      env: {},
      files: {
        '.env.staging': 'STAGING_ADMIN_USER=admin\n',
        '.env.development': 'STAGING_ADMIN_USER=admin\nMEDIA_CDN_URL=http://127.0.0.1:8080\n',
      },
      describe: '.env.development has a key (MEDIA_CDN_URL) that .env.staging lacks',
    },
    expected: { verdict: 'CONDITIONAL', criterion: 'minor-config-adjustment', message: ['MEDIA_CDN_URL'] },
  },
  {
    id: 'failing-migration',
    criterion: 'all-phases-completed',
    check: 'database migrations apply within the policy',
    phase: 'infra',
    stack: 'deployed',
    fault: { kind: 'switch', env: { STAGING_FAULTS: 'failing-migration' }, describe: 'migration 0002 fails' },
    expected: {
      verdict: 'NO-GO',
      criterion: 'all-phases-completed',
      // The reason carries the start of the failing command, cut at a length the checkout's path moves; the
      // check's error has the whole command and the output.
      message: ['docker-compose'],
      error: ['run --rm --no-deps -T backend node migrate.js up` failed', 'column "rank" does not exist'],
    },
  },
  FATAL_LOG,
  {
    // The same fault on a stack the gate deploys: its log check reads the containers' own logs (the profile's
    // service log sources), where the shared row above reads the file an external target is given.
    ...FATAL_LOG,
    id: 'fatal-log-service-logs',
    stack: 'deployed',
    fault: {
      ...FATAL_LOG.fault,
      describe: "the backend logs a fatal line every 5 s, read from the deployed containers' logs",
    },
  },
  {
    id: 'broken-frontend-script',
    criterion: 'health-200',
    check: 'the front end loads in Chromium with its content, no console errors and no failed requests',
    phase: 'health',
    stack: 'shared',
    fault: {
      kind: 'switch',
      env: { STAGING_FAULTS: 'broken-frontend-script' },
      describe: "the frontend's /app.js throws a TypeError at load",
    },
    expected: {
      verdict: 'NO-GO',
      criterion: 'service-unhealthy',
      message: ["the page's script failed in Chromium", 'uncaught TypeError', "reading 'title'"],
      error: ['#backend-version', 'never appeared'],
    },
  },
  {
    id: 'non-critical-frontend',
    criterion: 'health-200',
    check: 'the front end loads in Chromium with its content, no console errors and no failed requests',
    phase: 'health',
    stack: 'shared',
    fault: {
      kind: 'switch',
      env: { STAGING_FAULTS: 'broken-frontend-script', STAGING_NONCRITICAL_SERVICES: 'frontend' },
      describe: 'broken /app.js on a frontend marked non-critical',
    },
    expected: {
      verdict: 'CONDITIONAL',
      criterion: 'non-critical-service-issue',
      message: ['frontend (non-critical by STAGING_NONCRITICAL_SERVICES)'],
    },
  },
  {
    id: 'slow-health',
    criterion: 'performance-in-range',
    check: 'health p95 latency over 20 probes is within the policy',
    phase: 'health',
    stack: 'shared',
    fault: {
      kind: 'switch',
      env: { STAGING_FAULTS: 'slow-health', STAGING_FAULT_SLOW_HEALTH_MS: '700' },
      describe: 'health answers after 700 ms (pass 500, warn 1000)',
    },
    expected: {
      verdict: 'CONDITIONAL',
      criterion: 'performance-slightly-outside',
      message: ['health.latency.p95', 'between pass and warn'],
    },
  },
  {
    id: 'broken-cache',
    criterion: 'integration-tests-failing',
    check: 'a media request flows through the API, PostgreSQL and the Redis cache, and is deleted',
    phase: 'integration',
    stack: 'shared',
    fault: { kind: 'switch', env: { STAGING_FAULTS: 'broken-cache' }, describe: 'reads are never written to Redis' },
    expected: { verdict: 'NO-GO', criterion: 'integration-tests-failing', message: ['Redis key media-request:'] },
  },
  {
    id: 'crash-on-malformed-json',
    criterion: 'service-unhealthy',
    check: 'malformed JSON gets a 4xx and the service still answers afterwards',
    phase: 'api',
    stack: 'shared',
    fault: {
      kind: 'switch',
      env: { STAGING_FAULTS: 'crash-on-malformed-json' },
      describe: 'an invalid JSON body crashes the backend',
    },
    expected: {
      verdict: 'NO-GO',
      criterion: 'service-unhealthy',
      message: ['POST http://127.0.0.1:', '/api/media-requests', 'reset'],
    },
  },
  {
    id: 'hang-auth',
    criterion: 'security-passed',
    check: 'protected routes answer 401 or 403 without a token within the limit',
    phase: 'api',
    stack: 'shared',
    fault: {
      kind: 'switch',
      env: { STAGING_FAULTS: 'hang-auth' },
      describe: 'protected routes never answer a request without a valid token',
    },
    expected: {
      verdict: 'NO-GO',
      criterion: 'critical-security-vulnerability',
      message: ['/api/media-requests', 'no answer within 2000 ms'],
    },
  },
  {
    id: 'auth-bypass',
    criterion: 'security-passed',
    check: 'protected routes answer 401 or 403 without a token within the limit',
    phase: 'api',
    stack: 'shared',
    fault: {
      kind: 'switch',
      env: { STAGING_FAULTS: 'auth-bypass' },
      describe: 'protected routes accept requests without a token',
    },
    expected: {
      verdict: 'NO-GO',
      criterion: 'critical-security-vulnerability',
      // The protected body itself stays out of the report: only its size.
      message: ['without a token answered 200', 'of what the route protects, not shown'],
    },
  },
  {
    id: 'cors-wildcard',
    criterion: 'security-passed',
    check: 'CORS allows no foreign origin and never a wildcard with credentials',
    phase: 'security',
    stack: 'shared',
    fault: {
      kind: 'switch',
      env: { STAGING_FAULTS: 'cors-wildcard' },
      describe: 'Access-Control-Allow-Origin: * with credentials',
    },
    expected: {
      verdict: 'NO-GO',
      criterion: 'critical-security-vulnerability',
      message: ['wildcard origin together with credentials'],
    },
  },
  {
    id: 'server-version-header',
    criterion: 'security-passed',
    check: 'responses leak no framework or server version',
    phase: 'security',
    stack: 'shared',
    fault: {
      kind: 'switch',
      env: { STAGING_FAULTS: 'server-version-header' },
      describe: 'every response says Server: nginx/1.18.0',
    },
    expected: { verdict: 'CONDITIONAL', criterion: 'minor-non-blocking-issue', message: ['nginx/1.18.0'] },
  },
  {
    id: 'slow-api-slight',
    criterion: 'performance-in-range',
    check: 'critical paths hold their thresholds under bounded load',
    phase: 'perf',
    stack: 'shared',
    fault: {
      kind: 'switch',
      env: { STAGING_FAULTS: 'slow-api', STAGING_FAULT_SLOW_API_MS: '650' },
      describe: 'authenticated API calls wait 650 ms (p95 pass 500 ms, warn 1000 ms; first run, no baseline)',
    },
    expected: {
      verdict: 'CONDITIONAL',
      criterion: 'performance-slightly-outside',
      message: ['perf.media-requests-list.http_req_duration.p95', 'between pass and warn'],
    },
  },
  {
    id: 'slow-api-significant',
    criterion: 'performance-in-range',
    check: 'critical paths hold their thresholds under bounded load',
    phase: 'perf',
    stack: 'shared',
    fault: {
      kind: 'switch',
      env: { STAGING_FAULTS: 'slow-api', STAGING_FAULT_SLOW_API_MS: '1500' },
      describe: 'authenticated API calls wait 1500 ms (p95 warn level 1000 ms)',
    },
    expected: {
      verdict: 'NO-GO',
      criterion: 'performance-significantly-degraded',
      message: ['perf.media-requests-list.http_req_duration.p95', 'beyond warn'],
    },
  },
  {
    id: 'broken-previous-release',
    criterion: 'rollback-ready',
    check: 'rollback to the previous release is rehearsed within 5 minutes and rolled forward',
    phase: 'rollback',
    stack: 'deployed',
    fault: {
      kind: 'switch',
      env: { STAGING_FAULTS: 'broken-previous-release' },
      describe: 'the previous release (1.0.0) exits at startup',
    },
    expected: {
      verdict: 'NO-GO',
      criterion: 'rollback-not-validated',
      message: ['/api/health', 'connection refused'],
    },
  },
  {
    // Last: the stability test runs this row five times with one history.
    id: 'healthy',
    criterion: 'all-phases-completed',
    check: 'the candidate release is live and healthy at the go-live decision',
    phase: 'staging',
    stack: 'deployed',
    fault: { kind: 'switch', env: {}, describe: 'no fault: the reference stack as shipped' },
    expected: { verdict: 'GO', criterion: 'all-phases-completed', message: [] },
  },
] as const satisfies readonly FaultCase[];

export type FaultRow = (typeof FAULT_MATRIX)[number];
