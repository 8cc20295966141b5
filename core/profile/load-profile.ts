import { existsSync, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stableHash } from '../canonical-hash.ts';
import { parseYaml } from '../yaml.ts';
import { isEnvRef, type EnvRef } from './env-ref.ts';
import { profileSchema, type TargetProfile } from './schema.ts';

/** The bundled reference stack's profile: the default STAGING_TARGET_FILE. */
export const DEFAULT_PROFILE_FILE = 'reference-stack/profile.ts';

export interface ProfileIssue {
  /** Dotted path in the profile, e.g. `health.endpoints.0.path`. */
  path: string;
  message: string;
}

export interface LoadedProfile {
  /** The validated profile with every `env()` reference replaced by its value. */
  profile: TargetProfile;
  file: string;
  /** Folder of the profile file: relative paths in the profile resolve from here. */
  dir: string;
  /** sha256 of the profile as written (references, not values): recorded next to the policy hash. */
  hash: string;
  /** Values of secret references, for the redactor. */
  secrets: string[];
}

export type ProfileResult = { ok: true; loaded: LoadedProfile } | { ok: false; file: string; issues: ProfileIssue[] };

const here = dirname(fileURLToPath(import.meta.url));
/** What a TypeScript profile may import from the gate, wherever the profile lives. */
const PUBLIC_MODULES: Readonly<Record<string, string>> = {
  'staging-gate/profile': resolve(here, 'define-target.ts'),
};

const cache = new Map<string, { mtimeMs: number; raw: unknown }>();

/**
 * Loads a profile synchronously: Playwright evaluates the config (and builds the test list) before
 * any setup runs, in every worker, so the profile must be known at that point.
 * `lookup` gives configuration values (environment, .env.staging, setup), used for `env()` references.
 */
export function loadProfile(file: string, lookup: (name: string) => string | undefined): ProfileResult {
  const raw = readRaw(file);
  if (!raw.ok) return { ok: false, file, issues: [{ path: '(file)', message: raw.message }] };
  const parsed = profileSchema.safeParse(raw.value);
  if (!parsed.success) {
    return {
      ok: false,
      file,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
    };
  }
  const secrets: string[] = [];
  const issues: ProfileIssue[] = [];
  const profile = resolveRefs(parsed.data, '', lookup, secrets, issues) as TargetProfile;
  if (issues.length) return { ok: false, file, issues };
  return { ok: true, loaded: { profile, file, dir: dirname(file), hash: stableHash(hashable(raw.value)), secrets } };
}

/** Reads the profile as data, without resolving references (for set-up steps that need only its shape). */
export function readProfileShape(file: string): TargetProfile | null {
  const raw = readRaw(file);
  if (!raw.ok) return null;
  const parsed = profileSchema.safeParse(raw.value);
  return parsed.success ? parsed.data : null;
}

function readRaw(file: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!existsSync(file)) {
    return {
      ok: false,
      message: `no target profile at ${file}: set STAGING_TARGET_FILE to your profile (.ts, .yaml or .json), see README "Validate your own application"`,
    };
  }
  const mtimeMs = statSync(file).mtimeMs;
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return { ok: true, value: cached.raw };
  let value: unknown;
  try {
    value = readByExtension(file);
  } catch (error) {
    return { ok: false, message: `${file} could not be read: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      message: `${file} must describe one object (the profile), e.g. export default defineTarget({...})`,
    };
  }
  cache.set(file, { mtimeMs, raw: value });
  return { ok: true, value };
}

function readByExtension(file: string): unknown {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return parseYaml(readFileSync(file, 'utf8'));
  if (ext === '.json') return JSON.parse(readFileSync(file, 'utf8'));
  if (ext === '.ts' || ext === '.mts' || ext === '.js' || ext === '.mjs') return requireTypeScript(file);
  throw new Error(`unknown profile extension ${ext || '(none)'}: expected .ts, .js, .yaml, .yml or .json`);
}

type Resolve = (request: string, ...rest: unknown[]) => string;
type Loader = (file: string) => unknown;
type TsxApi = typeof import('tsx/cjs/api');
const requireHere = createRequire(import.meta.url);

/**
 * The file through the TypeScript loader the process already has (Playwright's in the runner and every worker,
 * tsx's under `tsx`), else through tsx's API, imported only then: starting tsx and esbuild costs about 0.1 s of
 * CPU in each of a run's dozen processes. `staging-gate/profile` resolves to the gate's own module wherever
 * the file is.
 */
function requireTypeScript(file: string): unknown {
  const moduleApi = Module as unknown as { _resolveFilename: Resolve; _extensions: Record<string, unknown> };
  // A registered `.ts` handler is a TypeScript loader, which also turns ES module syntax into CommonJS.
  const load: Loader = moduleApi._extensions['.ts']
    ? requireHere
    : (path) => (requireHere('tsx/cjs/api') as TsxApi).require(path, fileURLToPath(import.meta.url));
  const original = moduleApi._resolveFilename;
  moduleApi._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return PUBLIC_MODULES[request] ?? original.call(this, request, ...rest);
  };
  try {
    const loaded = load(file) as { default?: unknown };
    return loaded.default ?? loaded;
  } finally {
    moduleApi._resolveFilename = original;
  }
}

function resolveRefs(
  value: unknown,
  path: string,
  lookup: (name: string) => string | undefined,
  secrets: string[],
  issues: ProfileIssue[],
): unknown {
  if (isEnvRef(value)) return resolveRef(value, path, lookup, secrets, issues);
  if (Array.isArray(value)) return value.map((v, i) => resolveRefs(v, join(path, i), lookup, secrets, issues));
  // zod schemas and functions are kept as they are.
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveRefs(v, join(path, k), lookup, secrets, issues)]),
    );
  }
  return value;
}

function resolveRef(
  ref: EnvRef,
  path: string,
  lookup: (name: string) => string | undefined,
  secrets: string[],
  issues: ProfileIssue[],
): string {
  const found = lookup(ref.$env) ?? ref.default;
  if (found === undefined) {
    issues.push({
      path,
      message: `env('${ref.$env}') is not set: set ${ref.$env} in the environment or in .env.staging (STAGING_ENV_FILE)`,
    });
    return '';
  }
  if (ref.secret !== false) secrets.push(found);
  return found;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** Functions and zod schemas hash by their source text / shape, so an edited profile gets a new hash. */
function hashable(value: unknown): unknown {
  if (typeof value === 'function') return `function:${value.toString()}`;
  if (Array.isArray(value)) return value.map(hashable);
  if (value && typeof value === 'object') {
    const zod = value as { toJSONSchema?: () => unknown; _zod?: unknown };
    if (zod._zod) return { zod: safeJsonSchema(value) };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hashable(v)]));
  }
  return value;
}

function safeJsonSchema(schema: unknown): unknown {
  try {
    return (schema as { toJSONSchema?: () => unknown }).toJSONSchema?.() ?? 'zod';
  } catch {
    return 'zod';
  }
}
