/** The malformed-JSON probe: a body no JSON parser accepts, which must earn a 4xx, never a 5xx. */
import { isJsonMediaType } from './media-types.ts';
import type { OpenApiOperation } from './types.ts';

/** Unterminated string: invalid JSON, yet short and harmless if a server logs it. */
export const MALFORMED_JSON_BODY = '{"staging-gate": "unterminated';

/** Operations whose documented request body is JSON get the probe. */
export function needsMalformedProbe(op: Pick<OpenApiOperation, 'jsonRequestBody'>): boolean {
  return op.jsonRequestBody;
}

/** The Content-Type to send the probe with: the operation's first JSON media type, else application/json. */
export function malformedProbeContentType(op: Pick<OpenApiOperation, 'requestContentTypes'>): string {
  return op.requestContentTypes.find(isJsonMediaType) ?? 'application/json';
}
