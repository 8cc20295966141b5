/**
 * Drafts a target profile from what probing found: every field it could fill, the schema's required fields
 * with a sensible value, and a TODO next to each field that needs a person (credentials, log source,
 * rollback, migrations, expected version). Pure: the YAML text is made by render-yaml.ts.
 */
import { DEFAULT_UP, deriveBodySchema, findDependencies, findVersion, upValues } from './health-body.ts';
import type { OpenApiSummary } from './openapi-summary.ts';
import type { Findings, Todo } from './types.ts';

/** A comment attached to a node of the profile: before its key (or list item), or after its value. */
export interface CommentSpot {
  path: readonly (string | number)[];
  before?: string;
  after?: string;
}

/** A variable of the first-run command; `placeholder` values need a person. */
export interface CommandVariable {
  name: string;
  value: string;
  placeholder: boolean;
}

export interface Draft {
  profile: Record<string, unknown>;
  header: string;
  comments: CommentSpot[];
  /** Commented-out sections at the end of the file (logs, rollback, migrations, alternatives). */
  footer: string;
  todos: Todo[];
  variables: CommandVariable[];
}

export interface DraftOptions {
  /** --name; else the OpenAPI title; else derived from the host. */
  name?: string;
  /** The output file as the user wrote it (for the command). */
  out: string;
  summary?: OpenApiSummary;
  /** ISO date for the header; tests pass a fixed one. */
  date?: string;
}

export const TOKEN_VARIABLE = 'STAGING_API_TOKEN';
const FALLBACK_HEALTH_PATH = '/health';

export function buildDraft(findings: Findings, options: DraftOptions): Draft {
  const { summary } = options;
  const comments: CommentSpot[] = [];
  const todos: Todo[] = [];
  const footer: string[] = [];
  const variables: CommandVariable[] = [
    { name: 'STAGING_TARGET', value: 'external', placeholder: false },
    { name: 'STAGING_TARGET_FILE', value: options.out, placeholder: false },
    { name: 'STAGING_API_URL', value: findings.url, placeholder: false },
  ];
  const spot = (path: readonly (string | number)[], text: string, where: 'before' | 'after'): CommentSpot =>
    where === 'before' ? { path, before: text } : { path, after: text };
  const todo = (
    field: string,
    text: string,
    path?: readonly (string | number)[],
    where: 'before' | 'after' = 'before',
  ) => {
    todos.push({ field, text });
    if (path) comments.push(spot(path, ` TODO: ${text}`, where));
  };
  const note = (path: readonly (string | number)[], text: string, where: 'before' | 'after' = 'before') =>
    comments.push(spot(path, ` ${text}`, where));

  const health = findings.health;
  const body = health?.body;
  const profile: Record<string, unknown> = {};

  // name
  const host = new URL(findings.url).host;
  const name = (options.name ?? summary?.title ?? `app at ${host}`).slice(0, 100);
  profile.name = name;
  if (!options.name && !summary?.title)
    todo('name', "the application's name, shown in the decision (--name sets it)", ['name'], 'after');

  // version
  const version = health ? findVersion(body, health.headers) : undefined;
  if (version && 'pointer' in version) {
    profile.version = { pointer: version.pointer };
    note(['version'], `GET ${health?.path} reported ${JSON.stringify(version.value)} at ${version.pointer}.`);
  } else if (version) {
    profile.version = { header: version.header };
    note(['version'], `GET ${health?.path} answered with ${version.header}: ${JSON.stringify(version.value)}.`);
  } else {
    profile.version = { pointer: '/version' };
    todo(
      'version',
      'no version found in the health body (version, build.version, app.version, info.version) nor an x-*-version header: point this at where the running version is',
      ['version'],
    );
  }
  todos.push({
    field: 'STAGING_EXPECTED_VERSION',
    text: `the release you are validating (running now: ${version ? version.value : 'unknown'}); the gate compares it with the version above`,
  });
  variables.push({
    name: 'STAGING_EXPECTED_VERSION',
    value: version?.value ?? '<expected version>',
    placeholder: !version,
  });

  // services, from the dependencies the health body reports
  const dependencies = findDependencies(body);
  const services: Record<string, unknown>[] = [{ name: 'api', role: 'api' }];
  for (const dep of dependencies) {
    if (dep.name === 'api') continue;
    services.push({ name: dep.name, role: dep.role });
    if (dep.role === 'other') {
      note(
        ['services', services.length - 1],
        `TODO: role of "${dep.key}" guessed as other (database = PostgreSQL, cache = Redis, worker, web)`,
        'after',
      );
      todos.push({
        field: `services.${services.length - 1}.role`,
        text: `check the role of "${dep.name}" (guessed: other)`,
      });
    }
  }
  profile.services = services;
  note(
    ['services'],
    dependencies.length
      ? `api, plus the dependencies GET ${health?.path} reports (roles guessed from their names).`
      : 'The health body names no dependencies: add the database / cache the api uses, if any ({ name, role }).',
  );
  const roles = new Set(dependencies.map((d) => d.role));

  // urls
  profile.urls = { api: findings.url };
  note(
    ['urls'],
    'STAGING_API_URL overrides urls.api; DATABASE_URL and REDIS_URL give the database and cache on an external target.',
  );
  if (roles.has('database')) {
    variables.push({ name: 'DATABASE_URL', value: '<postgres://user:password@host:5432/db>', placeholder: true });
    todos.push({
      field: 'DATABASE_URL',
      text: 'the PostgreSQL URL the gate checks the database with (required: the profile has a database service)',
    });
  }
  if (roles.has('cache')) {
    variables.push({ name: 'REDIS_URL', value: '<redis://host:6379>', placeholder: true });
    todos.push({
      field: 'REDIS_URL',
      text: 'the Redis URL the gate checks the cache with (required: the profile has a cache service)',
    });
  }

  // health
  const endpoint: Record<string, unknown> = { path: health?.path ?? FALLBACK_HEALTH_PATH, status: 200 };
  const endpointPath = ['health', 'endpoints', 0] as const;
  if (!health) {
    todo(
      'health.endpoints.0.path',
      `no health endpoint answered 200 at ${findings.url} (tried the usual paths): write the path of yours`,
      [...endpointPath, 'path'],
      'after',
    );
  }
  const schema = deriveBodySchema(body);
  if (schema) {
    endpoint.schema = schema;
    note(
      [...endpointPath, 'schema'],
      'JSON Schema derived from one answer (top-level fields and types): tighten it (enum, nested fields) as the contract says.',
    );
  } else if (health) {
    note(
      [...endpointPath, 'status'],
      `GET ${health.path} answered ${health.status} without a JSON body: no schema, no dependencies.`,
      'after',
    );
  }
  if (dependencies.length) {
    endpoint.dependencies = Object.fromEntries(
      dependencies.filter((d) => d.name !== 'api').map((d) => [d.name, d.pointer]),
    );
    note(
      [...endpointPath, 'dependencies'],
      `Service -> JSON pointer of its status in the body (seen: ${dependencies.map((d) => `${d.name}=${d.value}`).join(', ')}).`,
    );
    const up = upValues(dependencies);
    if (up) {
      endpoint.up = up;
      todo(
        `${endpointPath.join('.')}.up`,
        `values that mean "up": the defaults (${DEFAULT_UP.join(', ')}) plus what was seen while probing; check them`,
        [...endpointPath, 'up'],
      );
    }
  }
  if (health && health.status !== 200) {
    todo(
      'health.endpoints.0.status',
      `${health.path} answered ${health.status} while probing; 200 is what a healthy application answers`,
      [...endpointPath, 'status'],
      'after',
    );
  }
  profile.health = { endpoints: [endpoint] };

  // metrics
  const metrics = findings.metrics;
  if (metrics) {
    const section: Record<string, unknown> = { path: metrics.path };
    if (metrics.authHint) {
      const variable = metrics.authHint.kind === 'header' ? 'STAGING_METRICS_KEY' : 'STAGING_METRICS_TOKEN';
      section.auth =
        metrics.authHint.kind === 'header'
          ? { header: metrics.authHint.name, value: { $env: variable } }
          : { bearer: { $env: variable } };
      todo(
        variable,
        `GET ${metrics.path} answered ${metrics.status} without credentials; the credential kind is from ${metrics.authHintSource ?? 'a guess'}: check it and set ${variable}`,
        ['metrics', 'auth'],
      );
      variables.push({ name: variable, value: '<metrics credential>', placeholder: true });
      section.series = [];
      todo(
        'metrics.series',
        'series the gate must find (the endpoint refused to show them): e.g. your request counter',
        ['metrics', 'series'],
        'after',
      );
    } else {
      section.auth = { none: true };
      note(['metrics', 'auth'], `GET ${metrics.path} answered 200 without credentials (public metrics).`, 'after');
      section.series = metrics.series;
      note(['metrics', 'series'], 'A few of the families it exports: keep the ones you rely on.');
    }
    profile.metrics = section;
  } else {
    footer.push(
      ' No metrics endpoint answered at /metrics or /api/metrics. If there is one elsewhere:',
      ' metrics: { path: /metrics, auth: { none: true }, series: [http_requests_total] }',
    );
  }

  // auth and routes
  const auth = summary?.auth;
  if (auth?.kind === 'token') {
    const section: Record<string, unknown> = { kind: 'token', token: { $env: TOKEN_VARIABLE } };
    if (auth.header !== 'authorization') section.header = auth.header;
    if (auth.scheme !== 'Bearer') section.scheme = auth.scheme;
    profile.auth = section;
    const what =
      auth.via === 'basic'
        ? 'base64 of user:password'
        : auth.via === 'apiKey'
          ? `the API key (${auth.header})`
          : 'a valid access token';
    const login = summary?.login
      ? ` or let the gate log in with ${summary.login.method} ${summary.login.path} (the commented auth block at the end)`
      : ' (a login request, kind: login, is also possible)';
    todo(
      TOKEN_VARIABLE,
      `${what} for the protected routes (security scheme "${auth.schemeName}"): set ${TOKEN_VARIABLE}${login}`,
      ['auth'],
    );
    variables.push({ name: TOKEN_VARIABLE, value: '<token>', placeholder: true });
  } else {
    profile.auth = { kind: 'none' };
    const why = !summary ? 'no OpenAPI document' : auth?.kind === 'unsupported' ? auth.reason : (auth?.reason ?? '');
    todo('auth', `kind none (${why}): if the API needs credentials, use kind token or login`, ['auth']);
  }
  if (summary?.login) footer.push(...loginBlock(summary.login));

  if (summary) {
    const publicRoutes = summary.public.filter((r) => findings.verifiedPublic?.includes(`${r.method} ${r.path}`));
    profile.routes = { protected: summary.protected, public: publicRoutes, jsonBody: summary.jsonBody };
    note(
      ['routes'],
      'From the OpenAPI document: protected = safe GETs that require security; public = GETs that answered 2xx without credentials; jsonBody = operations with a JSON body (the gate sends them malformed JSON).',
    );
    if (summary.protected.length === 0)
      todo(
        'routes.protected',
        'no protected GET without path parameters in the document: add one that must answer 401 without a token',
        ['routes', 'protected'],
        'after',
      );
  } else {
    todo(
      'routes',
      'no OpenAPI document: list protected (must answer 401/403), public (2xx) and jsonBody routes, or pass --openapi',
      undefined,
    );
    footer.push(
      ' Routes (no OpenAPI document was given or found):',
      ' routes:',
      '   protected: [{ method: GET, path: /api/things }]',
      '   public: [{ method: GET, path: /api/public/things }]',
      '   jsonBody: [{ method: POST, path: /api/things }]',
    );
  }

  if (findings.openapi) {
    profile.openapi = { document: findings.openapi.documentRef };
    note(
      ['openapi', 'document'],
      findings.openapi.given
        ? `--openapi ${findings.openapi.source}`
        : `served by the application at ${findings.openapi.source}`,
      'after',
    );
  } else {
    footer.push(
      ' No OpenAPI document was given or found (/openapi.json, /openapi.yaml, /v3/api-docs, /swagger.json, /api-docs):',
      ' openapi: { document: ./openapi.yaml }',
    );
  }

  // What only a person knows.
  todos.push({
    field: 'logs',
    text: 'a log source (logs.sources or STAGING_LOG_FILE): an external target needs one for a GO',
  });
  footer.push(
    " TODO: where the gate reads the application's log (needed for a GO on an external target), e.g.:",
    ' logs:',
    '   sources:',
    '     - { command: [docker, logs, --since, 10m, my-app] }   # or { file: /var/log/my-app.log }',
  );
  todos.push({
    field: 'rollback.command',
    text: 'the command that rolls the release back (dry-run with --dry-run by the gate; STAGING_ROLLBACK_COMMAND overrides)',
  });
  footer.push(
    ' TODO: the rollback command (the gate runs it with --dry-run without the rollback grant), e.g.:',
    ' rollback:',
    '   command: [./deploy/rollback.sh, --to, previous]',
  );
  if (roles.has('database')) {
    todos.push({ field: 'migrations', text: 'the migration tool and table, and the migrations the release ships' });
    footer.push(
      ' TODO: migrations (the gate checks every shipped migration is applied), e.g.:',
      ' migrations:',
      '   tool: knex   # sql-files | prisma | knex | typeorm | flyway | custom',
      '   table: knex_migrations',
      '   expected: [20240101120000_create_things]',
    );
  }

  const header = [
    ` Target profile of ${name}, scaffolded by \`npm run init\` from ${findings.url}${options.date ? ` on ${options.date}` : ''}.`,
    ' Validated by core/profile/schema.ts (README "Validate your own application"). Lines marked TODO need a',
    ' person; commented-out sections at the end are the ones probing could not fill. Secrets are never written',
    ' here: they are `{ $env: NAME }` references, set in the environment or in .env.staging.',
  ].join('\n');
  return { profile, header, comments, footer: footer.join('\n'), todos, variables };
}

function loginBlock(login: NonNullable<OpenApiSummary['login']>): string[] {
  const fields = login.fields.length ? login.fields : ['username', 'password'];
  const lines = fields.map((field) => {
    const variable = `STAGING_LOGIN_${field.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
    const secret = /pass|secret|token|key/i.test(field);
    return `     ${field}: { $env: ${variable}${secret ? '' : ', secret: false'} }`;
  });
  return [
    ` Alternative to the token above: the gate logs in with ${login.method} ${login.path} (from the OpenAPI document):`,
    ' auth:',
    '   kind: login',
    `   method: ${login.method}`,
    `   path: ${login.path}`,
    '   body:',
    ...lines,
    login.tokenPointer
      ? `   tokenPointer: ${login.tokenPointer}   # from the documented answer`
      : '   tokenPointer: /token   # TODO: where the token is in the login answer (e.g. /access_token)',
  ];
}
