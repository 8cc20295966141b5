import { createHash, type Hash } from 'node:crypto';
import { stableHash } from '../../core/canonical-hash.ts';

/**
 * `stableHash(value)` of core/canonical-hash.ts, computed without its sorted copy and its one huge
 * string: over 50,000 checks those were most of decide()'s time. The canonical JSON (keys sorted at
 * every level, `undefined` members dropped, then JSON.stringify) is written straight into the hash in
 * small chunks, byte for byte what JSON.stringify writes for plain data: strings and keys are escaped
 * by JSON.stringify itself (only when they need it), numbers as JSON writes them, and members that
 * JSON.stringify drops (undefined, functions, symbols) dropped, or `null` in arrays.
 * Anything JSON.stringify treats specially (a toJSON, Dates, class instances, boxed values, array
 * subclasses, bigints) is not plain data: then the whole value goes through stableHash itself.
 */
export function canonicalHash(value: unknown): string {
  const hash = createHash('sha256');
  try {
    new CanonicalWriter(hash).write(value);
  } catch (error) {
    if (error instanceof NotPlainData) return stableHash(value);
    throw error;
  }
  return `sha256:${hash.digest('hex')}`;
}

class NotPlainData extends Error {}

/**
 * A code unit JSON.stringify may escape: anything but what it always writes as is (from space up, except
 * the quote and the backslash; surrogates are left to it, as it escapes lone ones only).
 */
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\ud7ff\ue000-\uffff]/;
const quote = (s: string) => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

/** Hashed in chunks of about this many characters: big enough to keep update() calls few, small enough to die young. */
const CHUNK = 8192;

/** An object shape seen before: its own keys as Object.keys gives them, in canonical order, and each written out. */
interface Shape {
  keys: readonly string[];
  order: readonly string[];
  prefixes: readonly string[];
}

/** Shapes remembered, newest first (checks, measurements and findings alternate: one would thrash). */
const SHAPES_KEPT = 32;

class CanonicalWriter {
  /** Written but not hashed yet. Only whole tokens are added, so a surrogate pair never straddles two chunks. */
  private pending = '';
  private readonly shapes: Shape[] = [];

  constructor(private readonly hash: Hash) {}

  write(value: unknown): void {
    // Top-level undefined, a function or a symbol: stableHash throws, as it should here.
    if (!this.member(value)) throw new NotPlainData();
    this.hash.update(this.pending);
  }

  /** Writes a value; false when JSON.stringify would leave it out (undefined, function, symbol). */
  private member(value: unknown): boolean {
    switch (typeof value) {
      case 'string':
        this.pending += quote(value);
        return true;
      case 'number':
        this.pending += Number.isFinite(value) ? String(value) : 'null';
        return true;
      case 'boolean':
        this.pending += value ? 'true' : 'false';
        return true;
      case 'object':
        if (value === null) this.pending += 'null';
        else if (Array.isArray(value)) this.array(value);
        else this.object(value as Record<string, unknown>);
        return true;
      case 'undefined':
      case 'function':
      case 'symbol':
        return false;
      default:
        throw new NotPlainData();
    }
  }

  private array(values: readonly unknown[]): void {
    if (Object.getPrototypeOf(values) !== Array.prototype || 'toJSON' in values) throw new NotPlainData();
    this.pending += '[';
    for (let i = 0; i < values.length; i++) {
      if (i > 0) this.pending += ',';
      if (!this.member(values[i])) this.pending += 'null';
      if (this.pending.length >= CHUNK) {
        this.hash.update(this.pending);
        this.pending = '';
      }
    }
    this.pending += ']';
  }

  private object(source: Record<string, unknown>): void {
    const proto: unknown = Object.getPrototypeOf(source);
    if ((proto !== Object.prototype && proto !== null) || 'toJSON' in source) throw new NotPlainData();
    const { order, prefixes } = this.shapeOf(Object.keys(source));
    let open = false;
    for (let i = 0; i < order.length; i++) {
      const member = source[order[i] as string];
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      this.pending += open ? `,${prefixes[i]}` : `{${prefixes[i]}`;
      open = true;
      this.member(member);
    }
    this.pending += open ? '}' : '{}';
  }

  private shapeOf(keys: readonly string[]): Shape {
    for (const shape of this.shapes) if (sameKeys(shape.keys, keys)) return shape;
    // The order JSON.stringify writes canonicalJson's copy in: its keys inserted in code-unit order, then
    // ordered as every object orders its keys (integer-like keys first, ascending), so asked of one.
    const order = Object.keys(Object.fromEntries([...keys].sort().map((k) => [k, 0])));
    const shape = { keys, order, prefixes: order.map((k) => `${JSON.stringify(k)}:`) };
    if (this.shapes.unshift(shape) > SHAPES_KEPT) this.shapes.pop();
    return shape;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
