/**
 * Checks a live response against the documented status, content type and schema.
 * Why ajv directly rather than openapi-backend: it needs no operationId (we synthesise ids), its errors carry
 * JSON pointers we turn into "/data/0/quantity: expected integer", and one code path serves 3.0 and 3.1.
 */
import type { ValidateFunction } from 'ajv';
import AjvModule from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { deref, toPointer, valueAt } from './json-pointer.ts';
import { mediaTypeKeyFor, statusKeyFor } from './media-types.ts';
import { documentedNotFound } from './not-found.ts';
import { listOperations } from './operations.ts';
import { describeSchemaErrors, formatSchemaError, type SchemaError } from './schema-errors.ts';
import { toDraft07 } from './schema-30.ts';
import type { OpenApiDocument, OpenApiOperation } from './types.ts';

export type { SchemaError } from './schema-errors.ts';

// CommonJS packages: under NodeNext the default import is module.exports, whose `default` is the class.
const Ajv = AjvModule.default;
const Ajv2020 = Ajv2020Module.default;
const addFormats = formatsModule.default;

/** The result of one check; `errors` is filled for kind "schema" only (at most 5). */
export type ResponseCheck =
  | { ok: true }
  | {
      ok: false;
      /** What did not match: the status, the Content-Type, or the body. */
      kind: 'undocumented-status' | 'undocumented-content-type' | 'schema';
      /** Body mismatches with JSON path, expected and received (kind "schema"). */
      errors: SchemaError[];
      /** One sentence for the test failure: operation, status, and what differs. */
      message: string;
    };

/** Validates responses of one document; schemas compile on first use and are cached. */
export interface ResponseValidator {
  /** Checks a response of the operation with this id (OpenApiOperation.id). Throws for an unknown id. */
  validate(operationId: string, status: number, contentType: string | undefined, body: unknown): ResponseCheck;
  /** Checks a 404 body against documentedNotFound(document); ok when the document promises no shape. */
  validateNotFound(contentType: string | undefined, body: unknown): ResponseCheck;
}

const MAX_REPORTED = 5;
const DOCUMENT_ID = 'staging-gate:openapi';

/** A JSON pointer as a URI fragment ("{orderId}" -> "%7BorderId%7D"), for ajv's `$ref`. */
function fragment(pointer: string): string {
  return pointer.split('/').map(encodeURIComponent).join('/');
}

export function createResponseValidator(document: OpenApiDocument): ResponseValidator {
  const operations = new Map(listOperations(document).map((op) => [op.id, op]));
  const is31 = typeof document.openapi === 'string' && document.openapi.startsWith('3.1');
  const cache = new Map<string, ValidateFunction>();
  let ajv: InstanceType<typeof Ajv> | InstanceType<typeof Ajv2020> | undefined;

  const compile = (pointer: string, label: string): ValidateFunction => {
    const cached = cache.get(pointer);
    if (cached) return cached;
    try {
      if (!ajv) {
        // strict: false because OpenAPI adds keywords (example, discriminator, xml); logger: false because
        // unknown formats (int32 is known, but vendors invent more) should not spam the gate's output;
        // validateSchema: false because the document itself is not a JSON Schema, only parts of it are.
        const options = { strict: false, allErrors: true, logger: false, validateSchema: false } as const;
        ajv = is31 ? new Ajv2020(options) : new Ajv(options);
        addFormats(ajv);
        ajv.addSchema((is31 ? document : toDraft07(document)) as object, DOCUMENT_ID);
      }
      const validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment(pointer)}` });
      cache.set(pointer, validate);
      return validate;
    } catch (error) {
      throw new Error(
        `${label}: the documented schema at ${pointer} does not compile (${(error as Error).message}); ` +
          'fix the schema in the OpenAPI document',
      );
    }
  };

  const checkBody = (
    label: string,
    found: { status: number; statusKey: string; schemaPointer: string },
    body: unknown,
  ): ResponseCheck => {
    if (valueAt(document, found.schemaPointer) === undefined) return { ok: true };
    const validate = compile(found.schemaPointer, label);
    if (validate(body)) return { ok: true };
    const all = describeSchemaErrors(validate.errors ?? [], body);
    const errors = all.slice(0, MAX_REPORTED);
    const more = all.length > errors.length ? ` (and ${all.length - errors.length} more)` : '';
    const as = found.statusKey === String(found.status) ? '' : ` (documented as ${found.statusKey})`;
    const message =
      `${label} answered ${found.status}${as} whose body does not match the documented schema: ` +
      `${errors.map(formatSchemaError).join('; ')}${more}`;
    return { ok: false, kind: 'schema', errors, message };
  };

  const contentTypeMismatch = (label: string, status: number, contentType: string | undefined, keys: string[]) => ({
    ok: false as const,
    kind: 'undocumented-content-type' as const,
    errors: [],
    message:
      `${label} answered ${status} with Content-Type ${contentType ?? '(none)'}, which the document does not list ` +
      `for it (documented: ${keys.join(', ')}); fix the service's Content-Type or document it`,
  });

  return {
    validate(operationId, status, contentType, body) {
      const op: OpenApiOperation | undefined = operations.get(operationId);
      if (!op) {
        const known = [...operations.keys()].slice(0, 10).join(', ');
        throw new Error(`validate: no operation "${operationId}" in the OpenAPI document (known: ${known})`);
      }
      const label = op.syntheticId ? op.id : `${op.method} ${op.path} (${op.id})`;
      if (op.notCheckable !== null) throw new Error(`validate: ${label} cannot be checked: ${op.notCheckable}`);
      const statusKey = statusKeyFor(Object.keys(op.responses), status);
      if (statusKey === null) {
        return {
          ok: false,
          kind: 'undocumented-status',
          errors: [],
          message:
            `${label} answered ${status}, a status the document does not list for it ` +
            `(documented: ${Object.keys(op.responses).join(', ') || 'none'}); fix the service or document the status`,
        };
      }
      const keys = op.responses[statusKey]?.contentTypes ?? [];
      if (keys.length === 0) return { ok: true }; // no documented body: nothing to compare
      const mediaKey = contentType === undefined ? null : mediaTypeKeyFor(keys, contentType);
      if (mediaKey === null) return contentTypeMismatch(label, status, contentType, keys);
      const at = `${op.pointer}${toPointer(['responses', statusKey])}`;
      const response = deref(document, valueAt(document, at), at);
      if (!response.ok) throw new Error(`validate: ${label}: ${response.reason}`);
      const schemaPointer = `${response.pointer}${toPointer(['content', mediaKey, 'schema'])}`;
      return checkBody(label, { status, statusKey, schemaPointer }, body);
    },

    validateNotFound(contentType, body) {
      const shape = documentedNotFound(document);
      if (!shape) return { ok: true };
      const label = 'the unknown-path probe';
      if (contentType === undefined || mediaTypeKeyFor([shape.contentType], contentType) === null) {
        return contentTypeMismatch(label, 404, contentType, [shape.contentType]);
      }
      return checkBody(label, { status: 404, statusKey: '404', schemaPointer: shape.pointer }, body);
    },
  };
}
