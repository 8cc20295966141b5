/** Shared shapes of the OpenAPI probes: the parsed document and the operations the gate tests. */

/** A parsed OpenAPI 3.0 / 3.1 document as plain JSON data (validateOpenApi checks its structure). */
export type OpenApiDocument = Record<string, unknown>;

/** The HTTP methods an OpenAPI Path Item can hold, in the specification's order. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Values the profile gives for parameters, by `paramName` or by `operationId.paramName`. */
export type ParamValues = Readonly<Record<string, string | number | boolean>>;

/** Concrete request target of an operation, or the parameters that kept it from being filled. */
export type ParameterFill =
  | {
      ok: true;
      /** Server base path + path with values, plus required query parameters; every value URI-encoded. */
      path: string;
      /** Required header parameters (and a `cookie` header for required cookie parameters), lower-case names. */
      headers: Record<string, string>;
    }
  | {
      ok: false;
      /** Names of the required parameters that had no example, default, enum or profile value. */
      missing: string[];
    };

/** What a documented response promises, per status key ("200", "4XX", "default"). */
export interface ResponseSummary {
  /** Media type keys of `content` as written ("application/json"); empty when the response has no body. */
  contentTypes: string[];
  /** Whether at least one media type carries a `schema`. */
  hasSchema: boolean;
}

/** One path x method of the document, with what the gate needs to generate its tests. */
export interface OpenApiOperation {
  /** operationId, or a synthetic "GET /v2/orders/{orderId}"; unique (duplicates get a "#2" suffix). */
  id: string;
  /** True when `id` was made up from method and path because the operation has no operationId. */
  syntheticId: boolean;
  /** Upper-case HTTP method. */
  method: string;
  /** Path template as written in the document ("/orders/{orderId}"), without the server base path. */
  path: string;
  /** JSON pointer of the operation object in the document ("/paths/~1orders/get"). */
  pointer: string;
  /** Whether the operation must refuse requests without valid credentials. */
  requiresAuth: boolean;
  /** Why: "global bearerAuth", "operation apiKey", "public by security: []", "public by the profile", ... */
  security: string;
  /** GET or HEAD: safe to call against staging with example values. */
  safe: boolean;
  /** Whether the request body accepts a JSON media type (application/json or *+json). */
  jsonRequestBody: boolean;
  /** Media type keys of the request body's `content`, as written. */
  requestContentTypes: string[];
  /** Concrete path + query to call, or the required parameters that could not be filled. */
  fill: ParameterFill;
  /** Documented responses by status key, `$ref`s resolved. */
  responses: Record<string, ResponseSummary>;
  /** Why the operation cannot be checked (an external or broken `$ref`), or null when it can. */
  notCheckable: string | null;
  /** Remarks for the report, e.g. a duplicate operationId that was suffixed. */
  notes: string[];
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
