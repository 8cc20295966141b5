/**
 * What a health answer tells about the application, read without asking anything else: where the version
 * is, which dependencies the body reports (and where), and a JSON Schema of the body as it was seen. Pure.
 */
import { isRecord } from '../openapi/types.ts';
import { SERVICE_ROLES } from '../../core/profile/schema.ts';

export type ServiceRole = (typeof SERVICE_ROLES)[number];

/** Where the running version is, as the profile's `version` field says it. */
export type VersionSource = { pointer: string; value: string } | { header: string; value: string };

/** Keys that hold the version, in the order they are tried. */
export const VERSION_KEYS: readonly (readonly string[])[] = [
  ['version'],
  ['build', 'version'],
  ['app', 'version'],
  ['info', 'version'],
];
/** Objects whose members are the dependencies. */
export const DEPENDENCY_CONTAINERS = ['checks', 'components', 'dependencies', 'services', 'details'] as const;
/** Fields of a dependency entry that hold its status. */
export const STATUS_FIELDS = ['status', 'state', 'healthy'] as const;
/** The profile's default `up` values (core/profile/schema.ts). */
export const DEFAULT_UP = ['ok', 'up', 'pass', 'healthy', 'true'] as const;
const STATUS_WORDS = new Set([
  ...DEFAULT_UP,
  'down',
  'fail',
  'failed',
  'error',
  'unhealthy',
  'false',
  'warn',
  'degraded',
]);
const DOWN_WORDS = new Set([
  'down',
  'fail',
  'failed',
  'error',
  'unhealthy',
  'false',
  'critical',
  'red',
  'out_of_service',
]);

/** RFC 6901 pointer of a key path. */
export function toPointer(keys: readonly (string | number)[]): string {
  return keys.map((k) => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The version: a known key of the body (a non-empty string or number), else an `x-*-version` header. */
export function findVersion(body: unknown, headers: Readonly<Record<string, string>>): VersionSource | undefined {
  for (const keys of VERSION_KEYS) {
    let node: unknown = body;
    for (const key of keys) node = isRecord(node) ? node[key] : undefined;
    if ((typeof node === 'string' && node.trim() !== '') || typeof node === 'number') {
      return { pointer: toPointer(keys), value: String(node) };
    }
  }
  const header = Object.keys(headers)
    .filter((name) => /^x-[a-z0-9-]*version$/i.test(name) && headers[name]?.trim())
    .sort()[0];
  return header ? { header: header.toLowerCase(), value: headers[header] ?? '' } : undefined;
}

/** One dependency the health body reports. */
export interface DependencyFinding {
  /** The service name for the profile (a valid compose-style name). */
  name: string;
  /** The key as the body spells it. */
  key: string;
  /** Pointer to its status value. */
  pointer: string;
  /** The value seen at the pointer. */
  value: string;
  role: ServiceRole;
}

/** A valid service name (`^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$`) from a body key, or undefined. */
export function serviceName(key: string): string | undefined {
  const cleaned = key
    .replace(/[^a-zA-Z0-9_.-]+/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(0, 63);
  return cleaned === '' ? undefined : cleaned;
}

/** postgres / pg / db / database -> database; redis / cache -> cache; anything else other. */
export function guessRole(name: string): ServiceRole {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const has = (test: (word: string) => boolean) => words.some(test);
  if (has((w) => w.startsWith('postgres') || w === 'pg' || w === 'pgsql' || w === 'db' || w === 'database'))
    return 'database';
  if (has((w) => w.startsWith('redis') || w === 'cache')) return 'cache';
  return 'other';
}

/** The status field of a dependency entry: an object with status / state / healthy, or a bare status word. */
function statusOf(entry: unknown): { field?: string; value: string } | undefined {
  if (isRecord(entry)) {
    for (const field of STATUS_FIELDS) {
      const value = entry[field];
      if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
        return { field, value: String(value) };
      }
    }
    return undefined;
  }
  if (typeof entry === 'boolean') return { value: String(entry) };
  if (typeof entry === 'string' && STATUS_WORDS.has(entry.toLowerCase())) return { value: entry };
  return undefined;
}

/** Dependencies under the usual containers (objects keyed by name, or arrays of `{ name, status }`). */
export function findDependencies(body: unknown): DependencyFinding[] {
  if (!isRecord(body)) return [];
  const found: DependencyFinding[] = [];
  const taken = new Set<string>();
  const add = (key: string, path: (string | number)[], entry: unknown) => {
    const status = statusOf(entry);
    const name = serviceName(key);
    if (!status || !name || taken.has(name)) return;
    taken.add(name);
    const pointer = toPointer(status.field ? [...path, status.field] : path);
    found.push({ name, key, pointer, value: status.value, role: guessRole(key) });
  };
  for (const container of DEPENDENCY_CONTAINERS) {
    const members = body[container];
    if (isRecord(members)) {
      for (const [key, entry] of Object.entries(members)) add(key, [container, key], entry);
    } else if (Array.isArray(members)) {
      members.forEach((entry, index) => {
        const key = isRecord(entry) && typeof entry.name === 'string' ? entry.name : undefined;
        if (key) add(key, [container, index], entry);
      });
    }
  }
  return found;
}

/**
 * The `up` values the profile needs: undefined when the defaults cover every value seen, else the defaults
 * plus the values seen that do not look like "down" (a value seen while a dependency is down is never "up").
 */
export function upValues(dependencies: readonly DependencyFinding[]): string[] | undefined {
  const known = new Set<string>(DEFAULT_UP);
  const extra = [
    ...new Set(
      dependencies.map((d) => d.value).filter((v) => !known.has(v.toLowerCase()) && !DOWN_WORDS.has(v.toLowerCase())),
    ),
  ];
  return extra.length === 0 ? undefined : [...DEFAULT_UP, ...extra];
}

/** JSON Schema type name of a value. */
function typeOf(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'object') return typeof value;
  return undefined;
}

/**
 * A JSON Schema of the body as seen: an object with its top-level fields required and typed. A field seen as
 * null is required but untyped (one answer cannot say what it holds otherwise). Undefined for a non-object body.
 */
export function deriveBodySchema(body: unknown): Record<string, unknown> | undefined {
  if (!isRecord(body)) return undefined;
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const type = typeOf(value);
    properties[key] = type && type !== 'null' ? { type } : {};
  }
  return { type: 'object', required: Object.keys(body), properties };
}
