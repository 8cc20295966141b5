import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject } from 'ajv';
import { readPointer } from './json-pointer.ts';

/**
 * Checks a response body against a profile schema: a zod schema (TypeScript profiles) or a JSON Schema
 * (YAML / JSON profiles, ajv). Problems name the JSON path, what was expected and what came back,
 * never a bare "ZodError: [".
 */
export interface BodyProblem {
  path: string;
  expected: string;
  received: string;
}

interface ZodLike {
  safeParse(value: unknown): {
    success: boolean;
    error?: { issues: { path: PropertyKey[]; message: string; expected?: string }[] };
  };
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

export function checkBody(schema: object, body: unknown): BodyProblem[] {
  const zod = schema as Partial<ZodLike>;
  if (typeof zod.safeParse === 'function') {
    const parsed = (zod as ZodLike).safeParse(body);
    if (parsed.success) return [];
    return (parsed.error?.issues ?? []).slice(0, 5).map((issue) => {
      const path = pointer(issue.path);
      return { path: path || '/', expected: issue.message, received: shown(readPointer(body, path)) };
    });
  }
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).slice(0, 5).map((e: ErrorObject) => ({
    path: e.instancePath || '/',
    expected: `${e.message ?? 'valid'}${e.params && 'allowedValues' in e.params ? ` (${JSON.stringify(e.params.allowedValues)})` : ''}`,
    received: shown(readPointer(body, e.instancePath)),
  }));
}

export function describeBodyProblems(what: string, problems: readonly BodyProblem[]): string {
  return `${what} does not match the profile's schema: ${problems
    .map((p) => `${p.path}: expected ${p.expected}, received ${p.received}`)
    .join('; ')}`;
}

function pointer(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '' : `/${path.map((k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
