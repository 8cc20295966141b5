/**
 * The operations of an OpenAPI document as the gate tests them: auth verdict, filled request target,
 * JSON request body and documented responses. Pure and synchronous: tests are generated at collection time.
 */
import { deref, findUnfollowableRef, toPointer } from './json-pointer.ts';
import { isJsonMediaType } from './media-types.ts';
import { fillParameters, mergeParameters, type ResolvedParameter } from './parameters.ts';
import { isProfilePublic, resolveSecurity } from './security.ts';
import { serverBasePath } from './server-path.ts';
import {
  isRecord,
  type OpenApiDocument,
  type OpenApiOperation,
  type ParamValues,
  type ResponseSummary,
} from './types.ts';
import { walkOperations, type RawOperation } from './walk-operations.ts';

export type { OpenApiOperation } from './types.ts';

/** Profile knobs that change how operations are tested. */
export interface ListOperationsOptions {
  /** Operations public by design: operationId, or "METHOD /path" as in the document. */
  publicOperations?: readonly string[];
  /** Parameter values by `paramName` or `operationId.paramName`; they win over the document's examples. */
  params?: ParamValues;
}

/** Documented responses by status key; throws the reason when a response `$ref` cannot be followed. */
function summarizeResponses(document: OpenApiDocument, raw: RawOperation): Record<string, ResponseSummary> {
  const responses = isRecord(raw.operation.responses) ? raw.operation.responses : {};
  const summary: Record<string, ResponseSummary> = {};
  for (const [status, value] of Object.entries(responses)) {
    const response = deref(document, value, `${raw.pointer}${toPointer(['responses', status])}`);
    if (!response.ok) throw new Error(response.reason);
    const content = isRecord(response.value) && isRecord(response.value.content) ? response.value.content : {};
    const media = Object.values(content);
    summary[status] = {
      contentTypes: Object.keys(content),
      hasSchema: media.some((m) => isRecord(m) && m.schema !== undefined),
    };
  }
  return summary;
}

/** Media type keys of the request body; throws the reason when its `$ref` cannot be followed. */
function requestContentTypes(document: OpenApiDocument, raw: RawOperation): string[] {
  if (raw.operation.requestBody === undefined) return [];
  const body = deref(document, raw.operation.requestBody, `${raw.pointer}/requestBody`);
  if (!body.ok) throw new Error(body.reason);
  return isRecord(body.value) && isRecord(body.value.content) ? Object.keys(body.value.content) : [];
}

/** Keeps ids unique: the second "listOrders" becomes "listOrders#2", with a note saying so. */
function uniqueId(wanted: string, taken: Map<string, string>, where: string, notes: string[]): string {
  let id = wanted;
  for (let n = 2; taken.has(id); n += 1) id = `${wanted}#${n}`;
  if (id !== wanted) {
    notes.push(`duplicate operationId "${wanted}" (first used by ${taken.get(wanted)}): tested as "${id}"`);
  }
  taken.set(id, where);
  return id;
}

/** Every path x method in document order; never throws for a broken operation, it marks it notCheckable. */
export function listOperations(document: OpenApiDocument, options: ListOperationsOptions = {}): OpenApiOperation[] {
  const taken = new Map<string, string>();
  return walkOperations(document).map((raw) => {
    const method = raw.method.toUpperCase();
    const synthetic = `${method} ${raw.path}`;
    const operationId = typeof raw.operation.operationId === 'string' ? raw.operation.operationId : undefined;
    const notes: string[] = [];
    const id = uniqueId(operationId ?? synthetic, taken, synthetic, notes);
    const profilePublic = isProfilePublic(options.publicOperations ?? [], { id, method, path: raw.path });
    const verdict = resolveSecurity(document, raw.operation, profilePublic);

    let notCheckable = findUnfollowableRef(document, raw.operation, raw.pointer);
    let parameters: ResolvedParameter[] = [];
    let responses: Record<string, ResponseSummary> = {};
    let contentTypes: string[] = [];
    try {
      const owners = [
        { node: raw.pathItem, pointer: raw.pathPointer },
        { node: raw.operation, pointer: raw.pointer },
      ];
      parameters = mergeParameters(document, owners);
      responses = summarizeResponses(document, raw);
      contentTypes = requestContentTypes(document, raw);
    } catch (error) {
      notCheckable = (error as Error).message;
    }
    // Path-level parameters are outside the operation object: check their refs too.
    notCheckable ??= findUnfollowableRef(document, raw.pathItem.parameters, `${raw.pathPointer}/parameters`);
    if (notCheckable !== null) notCheckable += '; bundle the document into one file (e.g. `redocly bundle`)';

    const basePath = serverBasePath(document, raw.pathItem, raw.operation);
    const profile = options.params ?? {};
    const fill = fillParameters(document, parameters, { id, basePath, template: raw.path, profile });
    return {
      id,
      syntheticId: operationId === undefined,
      method,
      path: raw.path,
      pointer: raw.pointer,
      requiresAuth: verdict.requiresAuth,
      security: verdict.security,
      safe: method === 'GET' || method === 'HEAD',
      jsonRequestBody: contentTypes.some(isJsonMediaType),
      requestContentTypes: contentTypes,
      fill,
      responses,
      notCheckable,
      notes,
    };
  });
}
