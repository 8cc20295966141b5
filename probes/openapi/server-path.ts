/**
 * The path part of the server URL an operation is served under ("https://x/api/v2" -> "/api/v2"),
 * so probes hit the API's own router: the gate calls paths on its target's origin.
 */
import { isRecord } from './types.ts';

/** Servers of the operation, else of its path item, else of the document (first entry each). */
function firstServer(levels: readonly unknown[]): Record<string, unknown> | undefined {
  for (const level of levels) {
    if (isRecord(level) && Array.isArray(level.servers) && isRecord(level.servers[0])) return level.servers[0];
  }
  return undefined;
}

/** Base path without a trailing slash ("" for "/" or no servers); `{variables}` take their defaults. */
export function serverBasePath(document: unknown, pathItem?: unknown, operation?: unknown): string {
  const server = firstServer([operation, pathItem, document]);
  if (!server || typeof server.url !== 'string') return '';
  const variables = isRecord(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = variables[name];
    return isRecord(variable) && variable.default !== undefined ? String(variable.default) : '';
  });
  let path: string;
  try {
    // A relative server URL ("/api") is relative to where the document is served: only its path matters here.
    path = new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return '';
  }
  return path.replace(/\/+$/, '');
}
