/** Reads a fixture document of the OpenAPI unit tests, failing loudly when it does not read. */
import { readOpenApiSync } from '../../../probes/openapi/read-document.ts';
import type { OpenApiDocument } from '../../../probes/openapi/types.ts';

/** The parsed fixture `name` from this directory. */
export function loadFixture(name: string): OpenApiDocument {
  const read = readOpenApiSync(name, { cwd: import.meta.dirname });
  if (!read.ok) throw new Error(read.problem);
  return read.document;
}
