import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';

/** Names in the stack's KNOWN_FAULTS list and in the self-check's SCENARIOS, read from their sources. */
function faultNames(): { declared: string[]; checked: string[] } {
  const lib = readFileSync('reference-stack/app/lib/faults.js', 'utf8');
  const list = /KNOWN_FAULTS = \[([\s\S]*?)\]/.exec(lib)?.[1] ?? '';
  const declared = [...list.matchAll(/'([a-z-]+)'/g)].map((m) => m[1] as string).sort();
  const scenarios = readFileSync('reference-stack/selfcheck/faults.js', 'utf8');
  const checked = [...scenarios.matchAll(/fault: '([a-z-]+)'/g)].map((m) => m[1] as string).sort();
  return { declared, checked };
}

test('every declared fault switch has a scenario in the reference-stack self-check', () => {
  const { declared, checked } = faultNames();
  expect(declared.length, 'KNOWN_FAULTS parsed from reference-stack/app/lib/faults.js').toBeGreaterThan(10);
  expect(checked, 'fault switches without a self-check scenario, or scenarios for unknown switches').toEqual(declared);
});

// Issue 3: every fault switch changes what the stack does. reference-stack/selfcheck drives each switch on a
// real stack (compose project sgref-selfcheck, ports +10000) and checks its effect route by route.
test('every reference-stack fault switch changes what the stack does, and the healthy stack serves every route', async () => {
  const child = spawn('bash', ['reference-stack/selfcheck.sh'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const summary = /(\d+)\/(\d+) checks passed/.exec(output);
  expect(summary, `no summary line from the self-check:\n${output.slice(-3000)}`).not.toBeNull();
  expect(code, output.slice(-4000)).toBe(0);
  expect(summary?.[1], output.slice(-4000)).toBe(summary?.[2]);
});
