import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test as base } from '@playwright/test';
import { loadConfig, type Target } from '../../core/config/load-config.ts';
import {
  applicationEnvironment,
  checkEnvironment,
  diffEnvFiles,
  profileRequirements,
  type EnvRequirements,
  type EnvVariableSpec,
} from '../../probes/preflight/env-requirements.ts';
import { MIN_SECRET_LENGTH, assessSecret } from '../../probes/preflight/secret-strength.ts';

const test = base.extend<{ dir: string }>({
  dir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-preflight-env-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

const STRONG = {
  DATABASE_URL: 'postgres://medianest:Vq3rT9zLw2pX7mK4sB8@db.internal:5432/medianest',
  REDIS_URL: 'redis://redis.internal:6379',
  AUTH_SECRET: 'n8Zq4Lr2Wk7Tx1Vb6Hc3Jm9P',
  ADMIN_PASSWORD: 'Gf5!kR8@qW2$zN7^',
} as const;

type Spec = Partial<EnvVariableSpec> & { name: string; requiredFor?: readonly Target[] };

/** A MediaNest-like backend's variables, built by hand: what checkEnvironment is given, whatever its source. */
const MEDIANEST: readonly Spec[] = [
  {
    name: 'DATABASE_URL',
    requiredFor: ['reference', 'compose', 'external'],
    secret: true,
    format: 'postgres-url',
    description: 'PostgreSQL connection string',
    gateVariable: 'STAGING_DB_PASSWORD',
  },
  {
    name: 'REDIS_URL',
    requiredFor: ['reference', 'compose', 'external'],
    secret: true,
    format: 'redis-url',
    description: 'Redis connection string',
  },
  {
    name: 'AUTH_SECRET',
    aliases: ['JWT_SECRET'],
    // An external target's secrets live on its own hosts; checked only when given.
    requiredFor: ['reference', 'compose'],
    secret: true,
    description: 'session/JWT signing secret',
    gateVariable: 'STAGING_AUTH_SECRET',
  },
  {
    name: 'ADMIN_PASSWORD',
    requiredFor: ['reference', 'compose'],
    secret: true,
    description: 'bootstrap admin password',
    gateVariable: 'STAGING_ADMIN_PASSWORD',
  },
  { name: 'ADMIN_USER', description: 'bootstrap admin user name', gateVariable: 'STAGING_ADMIN_USER' },
  { name: 'METRICS_TOKEN', secret: true, description: 'bearer token for /metrics' },
];

/** Hand-built requirements (EnvRequirements) for a target, from specs in the shape above. */
function requirementsOf(
  target: Target,
  specs: readonly Spec[],
  source = 'hand-built MediaNest requirements',
): EnvRequirements {
  const variables = specs.map(({ requiredFor = [], ...spec }): EnvVariableSpec => ({
    aliases: [],
    required: requiredFor.includes(target),
    secret: false,
    format: 'string',
    minLength: MIN_SECRET_LENGTH,
    knownDefaults: [],
    description: '',
    ...spec,
  }));
  return { target, source, variables };
}

function requirementsFor(target: Target): EnvRequirements {
  return requirementsOf(target, MEDIANEST);
}

/** A YAML target profile in `dir` declaring `variables`; loaded through loadConfig like the gate does. */
function profileConfig(dir: string, variables: string, env: Record<string, string> = {}) {
  const file = join(dir, 'profile.yaml');
  writeFileSync(
    file,
    [
      'name: env-requirements test',
      'services:',
      '  - { name: api, role: api }',
      'urls:',
      '  api: http://127.0.0.1:3001',
      'health:',
      '  endpoints:',
      '    - path: /health',
      'variables:',
      variables,
      '',
    ].join('\n'),
  );
  return loadConfig(
    { STAGING_TARGET: 'external', STAGING_API_URL: 'http://127.0.0.1:3001', STAGING_TARGET_FILE: file, ...env },
    dir,
  );
}

test('strong, complete values pass without issues', () => {
  const result = checkEnvironment(STRONG, requirementsFor('compose'));
  expect(result.issues).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.valid).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'AUTH_SECRET', 'ADMIN_PASSWORD']));
});

test('a missing required variable blocks under missing-env-config and names the variable and where to set it', () => {
  const result = checkEnvironment(
    { ...STRONG, AUTH_SECRET: undefined, ADMIN_PASSWORD: '' },
    requirementsFor('compose'),
  );
  expect(result.ok).toBe(false);
  expect(result.missing).toEqual(['AUTH_SECRET', 'ADMIN_PASSWORD']);
  const auth = result.issues.find((i) => i.subject === 'AUTH_SECRET');
  expect(auth).toMatchObject({ severity: 'blocking', criterion: 'missing-env-config' });
  expect(auth?.message).toContain('AUTH_SECRET (or JWT_SECRET) is not set');
  expect(auth?.message).toContain('set AUTH_SECRET in .env.staging or the environment');
  expect(auth?.runbook).toContain('diff .env.development .env.staging');
});

test('JWT_SECRET satisfies the AUTH_SECRET requirement', () => {
  const result = checkEnvironment(
    { ...STRONG, AUTH_SECRET: undefined, JWT_SECRET: STRONG.AUTH_SECRET },
    requirementsFor('compose'),
  );
  expect(result.ok).toBe(true);
  expect(result.valid).toContain('JWT_SECRET');
});

test('the reference target names the staging-gate variable that supplies the value', () => {
  const result = checkEnvironment({ ...STRONG, ADMIN_PASSWORD: undefined }, requirementsFor('reference'));
  expect(result.issues[0]?.message).toContain('set STAGING_ADMIN_PASSWORD');
});

test('the external target does not require the application secrets but still checks them when given', () => {
  const requirements = requirementsFor('external');
  expect(checkEnvironment({ DATABASE_URL: STRONG.DATABASE_URL, REDIS_URL: STRONG.REDIS_URL }, requirements).ok).toBe(
    true,
  );
  const weak = checkEnvironment({ ...STRONG, AUTH_SECRET: 'short' }, requirements);
  expect(weak.weak).toEqual(['AUTH_SECRET']);
});

test('a secret shorter than 16 characters blocks and states its length, not its value', () => {
  const result = checkEnvironment({ ...STRONG, AUTH_SECRET: 'Zk4#q9Lm' }, requirementsFor('compose'));
  expect(result.weak).toEqual(['AUTH_SECRET']);
  expect(result.issues[0]).toMatchObject({ severity: 'blocking', criterion: 'missing-env-config' });
  expect(result.issues[0]?.message).toContain('is 8 characters long; a secret needs at least 16');
  expect(result.issues[0]?.message).toContain('openssl rand -base64 32');
  expect(result.issues[0]?.message).not.toContain('Zk4#q9Lm');
});

const PLACEHOLDERS = [
  'change-me-before-deploying-1234',
  'CHANGEME_CHANGEME_CHANGEME',
  'password',
  'Password1234567890',
  'secret',
  'example-jwt-secret-value-0001',
  'xxxxxxxxxxxxxxxxxxxxxxxx',
  'TODO-put-the-real-one-here',
  'default',
  'admin',
  '123456',
  '${AUTH_SECRET}',
  '<your secret here>',
];

for (const value of PLACEHOLDERS) {
  test(`placeholder secret "${value}" is weak`, () => {
    expect(assessSecret(value).weak).toBe(true);
    const result = checkEnvironment({ ...STRONG, ADMIN_PASSWORD: value }, requirementsFor('compose'));
    expect(result.weak).toEqual(['ADMIN_PASSWORD']);
    expect(result.issues[0]?.severity).toBe('blocking');
    // Short placeholders are the very words the message lists as examples; longer values must never show.
    if (value.length > 8) expect(result.issues[0]?.message).not.toContain(value);
  });
}

test('random-looking secrets are not mistaken for placeholders', () => {
  for (const value of Object.values(STRONG).slice(2)) expect(assessSecret(value)).toEqual({ weak: false });
  // Random base64url strings that happen to contain a marker inside a longer word: strong all the same.
  for (const value of ['q7Rxxx3kLm9PzTb2Wv8NcY4d', 'Hk2TODOm9Qx7Lp3Rz8Vb5NwC', 'Lp3Rz8exampleVb5NwCq7Rk2'])
    expect(assessSecret(value), value).toEqual({ weak: false });
});

test('URL secrets are judged by their password; a PostgreSQL URL needs one, a Redis URL may have none', () => {
  const requirements = requirementsFor('compose');
  const noPassword = checkEnvironment(
    { ...STRONG, DATABASE_URL: 'postgres://medianest@db:5432/medianest' },
    requirements,
  );
  expect(noPassword.weak).toEqual(['DATABASE_URL']);
  expect(noPassword.issues[0]?.message).toContain('has no password in the URL');
  const weakPassword = checkEnvironment({ ...STRONG, REDIS_URL: 'redis://:changeme@redis:6379' }, requirements);
  expect(weakPassword.weak).toEqual(['REDIS_URL']);
  expect(weakPassword.issues[0]?.message).not.toContain('changeme@');
});

test('a malformed URL is invalid, and the message shows the expected shape without the value', () => {
  const value = 'mysql://root:hunter2hunter2hunter2@db/medianest';
  const result = checkEnvironment({ ...STRONG, DATABASE_URL: value }, requirementsFor('compose'));
  expect(result.invalid).toEqual(['DATABASE_URL']);
  expect(result.issues[0]?.message).toContain('postgres://USER:PASSWORD@HOST:PORT/DATABASE');
  expect(result.issues[0]?.message).not.toContain('hunter2');
  const badEscape = checkEnvironment(
    { ...STRONG, DATABASE_URL: 'postgres://u:100%zz@db/x' },
    requirementsFor('compose'),
  );
  expect(badEscape.invalid).toEqual(['DATABASE_URL']);
});

test("the profile's variables replace the defaults: per-target requirements and formats", ({ dir }) => {
  const variables = [
    '  - { name: PLEX_TOKEN, secret: true, requiredFor: [compose] }',
    '  - { name: PORT, format: port, requiredFor: [reference, compose, external] }',
  ].join('\n');
  const external = profileConfig(dir, variables);
  if (!external.ok) throw new Error(JSON.stringify(external.issues));
  const fromProfile = profileRequirements(external.config);
  expect(fromProfile.source).toBe(`the target profile ${join(dir, 'profile.yaml')}`);
  expect(fromProfile.variables.map((v) => [v.name, v.required, v.secret, v.format])).toEqual([
    ['PLEX_TOKEN', false, true, 'string'],
    ['PORT', true, false, 'port'],
  ]);
  expect(checkEnvironment({ PORT: '3001' }, fromProfile).ok).toBe(true);
  const compose = { ...fromProfile, target: 'compose' as const };
  const composeVariables = fromProfile.variables.map((v) => ({ ...v, required: true }));
  const result = checkEnvironment({ PLEX_TOKEN: 'short', PORT: '99999' }, { ...compose, variables: composeVariables });
  expect(result.weak).toEqual(['PLEX_TOKEN']);
  expect(result.invalid).toEqual(['PORT']);
  expect(checkEnvironment({ PORT: '3001' }, { ...compose, variables: composeVariables }).missing).toEqual([
    'PLEX_TOKEN',
  ]);
});

test('a known default value of a secret is weak', () => {
  const requirements = requirementsOf('compose', [
    { name: 'PLEX_TOKEN', requiredFor: ['compose'], secret: true, knownDefaults: ['plex-demo-token-1234567890'] },
  ]);
  const result = checkEnvironment({ PLEX_TOKEN: 'plex-demo-token-1234567890' }, requirements);
  expect(result.weak).toEqual(['PLEX_TOKEN']);
  expect(result.issues[0]?.message).toContain('equals a published default value');
});

test('an invalid variables section blocks and names STAGING_TARGET_FILE and the bad field', ({ dir }) => {
  const loaded = profileConfig(dir, '  - { required: yes }');
  expect(loaded.ok).toBe(false);
  if (loaded.ok) return;
  const issue = loaded.issues.find((i) => i.variable === 'STAGING_TARGET_FILE');
  expect(issue?.message).toContain('is invalid');
  expect(issue?.message).toContain('variables.0.name');
  const missing = loadConfig(
    {
      STAGING_TARGET: 'external',
      STAGING_API_URL: 'http://127.0.0.1:3001',
      STAGING_TARGET_FILE: join(dir, 'nope.yaml'),
    },
    dir,
  );
  expect(missing.ok ? '' : missing.issues.map((i) => `${i.variable}: ${i.message}`).join('\n')).toContain(
    'STAGING_TARGET_FILE: the target profile',
  );
  expect(missing.ok ? '' : missing.issues[0]?.message).toContain('no target profile at');
});

test("applicationEnvironment gives the reference profile's variables their configured values", ({ dir }) => {
  const loaded = loadConfig(
    {
      STAGING_AUTH_SECRET: STRONG.AUTH_SECRET,
      STAGING_ADMIN_PASSWORD: STRONG.ADMIN_PASSWORD,
      METRICS_TOKEN: 'Mt7qZ2xW9kL4vB8nR3pD',
      STAGING_DB_PASSWORD: 'pw',
      STAGING_TARGET_FILE: resolve(import.meta.dirname, '../../reference-stack/profile.ts'),
    },
    dir,
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const requirements = profileRequirements(loaded.config);
  expect(requirements.target).toBe('reference');
  const values = applicationEnvironment(loaded.config, requirements);
  expect(values.STAGING_AUTH_SECRET).toBe(STRONG.AUTH_SECRET);
  const result = checkEnvironment(values, requirements);
  expect(result.weak).toEqual(['STAGING_DB_PASSWORD']);
  expect(result.issues[0]?.message).toContain('set STAGING_DB_PASSWORD');
  expect(result.issues[0]?.message).not.toContain("'pw'");
});

test('diffEnvFiles reports keys only in one file as minor-config-adjustment findings, with names and never values', ({
  dir,
}) => {
  const dev = join(dir, '.env.development');
  const staging = join(dir, '.env.staging');
  const values = ['dev-only-value-9f8e7d', 'shared-dev-value-1a2b', 'staging-only-value-3c4d', 'shared-stg-value-5e6f'];
  writeFileSync(dev, `DEV_ONLY=${values[0]}\nSHARED=${values[1]}\nEMPTIED=${values[1]}\n`);
  writeFileSync(staging, `SHARED=${values[3]}\nSTAGING_ONLY=${values[2]}\nEMPTIED=\n`);
  const diff = diffEnvFiles(dev, staging);
  expect(diff).toMatchObject({
    compared: true,
    onlyInDevelopment: ['DEV_ONLY'],
    onlyInStaging: ['STAGING_ONLY'],
    emptyInStaging: ['EMPTIED'],
  });
  expect(diff.issues).toHaveLength(3);
  for (const issue of diff.issues)
    expect(issue).toMatchObject({ severity: 'finding', criterion: 'minor-config-adjustment' });
  expect(diff.issues[0]?.message).toContain('DEV_ONLY');
  const everything = JSON.stringify(diff);
  for (const value of values) expect(everything).not.toContain(value);
});

test('diffEnvFiles without a development file compares nothing and reports nothing', ({ dir }) => {
  writeFileSync(join(dir, '.env.staging'), 'A=1\n');
  const diff = diffEnvFiles(join(dir, '.env.development'), join(dir, '.env.staging'));
  expect(diff.compared).toBe(false);
  expect(diff.skippedReason).toContain('.env.development does not exist');
  expect(diff.issues).toEqual([]);
});

test('no value of a checked environment ever appears in the result', () => {
  const values = {
    DATABASE_URL: 'postgres://u:tiny@db/medianest',
    REDIS_URL: 'not a url at all 7f3a',
    AUTH_SECRET: 'changeme-6b1d9e',
    ADMIN_PASSWORD: 'Qw9!Qw9!Qw9!Qw9!Qw9!',
    METRICS_TOKEN: 'abc',
  };
  const everything = JSON.stringify(checkEnvironment(values, requirementsFor('compose')));
  for (const value of Object.values(values)) expect(everything).not.toContain(value);
  expect(everything).not.toContain('tiny');
});
