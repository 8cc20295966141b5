/**
 * The OpenAPI document named by `--openapi` (a file or a URL): read, checked to be OpenAPI 3.0 / 3.1 and
 * validated against the official schema. Any problem is returned as one message naming the source and,
 * for an invalid document, every problem by JSON path: the CLI then exits 2 and writes nothing.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { readOpenApiSync } from '../openapi/read-document.ts';
import { formatProblems, validateOpenApi } from '../openapi/validate-document.ts';
import { httpGet } from './http-get.ts';
import type { OpenApiFinding } from './types.ts';

export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export type OpenApiInput = { ok: true; finding: OpenApiFinding } | { ok: false; problem: string };

export interface OpenApiInputOptions {
  /** Where relative file names are resolved (the user's working directory). */
  cwd: string;
  /** The profile being written: a file reference is made relative to its folder. */
  outFile: string;
  /** The application's base URL: a URL under it is referenced as a path on the api. */
  apiUrl: string;
  /** Timeout of the GET of a URL source. */
  timeoutMs?: number;
}

export async function readOpenApiInput(source: string, options: OpenApiInputOptions): Promise<OpenApiInput> {
  const isUrl = /^https?:\/\//i.test(source);
  let text = '';
  if (isUrl) {
    const answer = await httpGet(source, {
      maxBytes: MAX_DOCUMENT_BYTES,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    if (!answer.ok) return { ok: false, problem: `--openapi ${source}: GET failed: ${answer.error}` };
    if (answer.status < 200 || answer.status > 299) {
      return {
        ok: false,
        problem: `--openapi ${source}: GET answered ${answer.status}, expected 200 with the document; check the URL`,
      };
    }
    text = answer.text;
  } else {
    const file = resolve(options.cwd, source);
    if (!existsSync(file)) return { ok: false, problem: `--openapi ${source}: ${file} does not exist` };
    if (!statSync(file).isFile()) return { ok: false, problem: `--openapi ${source}: ${file} is not a file` };
  }
  const read = readOpenApiSync(source, { cwd: options.cwd, fetchSync: () => text });
  if (!read.ok) return { ok: false, problem: `--openapi ${source}: ${read.problem}` };
  const validation = await validateOpenApi(read.document);
  if (!validation.ok) {
    const text = formatProblems(read.source, validation.problems).replace(
      'run the gate again',
      'run npm run init again',
    );
    return { ok: false, problem: `--openapi ${source}: ${text}` };
  }
  const documentRef = isUrl ? urlRef(source, options.apiUrl) : fileRef(read.source, options.outFile);
  return { ok: true, finding: { documentRef, source: read.source, document: read.document, given: true } };
}

/** A file relative to the profile's folder, as `./openapi.yaml` or `../api/openapi.yaml`. */
export function fileRef(absoluteFile: string, outFile: string): string {
  const rel = relative(dirname(resolve(outFile)), absoluteFile)
    .split(sep)
    .join('/');
  if (isAbsolute(rel)) return rel;
  return rel.startsWith('../') ? rel : `./${rel}`;
}

/** A URL under the api's base URL becomes a path on the api (the gate prefixes its STAGING_API_URL); else the URL. */
export function urlRef(url: string, apiUrl: string): string {
  const base = apiUrl.replace(/\/+$/, '');
  return url.startsWith(`${base}/`) ? url.slice(base.length) : url;
}
