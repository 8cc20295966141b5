/**
 * The not-found probe: a path no documented template matches, and the 404 body shape the document
 * promises (an operation's `404`, else `components.responses.NotFound`, else an operation's `default`).
 */
import { deref, toPointer } from './json-pointer.ts';
import { isJsonMediaType } from './media-types.ts';
import { serverBasePath } from './server-path.ts';
import { isRecord, type OpenApiDocument } from './types.ts';
import { walkOperations } from './walk-operations.ts';

// Fixed, so test titles and evidence stay stable between runs.
const UNKNOWN_SEGMENT = 'staging-gate-unknown-7f3c9a';

/** Whether a concrete path matches a template: "{x}" matches one non-empty segment (or part of one). */
function matchesTemplate(template: string, path: string): boolean {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}/?$`).test(path);
}

/** Literal leading segments shared by every documented path, stopping before any path's last segment. */
function commonLiteralPrefix(paths: readonly string[]): string[] {
  const split = paths.map((p) => p.split('/').filter(Boolean));
  const prefix: string[] = [];
  for (let i = 0; split.length > 0; i += 1) {
    const segment = split[0]?.[i];
    const shared = split.every((s) => i < s.length - 1 && s[i] === segment);
    if (segment === undefined || !shared || segment.includes('{')) break;
    prefix.push(segment);
  }
  return prefix;
}

/**
 * A path that matches no documented template, under the server base path and the paths' common prefix
 * ("/api/v2/staging-gate-unknown-7f3c9a"), so it reaches the API's router rather than a front-end fallback.
 */
export function unknownPathProbe(document: OpenApiDocument): string {
  const paths = isRecord(document.paths) ? Object.keys(document.paths) : [];
  const prefixPath = commonLiteralPrefix(paths)
    .map((segment) => `/${segment}`)
    .join('');
  let probe = `${prefixPath}/${UNKNOWN_SEGMENT}`;
  // "/{slug}" would match one segment: go deeper than any template until nothing matches.
  while (paths.some((template) => matchesTemplate(template, probe))) probe += `/${UNKNOWN_SEGMENT}`;
  return `${serverBasePath(document)}${probe}`;
}

/** Where the expected 404 body is documented. */
export interface NotFoundShape {
  /** The schema, its own top-level `$ref` followed (nested `$ref`s stay; validate with validateNotFound). */
  schema: unknown;
  /** Documented media type key ("application/problem+json"). */
  contentType: string;
  /** JSON pointer of the schema in the document. */
  pointer: string;
}

/** The JSON media type with a schema in a response, as a NotFoundShape. */
function shapeOf(document: OpenApiDocument, response: unknown, pointer: string): NotFoundShape | null {
  const resolved = deref(document, response, pointer);
  if (!resolved.ok || !isRecord(resolved.value) || !isRecord(resolved.value.content)) return null;
  for (const [contentType, media] of Object.entries(resolved.value.content)) {
    if (!isJsonMediaType(contentType) || !isRecord(media) || media.schema === undefined) continue;
    const at = `${resolved.pointer}${toPointer(['content', contentType, 'schema'])}`;
    const schema = deref(document, media.schema, at);
    if (schema.ok) return { schema: schema.value, contentType, pointer: at };
  }
  return null;
}

/** The documented 404 body shape, or null when the document promises none (the probe then checks 404 only). */
export function documentedNotFound(document: OpenApiDocument): NotFoundShape | null {
  const operations = walkOperations(document);
  const fromStatus = (status: string): NotFoundShape | null => {
    for (const raw of operations) {
      const responses = isRecord(raw.operation.responses) ? raw.operation.responses : {};
      if (responses[status] === undefined) continue;
      const shape = shapeOf(document, responses[status], `${raw.pointer}${toPointer(['responses', status])}`);
      if (shape) return shape;
    }
    return null;
  };
  const components = isRecord(document.components) ? document.components : {};
  const named = isRecord(components.responses) ? components.responses.NotFound : undefined;
  const fromComponents = named === undefined ? null : shapeOf(document, named, '/components/responses/NotFound');
  return fromStatus('404') ?? fromComponents ?? fromStatus('default');
}
