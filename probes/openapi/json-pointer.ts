/**
 * JSON pointers and local `$ref`s ("#/components/schemas/Order") in an OpenAPI document.
 * Only local refs are followed: the gate reads one file (or one URL) and fetches nothing else.
 */
import { isRecord } from './types.ts';

/** Escapes one reference token ("/orders" -> "~1orders"). */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON pointer from tokens: ['paths', '/orders', 'get'] -> "/paths/~1orders/get". */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((token) => `/${escapeToken(String(token))}`).join('');
}

/** The value at a JSON pointer ("" is the root), or undefined when a step is missing. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let current = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = /^\d+$/.test(token) ? current[Number(token)] : undefined;
    else if (isRecord(current)) current = Object.hasOwn(current, token) ? current[token] : undefined;
    else return undefined;
  }
  return current;
}

/** A followed `$ref` chain: the value and where it lives, or why it could not be followed. */
export type Deref = { ok: true; value: unknown; pointer: string } | { ok: false; external: boolean; reason: string };

/** Whether a `$ref` string points inside this document. */
export function isLocalRef(ref: string): boolean {
  return ref.startsWith('#');
}

/** The JSON pointer of a local ref: "#/components/schemas/Order%20Line" -> "/components/schemas/Order Line". */
export function refPointer(ref: string): string {
  return decodeURIComponent(ref.slice(1));
}

/**
 * Follows `value` while it is a `{ $ref }` object (a ref to a ref too), with cycle protection.
 * `pointer` is where `value` sits, so errors can name it.
 */
export function deref(document: unknown, value: unknown, pointer: string): Deref {
  const seen = new Set<string>();
  let current = value;
  let at = pointer;
  while (isRecord(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!isLocalRef(ref)) {
      return { ok: false, external: true, reason: `external $ref "${ref}" at ${at || '/'} is not followed` };
    }
    const target = refPointer(ref);
    if (seen.has(target)) return { ok: false, external: false, reason: `$ref cycle through "${ref}" at ${at}` };
    seen.add(target);
    const next = valueAt(document, target);
    if (next === undefined) {
      return { ok: false, external: false, reason: `$ref "${ref}" at ${at || '/'} points at nothing` };
    }
    current = next;
    at = target;
  }
  return { ok: true, value: current, pointer: at };
}

/**
 * The first `$ref` under `value` (following local refs transitively) that cannot be followed:
 * external, or pointing at nothing. Null when every ref resolves inside the document.
 */
export function findUnfollowableRef(document: unknown, value: unknown, pointer: string): string | null {
  const visited = new Set<unknown>();
  const stack: { node: unknown; at: string }[] = [{ node: value, at: pointer }];
  while (stack.length > 0) {
    const { node, at } = stack.pop() as { node: unknown; at: string };
    if (typeof node !== 'object' || node === null || visited.has(node)) continue;
    visited.add(node);
    if (isRecord(node) && typeof node.$ref === 'string') {
      const followed = deref(document, { $ref: node.$ref }, at);
      if (!followed.ok) return followed.reason;
      stack.push({ node: followed.value, at: followed.pointer });
    }
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
    for (const [key, child] of entries.reverse()) stack.push({ node: child, at: `${at}/${escapeToken(key)}` });
  }
  return null;
}
