import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GateConfig } from '../../core/config/load-config.ts';
import { listOperations, type OpenApiOperation } from './operations.ts';
import { fetchTextSync, readOpenApiSync, type ReadResult } from './read-document.ts';

export interface ProfileOpenApi {
  read: ReadResult;
  operations: OpenApiOperation[];
}

const cache = new Map<string, ProfileOpenApi>();

/**
 * The profile's OpenAPI document (`openapi.document`: a file next to the profile, a path on the api, or a URL),
 * read synchronously: its checks are generated when Playwright collects tests. Null when the profile has none.
 */
export function profileOpenApi(config: GateConfig): ProfileOpenApi | null {
  const spec = config.profile.openapi;
  if (!spec) return null;
  // A URL as is; an absolute path that is no file is a path on the api (e.g. /openapi.json); else a file next to the profile.
  const onApi = /^https?:\/\//.test(spec.document)
    ? spec.document
    : spec.document.startsWith('/') && !existsSync(spec.document)
      ? config.apiUrl + spec.document
      : resolve(config.profileDir, spec.document);
  const key = `${config.profileDir}|${onApi}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const read = readOpenApiSync(onApi, {
    cwd: config.profileDir,
    fetchSync: (url) => fetchTextSync(url, config.httpTimeoutMs),
  });
  let operations: OpenApiOperation[] = [];
  if (read.ok) {
    try {
      operations = listOperations(read.document, { publicOperations: spec.public, params: spec.params });
    } catch (error) {
      const result = {
        read: { ok: false as const, problem: `${read.source}: ${(error as Error).message}` },
        operations,
      };
      cache.set(key, result);
      return result;
    }
  }
  const result = { read, operations };
  cache.set(key, result);
  return result;
}
