/**
 * Reads the profile's OpenAPI document synchronously (Playwright collects tests synchronously):
 * a local .yaml/.yml/.json file, or an http(s) URL on the target through an injected fetchSync.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseYaml } from '../../core/yaml.ts';
import { isRecord, type OpenApiDocument } from './types.ts';

export { fetchTextSync } from './fetch-text-sync.ts';

/** A document and where it came from, or a sentence saying what is wrong with the source. */
export type ReadResult =
  | {
      ok: true;
      /** The parsed document. */
      document: OpenApiDocument;
      /** Absolute file path or URL it was read from. */
      source: string;
      /** OpenAPI minor version: the schema dialect of the document. */
      version: '3.0' | '3.1';
    }
  | { ok: false; problem: string };

export interface ReadOptions {
  /** Directory relative file paths are resolved against (the gate's working directory). */
  cwd: string;
  /** Synchronous GET for URL sources (fetchTextSync in the gate, a stub in tests). */
  fetchSync?: (url: string) => string;
}

/** Parses text as JSON or YAML; the error says which syntax failed and where. */
function parseText(
  text: string,
  source: string,
  json: boolean,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    // YAML 1.2 is a superset of JSON; JSON.parse first for .json files for its precise messages.
    return { ok: true, value: json ? JSON.parse(text) : parseYaml(text) };
  } catch (error) {
    const syntax = json ? 'JSON' : 'YAML';
    const detail = (error as Error).message.split('\n')[0];
    return { ok: false, problem: `The OpenAPI document ${source} is not valid ${syntax}: ${detail}` };
  }
}

/** Checks the top level: an object with `openapi` 3.0.x or 3.1.x. */
function checkVersion(value: unknown, source: string): ReadResult {
  if (!isRecord(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'empty' : `a ${typeof value}`;
    return { ok: false, problem: `The OpenAPI document ${source} is ${kind}, not an object with an "openapi" field` };
  }
  if (typeof value.swagger === 'string') {
    return {
      ok: false,
      problem: `${source} is Swagger ${value.swagger}; the gate reads OpenAPI 3.0 or 3.1: convert it (e.g. swagger2openapi)`,
    };
  }
  if (value.openapi === undefined) {
    return { ok: false, problem: `The OpenAPI document ${source} has no "openapi" field; add e.g. openapi: 3.1.0` };
  }
  const version = String(value.openapi);
  const match = /^3\.([01])\.\d+$/.exec(version);
  if (typeof value.openapi !== 'string' || !match) {
    return {
      ok: false,
      problem: `The OpenAPI document ${source} declares openapi ${JSON.stringify(value.openapi)}; the gate reads 3.0.x and 3.1.x (write it as a string, e.g. "3.1.0")`,
    };
  }
  return { ok: true, document: value, source, version: match[1] === '1' ? '3.1' : '3.0' };
}

/** Reads and checks the document at `source`; never throws, a problem is returned instead. */
export function readOpenApiSync(source: string, options: ReadOptions): ReadResult {
  if (/^https?:\/\//i.test(source)) {
    if (!options.fetchSync)
      return { ok: false, problem: `No fetcher was given to read the OpenAPI document ${source}` };
    let text: string;
    try {
      text = options.fetchSync(source);
    } catch (error) {
      return { ok: false, problem: (error as Error).message };
    }
    // A URL's extension says little (/openapi, /docs-json): try JSON, then YAML.
    const parsed = parseText(text, source, text.trimStart().startsWith('{'));
    return parsed.ok ? checkVersion(parsed.value, source) : parsed;
  }
  const file = resolve(options.cwd, source);
  const extension = extname(file).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(extension)) {
    return { ok: false, problem: `The OpenAPI document ${file} should be a .yaml, .yml or .json file` };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
    return {
      ok: false,
      problem: `The OpenAPI document ${file} ${why}; check the profile's openapi path (relative to ${options.cwd})`,
    };
  }
  const parsed = parseText(text, file, extension === '.json');
  return parsed.ok ? checkVersion(parsed.value, file) : parsed;
}
