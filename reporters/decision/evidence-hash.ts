import { createHash } from 'node:crypto';

/**
 * `stableHash(value)` of core/canonical-hash.ts, the same value computed with far less garbage. The
 * canonical JSON there is `JSON.stringify` of a copy of the value with keys sorted at every level and
 * `undefined` members dropped; over 50,000 checks building that copy was most of decide()'s time.
 * Here:
 * - a plain object (or array) that is already canonical (keys in code-unit order, no `undefined`
 *   member, canonical members) is not copied: JSON.stringify writes it exactly as it writes its copy
 *   (same own enumerable keys in the same order). Empty arrays, findings and the like are shared.
 * - the others are copied with a plain key sort (reusing the last order for the next object with the
 *   same keys: checks share their shape) and assignments, instead of entry arrays and fromEntries.
 * Anything else (Dates, class instances, array subclasses) goes through exactly the steps
 * canonicalJson takes. Proposed: move this into core/canonical-hash.ts so every stableHash caller gains.
 */
export function canonicalHash(value: unknown): string {
  return `sha256:${createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex')}`;
}

/** The last key list that needed sorting, and its sorted order. */
let lastKeys: readonly string[] = [];
let lastSorted: readonly string[] = [];

function sortedKeys(keys: string[]): readonly string[] {
  if (keys.length === lastKeys.length && keys.every((k, i) => k === lastKeys[i])) return lastSorted;
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      lastKeys = keys;
      lastSorted = [...keys].sort();
      return lastSorted;
    }
  }
  return keys;
}

function canonical(value: unknown): unknown {
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return value.map(canonical);
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const member: unknown = value[i];
      const copy = canonical(member);
      if (copy !== member && out === null) out = value.slice(0, i);
      if (out !== null) out[i] = copy;
    }
    return out ?? value;
  }
  const source = value as Record<string, unknown>;
  const proto: unknown = Object.getPrototypeOf(source);
  const keys = Object.keys(source);
  const order = sortedKeys(keys);
  // Not a plain object: always a copy, as canonicalJson makes (an inherited toJSON is not called).
  let changed = order !== keys || (proto !== Object.prototype && proto !== null);
  const members: unknown[] = new Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const member = source[order[i] as string];
    const copy = member === undefined ? undefined : canonical(member);
    if (member === undefined || copy !== member) changed = true;
    members[i] = copy;
  }
  if (!changed) return source;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < order.length; i++) {
    const key = order[i] as string;
    const member = members[i];
    if (member === undefined) continue;
    // An own `__proto__` member (JSON.parse makes one) stays a member, as Object.fromEntries keeps it.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
    else out[key] = member;
  }
  return out;
}
