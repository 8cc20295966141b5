/**
 * Structural validation of an OpenAPI 3.0 / 3.1 document against the official JSON schemas
 * (@seriousme/openapi-schema-validator), with problems named by JSON pointer ("/paths/~1orders/get/responses").
 */
import type { ErrorObject } from 'ajv';
import { Validator } from '@seriousme/openapi-schema-validator';
import { isLocalRef, toPointer, valueAt, refPointer } from './json-pointer.ts';
import { isRecord } from './types.ts';

/** One thing wrong with the document. */
export interface DocumentProblem {
  /** JSON pointer of the offending value ("/" for the root). */
  path: string;
  /** What is wrong there ("must have required property 'description'"). */
  message: string;
}

export type DocumentValidation = { ok: true } | { ok: false; problems: DocumentProblem[] };

/** ajv's message with the detail it keeps in params. */
function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  const message = error.message ?? error.keyword;
  if (error.keyword === 'additionalProperties') return `must not have the property '${String(p.additionalProperty)}'`;
  if (error.keyword === 'unevaluatedProperties') return `must not have the property '${String(p.unevaluatedProperty)}'`;
  if (error.keyword === 'enum') return `${message}: ${JSON.stringify(p.allowedValues)}`;
  if (error.keyword === 'pattern') return `${message} (the key or value is not of the allowed form)`;
  return message;
}

/**
 * The official schemas use oneOf [Object, Reference] and if/then: a single mistake also yields
 * "must have required property '$ref'" and umbrella errors. Keep the specific ones when there are any.
 */
function toProblems(errors: readonly ErrorObject[]): DocumentProblem[] {
  const umbrella = (e: ErrorObject) => ['oneOf', 'anyOf', 'if'].includes(e.keyword);
  const refAlternative = (e: ErrorObject) => e.keyword === 'required' && e.params.missingProperty === '$ref';
  const specific = errors.filter((e) => !umbrella(e) && !refAlternative(e));
  const chosen = specific.length > 0 ? specific : errors;
  const seen = new Set<string>();
  const problems: DocumentProblem[] = [];
  for (const error of chosen) {
    const problem = { path: error.instancePath || '/', message: describe(error) };
    const key = `${problem.path}\n${problem.message}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return problems;
}

/** Every local `$ref` that points at nothing, with where it sits. External refs are not problems here. */
function brokenLocalRefs(document: unknown): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const visit = (node: unknown, tokens: string[]): void => {
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, [...tokens, String(i)]));
    if (!isRecord(node)) return;
    const ref = node.$ref;
    if (typeof ref === 'string' && isLocalRef(ref) && valueAt(document, refPointer(ref)) === undefined) {
      problems.push({ path: toPointer(tokens) || '/', message: `$ref "${ref}" points at nothing in the document` });
    }
    for (const [key, value] of Object.entries(node)) visit(value, [...tokens, key]);
  };
  visit(document, []);
  return problems;
}

// One validator for the process: compiling the official schema is the slow part.
let validator: Validator | undefined;

/** Validates the document's structure and its local `$ref`s. External `$ref`s pass (see listOperations). */
export async function validateOpenApi(document: Record<string, unknown>): Promise<DocumentValidation> {
  validator ??= new Validator({ allErrors: true });
  // The validator may add bookkeeping keys to what it is given: hand it a copy.
  const result = await validator.validate(structuredClone(document));
  if (result.valid) return { ok: true };
  if (Array.isArray(result.errors)) return { ok: false, problems: toProblems(result.errors) };
  const text = result.errors ?? 'invalid document';
  if (/^Can't resolve /.test(text)) {
    // Its ref check stops at the first unresolvable ref, external ones included: do our own for local ones.
    const problems = brokenLocalRefs(document);
    return problems.length > 0 ? { ok: false, problems } : { ok: true };
  }
  // The other string answer is about the version field.
  return { ok: false, problems: [{ path: /version/.test(text) ? '/openapi' : '/', message: text }] };
}

/** A message for the gate's failure: the file, then one line per JSON path, with what to do. */
export function formatProblems(source: string, problems: readonly DocumentProblem[]): string {
  const lines = problems.map((p) => `  ${p.path}: ${p.message}`);
  return [
    `The OpenAPI document ${source} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
    ...lines,
    'Fix these in the document (paths are JSON pointers; "~1" stands for "/"), then run the gate again.',
  ].join('\n');
}
