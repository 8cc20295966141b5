import { z } from 'zod';

/**
 * The target profile: the one place that knows the application (ARCHITECTURE §1). One strict schema
 * for TypeScript (`defineTarget`), YAML and JSON: unknown keys are errors, every problem is named
 * with its path. Optional sections have documented defaults; a check whose section is absent is
 * "not evaluated", never a pass.
 */

const varName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'expected an environment variable name');
export const envRefSchema = z.strictObject({
  $env: varName,
  secret: z.boolean().optional(),
  default: z.string().optional(),
});
/** A literal or `env('NAME')` / `{ $env: NAME }`. */
const value = z.union([z.string(), envRefSchema]);
const jsonPointer = z
  .string()
  .regex(/^(\/([^/~]|~[01])*)*$/, 'expected a JSON pointer such as /checks/postgres/status (RFC 6901)');
const urlPath = z
  .string()
  .regex(/^\/(?!\/)[^\s]{0,2047}$/, "expected a path starting with one '/', e.g. /api/health (no scheme, no host)");
const method = z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const regexSource = z.string().refine((p) => {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}, 'expected a regular expression');
/** A zod schema (TypeScript profiles) or a JSON Schema object (YAML / JSON profiles, checked with ajv). */
const bodySchema = z.custom<object>(
  (v) => !!v && typeof v === 'object' && !Array.isArray(v),
  'expected a zod schema (TypeScript) or a JSON Schema object',
);
const argv = z.array(z.string().min(1)).min(1, 'expected at least the command name');

export const SERVICE_ROLES = ['database', 'cache', 'api', 'web', 'worker', 'other'] as const;
const serviceSchema = z.strictObject({
  /** The compose service name (deploy targets) or a label (external targets). */
  name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, 'expected a compose service name'),
  role: z.enum(SERVICE_ROLES),
  /** A non-critical service's failure is CONDITIONAL (non-critical-service-issue), not NO-GO. */
  critical: z.boolean().default(true),
});

const variableSchema = z.strictObject({
  name: varName,
  secret: z.boolean().default(false),
  format: z.enum(['string', 'postgres-url', 'redis-url', 'http-url', 'port', 'integer']).default('string'),
  /** Targets that need it; default every target the gate deploys (reference, compose). */
  requiredFor: z.array(z.enum(['reference', 'compose', 'external'])).default(['reference', 'compose']),
  description: z.string().default(''),
});

const healthEndpoint = z.strictObject({
  path: urlPath,
  status: z.number().int().min(100).max(599).default(200),
  schema: bodySchema.optional(),
  /** Where the body reports each dependency: service name -> JSON pointer to its status value. */
  dependencies: z.record(z.string(), jsonPointer).default({}),
  /** Values of a dependency status that mean "up" (compared case-insensitively). */
  up: z.array(z.string()).default(['ok', 'up', 'pass', 'healthy', 'true', 'connected', 'available', 'online']),
});

const authSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({
    kind: z.literal('token'),
    token: value,
    header: z.string().default('authorization'),
    scheme: z.string().default('Bearer'),
  }),
  z.strictObject({
    kind: z.literal('login'),
    method: method.default('POST'),
    path: urlPath,
    /** The JSON body; values may be `env()` references. Any login id works, e-mail addresses included. */
    body: z.record(z.string(), value),
    /** Where the token is in the login answer. */
    tokenPointer: jsonPointer.default('/token'),
    header: z.string().default('authorization'),
    scheme: z.string().default('Bearer'),
    /** The login endpoint must rate-limit failed attempts (security phase); default true. */
    rateLimited: z.boolean().default(true),
  }),
  z.strictObject({
    kind: z.literal('custom'),
    /** TypeScript only: returns the headers that authenticate a request. */
    headers: z.custom<(context: { baseUrl: string }) => Promise<Record<string, string>>>(
      (v) => typeof v === 'function',
      'expected an async function returning headers',
    ),
  }),
]);

const route = z.strictObject({ method: method.default('GET'), path: urlPath });

const migrationsSchema = z.strictObject({
  tool: z.enum(['sql-files', 'prisma', 'knex', 'typeorm', 'flyway', 'custom']),
  /** The bookkeeping table; default per tool (schema_migrations, _prisma_migrations, knex_migrations, migrations, flyway_schema_history). */
  table: z
    .string()
    .regex(/^[A-Za-z_][\w.]{0,127}$/, 'expected a table name')
    .optional(),
  /** custom tool: SQL returning one row per applied migration, first column its id. */
  query: z.string().optional(),
  /** Migrations the release ships (ids as the table records them); or `dir` for NNNN_name.up.sql files. */
  expected: z.array(z.string()).optional(),
  dir: z.string().optional(),
  /** The last migration the previous release knows: every applied one after it needs a down step. */
  previous: z.string().optional(),
  /** Deploy targets: applies migrations in a one-off container of `service` (runbook: npm run db:migrate:staging). */
  up: z.strictObject({ service: z.string(), command: argv }).optional(),
  /** Deploy targets: reverts to the previous release's schema; `${TO}` is replaced by `previous`. */
  down: z.strictObject({ service: z.string(), command: argv }).optional(),
});

const logSource = z.union([
  z.strictObject({ service: z.string() }),
  z.strictObject({ file: z.string() }),
  z.strictObject({ command: argv }),
]);

const scenarioSchema = z.record(z.string(), z.unknown());

export const profileSchema = z.strictObject({
  /** The application's name, shown in the decision. */
  name: z.string().min(1).max(100),
  /** Where the running version is read: a JSON pointer into the first health endpoint's body, or a header of it. */
  version: z
    .union([z.strictObject({ pointer: jsonPointer }), z.strictObject({ header: z.string().min(1) })])
    .default({ pointer: '/version' }),
  services: z.array(serviceSchema).min(1, 'expected at least the api service'),
  /** Variables and secrets the application itself requires (preflight). */
  variables: z.array(variableSchema).default([]),
  /** Where things are, as templates over the configuration (`${STAGING_BACKEND_PORT:-3001}`); STAGING_API_URL etc. override. */
  urls: z.strictObject({
    api: z.string().min(1),
    web: z.string().optional(),
    database: z.string().optional(),
    cache: z.string().optional(),
  }),
  /** Deploy targets (reference, compose): what the gate deploys and passes to compose. */
  deploy: z
    .strictObject({
      /** The compose file, relative to the profile. */
      compose: z.string().min(1),
      /** Variables compose interpolates; values are templates over the configuration. */
      variables: z.record(varName, z.string()).default({}),
      /** Secrets generated per run when unset, for a stack the gate deploys fresh (reference target). */
      generate: z.array(varName).default([]),
      /** The variable naming the application image (release switches set it). */
      imageVariable: varName.optional(),
      /** The candidate and the previous release, for the deploy upgrade and the rollback rehearsal. */
      candidate: z.strictObject({ image: z.string(), version: z.string() }).optional(),
      previous: z.strictObject({ image: z.string(), version: z.string() }).optional(),
    })
    .optional(),
  health: z.strictObject({ endpoints: z.array(healthEndpoint).min(1) }),
  metrics: z
    .strictObject({
      path: urlPath,
      auth: z
        .union([
          z.strictObject({ bearer: value }),
          z.strictObject({ header: z.string().min(1), value }),
          z.strictObject({ none: z.literal(true) }),
        ])
        .default({ none: true }),
      series: z.array(z.string()).default([]),
    })
    .optional(),
  auth: authSchema.default({ kind: 'none' }),
  routes: z
    .strictObject({
      /** Must answer 401/403 within `authLimitMs` without a token and with a forged one. */
      protected: z.array(route).default([]),
      /** Must answer 2xx without credentials. */
      public: z.array(route).default([]),
      /** Routes that take a JSON body: malformed JSON must get a 4xx and the service must survive. */
      jsonBody: z.array(route).default([]),
      authLimitMs: z.number().int().min(100).max(60_000).default(2000),
      /** The documented error body (401, 404); absent: the shape is not checked. */
      errorSchema: bodySchema.optional(),
    })
    .default({ protected: [], public: [], jsonBody: [], authLimitMs: 2000 }),
  browser: z
    .strictObject({
      /** Path on the web URL (or the api URL when there is no web service). */
      path: urlPath.default('/'),
      visible: z
        .array(
          z.union([
            z.strictObject({ role: z.string(), name: z.string() }),
            z.strictObject({ text: z.string() }),
            /** A CSS selector whose text must match `pattern` (a regular expression), when given. */
            z.strictObject({ selector: z.string(), pattern: regexSource.optional() }),
          ]),
        )
        .min(1),
      allowConsoleErrors: z.array(regexSource).default([]),
      service: z.string().optional(),
    })
    .optional(),
  migrations: migrationsSchema.optional(),
  invariants: z
    .strictObject({
      sql: z
        .array(z.strictObject({ name: z.string(), query: z.string(), minRows: z.number().int().min(0).default(1) }))
        .default([]),
      redis: z
        .array(z.union([z.strictObject({ key: z.string() }), z.strictObject({ pattern: z.string() })]))
        .default([]),
    })
    .optional(),
  perf: z
    .strictObject({
      /** Declarative scenarios (load/scenarios.ts shape); default: the first health endpoint. */
      scenarios: z.array(scenarioSchema).optional(),
      /** The team's k6 script, run when a k6 binary is present. */
      k6Script: z.string().optional(),
    })
    .optional(),
  logs: z
    .strictObject({
      sources: z.array(logSource).default([]),
      /** Extra critical patterns (regular expressions) beyond fatal/panic levels. */
      critical: z.array(regexSource).default([]),
      allow: z.array(regexSource).default([]),
    })
    .optional(),
  rollback: z
    .strictObject({
      /** Dry-run with `--dry-run` when the gate may not rehearse the rollback. */
      command: argv.optional(),
    })
    .optional(),
  openapi: z
    .strictObject({
      /** A file (relative to the profile) or a path / URL on the api. */
      document: z.string().min(1),
      public: z.array(z.string()).default([]),
      params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    })
    .optional(),
  /** A folder of the team's own Playwright specs (relative to the profile), run in the integration phase. */
  specs: z.strictObject({ dir: z.string().min(1) }).optional(),
  security: z
    .strictObject({
      /** Headers every response must carry; default CSP, nosniff, frame protection. */
      headers: z.array(z.string()).optional(),
      /** Where CORS is probed with a foreign origin; default the first protected route, else the first health path. */
      corsPath: urlPath.optional(),
    })
    .optional(),
});

export type ProfileInput = z.input<typeof profileSchema>;
export type TargetProfile = z.output<typeof profileSchema>;
