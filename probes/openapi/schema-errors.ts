/** ajv errors as a person reads them: where in the body, what the document expects, what came back. */
import type { ErrorObject } from 'ajv';
import { escapeToken, valueAt } from './json-pointer.ts';

/** One mismatch between a response body and its documented schema. */
export interface SchemaError {
  /** JSON pointer into the body ("/data/0/quantity"; "" is the whole body). */
  jsonPath: string;
  /** What the schema wants, e.g. "integer", "one of \"open\", \"closed\"", "a required property". */
  expected: string;
  /** The body's value there, JSON, at most 80 characters; "nothing" when absent. */
  received: string;
}

const RECEIVED_MAX = 80;

/** JSON text of a value cut to 80 characters; "nothing" for a missing one. */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > RECEIVED_MAX ? `${text.slice(0, RECEIVED_MAX - 1)}…` : text;
}

/** Where the error is and what was expected there, per ajv keyword. */
function locate(error: ErrorObject): { jsonPath: string; expected: string } {
  const p = error.params as Record<string, unknown>;
  const at = error.instancePath;
  const list = (values: unknown): string =>
    (Array.isArray(values) ? values : [values]).map((v) => JSON.stringify(v)).join(', ');
  switch (error.keyword) {
    case 'type':
      return { jsonPath: at, expected: Array.isArray(p.type) ? p.type.join(' or ') : String(p.type) };
    case 'required':
      return { jsonPath: `${at}/${escapeToken(String(p.missingProperty))}`, expected: 'a required property' };
    case 'additionalProperties':
      return { jsonPath: `${at}/${escapeToken(String(p.additionalProperty))}`, expected: 'no undocumented property' };
    case 'unevaluatedProperties':
      return { jsonPath: `${at}/${escapeToken(String(p.unevaluatedProperty))}`, expected: 'no undocumented property' };
    case 'enum':
      return { jsonPath: at, expected: `one of ${list(p.allowedValues)}` };
    case 'const':
      return { jsonPath: at, expected: list(p.allowedValue) };
    case 'format':
      return { jsonPath: at, expected: `a string in format ${String(p.format)}` };
    case 'pattern':
      return { jsonPath: at, expected: `a string matching /${String(p.pattern)}/` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { jsonPath: at, expected: `a number ${String(p.comparison)} ${String(p.limit)}` };
    case 'minLength':
      return { jsonPath: at, expected: `at least ${String(p.limit)} characters` };
    case 'maxLength':
      return { jsonPath: at, expected: `at most ${String(p.limit)} characters` };
    case 'minItems':
      return { jsonPath: at, expected: `at least ${String(p.limit)} items` };
    case 'maxItems':
      return { jsonPath: at, expected: `at most ${String(p.limit)} items` };
    case 'oneOf':
      return { jsonPath: at, expected: 'exactly one of the documented alternatives' };
    case 'anyOf':
      return { jsonPath: at, expected: 'one of the documented alternatives' };
    default:
      return { jsonPath: at, expected: (error.message ?? error.keyword).replace(/^must (be )?/, '') };
  }
}

/**
 * Readable errors, duplicates dropped. Umbrella errors (anyOf/oneOf/if) and the `null` branch of a nullable
 * are dropped when a more specific error exists: they repeat it less clearly.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], body: unknown): SchemaError[] {
  const specific = errors.filter(
    (e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword) && !(e.keyword === 'type' && e.params.type === 'null'),
  );
  const chosen = specific.length > 0 ? specific : errors;
  const seen = new Set<string>();
  const described: SchemaError[] = [];
  for (const error of chosen) {
    const { jsonPath, expected } = locate(error);
    const key = `${jsonPath}\n${expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    described.push({ jsonPath, expected, received: describeReceived(valueAt(body, jsonPath)) });
  }
  return described;
}

/** "/data/0/quantity: expected integer, received \"3\"" ("(body)" for the root). */
export function formatSchemaError(error: SchemaError): string {
  return `${error.jsonPath || '(body)'}: expected ${error.expected}, received ${error.received}`;
}
