import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { stableHash } from '../../core/canonical-hash.ts';
import type { Decision } from '../../core/evidence.ts';
import { decide } from '../../reporters/decision/decide.ts';
import { canonicalHash } from '../../reporters/decision/evidence-hash.ts';
import { findObjective, objectiveFinder, patternRegExp, resolvePolicy } from '../../reporters/decision/policy.ts';
import { largeEvidence, POLICY_OVERRIDES } from './decision-perf-evidence.ts';

/**
 * decide() was made fast (one index of the checks, compiled objective patterns, a cheaper canonical
 * hash): its decisions must not change. The fixture holds the decisions the rules made before that
 * change, for large evidence that exercises every rule. Results are compared, never durations.
 */
const FIXTURE = new URL('./decision-perf-equivalence.fixture.json', import.meta.url);
const before = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Decision>;
const history = Array.from({ length: 30 }, (_, i) => ({ verdict: i % 4 === 0 ? ('NO-GO' as const) : ('GO' as const) }));

for (const variant of [0, 1, 2]) {
  for (const [pi, override] of POLICY_OVERRIDES.entries()) {
    test(`large evidence, variant ${variant}, policy ${pi}: the same decision as before the fast rules`, () => {
      const decision = decide(largeEvidence(600, variant), resolvePolicy(override), history);
      expect(JSON.parse(JSON.stringify(decision))).toEqual(before[`variant ${variant}, policy ${pi}`]);
    });
  }
}

test('the evidence hash is stableHash of the evidence, whatever the shapes in it', () => {
  for (const variant of [0, 1, 2]) {
    const evidence = largeEvidence(2000, variant);
    expect(canonicalHash(evidence)).toBe(stableHash(evidence));
    expect(decide(evidence, resolvePolicy(undefined)).evidenceHash).toBe(stableHash(evidence));
  }
  const odd = JSON.parse(
    '{"b":1,"__proto__":{"z":1,"a":[1,null,{"y":2,"x":1}]},"10":3,"2":4,"a":{"d":null},"c":[]}',
  ) as Record<string, unknown>;
  class Tagged {
    constructor(
      readonly b = 1,
      readonly a = 2,
    ) {}
    toJSON() {
      return 'not called by canonical JSON';
    }
  }
  Object.assign(odd, {
    u: undefined,
    dt: new Date(0),
    arr: [undefined, () => 1, 'x', [], {}, { b: undefined, a: 1 }],
    f: () => 2,
    sorted: { a: 1, b: [1, 2], c: { d: 'e' } },
    tagged: new Tagged(),
    nul: Object.assign(Object.create(null) as object, { b: 1, a: 2 }),
    n: [NaN, Infinity, -0, 1e21, 0.1],
    s: 'é\u2028\ud800"\\',
  });
  for (const value of [odd, [odd, odd], 'text', 1, null, true, [], {}])
    expect(canonicalHash(value)).toBe(stableHash(value));
});

/** The hash, or what was thrown: both must be stableHash's. */
function outcome(hash: (value: unknown) => string, value: unknown): string {
  try {
    return hash(value);
  } catch (error) {
    return `threw ${(error as Error).name}: ${(error as Error).message}`;
  }
}

test('plain data is hashed as stableHash hashes it: key order, escapes, dropped members, chunk ends', () => {
  // Integer-like keys come first in JSON.stringify's copy, ascending; an own __proto__ stays a member.
  const plain = JSON.parse(
    '{"b":1,"__proto__":{"z":1,"a":[1,null,{"y":2,"x":1}]},"10":3,"2":4,"4294967295":5,"-1":6,"01":7,"a":{"d":null},"c":[],"e":{}}',
  ) as Record<string, unknown>;
  Object.assign(plain, {
    u: undefined,
    arr: [undefined, () => 1, Symbol('s'), 'x', [], {}, { b: undefined, a: 1 }, [[1, [2, [undefined]]]]],
    f: () => 2,
    sym: Symbol('t'),
    onlyUndefined: { a: undefined, b: () => 1 },
    nul: Object.assign(Object.create(null) as object, { b: 1, a: 2 }),
    n: [NaN, Infinity, -Infinity, -0, 1e21, 1e-7, 0.1, 5e-324, 2 ** 53 + 2],
    s: ['é\u2028\u2029\u007f', '\ud800', 'a\udc00b', '"\\\b\f\n\r\t\u0000\u001f', '😀', 'plain'],
    keys: { é: 1, 'e\u0301': 2, '😀': 3, '\ud800': 4, 'a"b': 5, '': 6, Z: 7, a: 8 },
  });
  // Sparse arrays are written with null in the holes.
  const sparse: unknown[] = [1];
  sparse[3] = 'x';
  // Thousands of members: several chunks, non-ASCII in each, and more object shapes than the writer remembers.
  const long = Array.from({ length: 3000 }, (_, i) => ({
    [`k${i % 50}`]: '😀'.repeat(i % 7),
    i,
    text: `${'x'.repeat(i % 300)}\u00e9`,
  }));
  for (const value of [plain, sparse, long, [plain, long], { long, plain }, '😀', -0, NaN, [undefined]])
    expect(outcome(canonicalHash, value)).toBe(outcome(stableHash, value));
});

test('values JSON.stringify treats specially are hashed as stableHash hashes them, or throw as it throws', () => {
  class Tagged {
    readonly b = 1;
    readonly a = 2;
  }
  class List extends Array<number> {}
  const special: unknown[] = [
    { at: new Date(0), never: new Date(NaN) },
    { own: { toJSON: () => 'own toJSON', a: 1 } },
    { notCallable: { toJSON: 'a string', a: 1 } },
    { tagged: new Tagged() },
    { boxed: [Object(1), Object('s'), Object(true)] },
    { list: List.from([2, 1]) },
    { map: new Map([['a', 1]]), set: new Set([1]) },
    { bytes: new Uint8Array([1, 2]) },
    undefined,
    () => 1,
    Symbol('top'),
    { big: 1n },
  ];
  for (const value of special) expect(outcome(canonicalHash, value)).toBe(outcome(stableHash, value));
});

/** findObjective as it was: every wildcard pattern compiled and sorted on every call. */
function findObjectiveBefore(policy: ReturnType<typeof resolvePolicy>, name: string) {
  const exact = policy.objectives[name];
  if (exact) return { pattern: name, objective: exact };
  const literal = (p: string) => p.replaceAll('*', '').length;
  const best = Object.entries(policy.objectives)
    .filter(([pattern]) => pattern.includes('*') && patternRegExp(pattern).test(name))
    .sort(([a], [b]) => literal(b) - literal(a) || (a < b ? -1 : 1))[0];
  return best ? { pattern: best[0], objective: best[1] } : null;
}

test('the objective finder picks what findObjective picked for every name', () => {
  for (const override of POLICY_OVERRIDES) {
    const policy = resolvePolicy(override);
    const find = objectiveFinder(policy);
    const names = largeEvidence(600, 0).checks.flatMap((c) => c.measurements.map((m) => m.name));
    for (const name of [
      ...names,
      'deploy.startup.',
      'perf.a.p95.vs-baseline',
      'perf.x.http_req_duration.p95',
      'nothing',
    ]) {
      expect(find(name)).toEqual(findObjectiveBefore(policy, name));
      expect(findObjective(policy, name)).toEqual(findObjectiveBefore(policy, name));
    }
  }
});
