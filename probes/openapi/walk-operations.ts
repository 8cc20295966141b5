/** Every path x method of a document in document order, path items' `$ref`s followed. */
import { deref, toPointer } from './json-pointer.ts';
import { HTTP_METHODS, isRecord } from './types.ts';

/** One operation object where it sits in the document. */
export interface RawOperation {
  /** Lower-case method key ("get"). */
  method: string;
  /** Path template key ("/orders/{orderId}"). */
  path: string;
  /** The path item (after `$ref`), for path-level parameters and servers. */
  pathItem: Record<string, unknown>;
  /** JSON pointer of the path item where it was found (the `$ref` target when it was a ref). */
  pathPointer: string;
  /** The operation object. */
  operation: Record<string, unknown>;
  /** JSON pointer of the operation object. */
  pointer: string;
}

const METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

/** Path items that are external refs are skipped: their methods are unknown without fetching them. */
export function walkOperations(document: Record<string, unknown>): RawOperation[] {
  const paths = isRecord(document.paths) ? document.paths : {};
  const found: RawOperation[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(document, rawItem, toPointer(['paths', path]));
    if (!item.ok || !isRecord(item.value)) continue;
    for (const [method, operation] of Object.entries(item.value)) {
      if (!METHODS.has(method) || !isRecord(operation)) continue;
      const pointer = `${item.pointer}${toPointer([method])}`;
      found.push({ method, path, pathItem: item.value, pathPointer: item.pointer, operation, pointer });
    }
  }
  return found;
}
