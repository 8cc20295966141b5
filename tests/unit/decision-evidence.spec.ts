import { expect, test } from '@playwright/test';
import { readAnnotations } from '../../reporters/decision/annotations.ts';
import { errorText } from '../../reporters/decision/build-evidence.ts';
import { parseEvidence } from '../../reporters/decision/evidence-schema.ts';

const measurement = (m: unknown) => ({ type: 'staging-gate:measurement', description: JSON.stringify(m) });

test('evidence: a check declares its criterion and records measurements and findings', () => {
  const read = readAnnotations(
    'health p95',
    [{ type: 'criterion', description: 'performance-in-range' }],
    [
      measurement({ name: 'health.latency.p95', value: 42.5, unit: 'ms', samples: 20 }),
      // JSON.stringify(NaN) is null: a value that was never measured counts as zero samples.
      measurement({ name: 'deploy.startup.backend', value: Number.NaN, unit: 's', samples: 1 }),
      {
        type: 'staging-gate:finding',
        description: JSON.stringify({ criterion: 'minor-non-blocking-issue', severity: 'minor', message: 'slow' }),
      },
      { type: 'skip', description: 'not ours' },
    ],
  );
  expect(read.criterion).toBe('performance-in-range');
  expect(read.measurements).toEqual([
    { name: 'health.latency.p95', value: 42.5, unit: 'ms', samples: 20 },
    { name: 'deploy.startup.backend', value: 0, unit: 's', samples: 0 },
  ]);
  expect(read.findings).toEqual([{ criterion: 'minor-non-blocking-issue', severity: 'minor', message: 'slow' }]);
  expect(read.problems).toEqual([]);
});

test('evidence: annotations that break the contract become harness problems', () => {
  const read = readAnnotations(
    'bad check',
    [{ type: 'criterion', description: 'health-201' }],
    [
      { type: 'staging-gate:measurement', description: '{not json' },
      measurement({ name: 'x', value: 1, unit: 'furlongs' }),
      {
        type: 'staging-gate:finding',
        description: JSON.stringify({ criterion: 'nope', severity: 'minor', message: 'm' }),
      },
    ],
  );
  expect(read.criterion).toBeNull();
  expect(read.measurements).toEqual([]);
  expect(read.problems).toHaveLength(4);
  expect(read.problems.every((p) => p.startsWith('harness: check "bad check"'))).toBe(true);
  expect(read.problems[0]).toContain('unknown criterion "health-201"');
});

test('evidence: error text loses terminal colours and stops after 15 lines', () => {
  const long = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
  const text = errorText({ message: `\u001b[31mError: boom\u001b[39m\n${long}` });
  expect(text.startsWith('Error: boom\nline 1')).toBe(true);
  expect(text.split('\n')).toHaveLength(16);
  expect(text.endsWith('...')).toBe(true);
  expect(errorText({ value: 'thrown string' })).toBe('thrown string');
});

test('evidence: evidence.json is validated when read back', () => {
  expect(() => parseEvidence('{', 'e.json')).toThrow(/e\.json is not valid JSON/);
  expect(() => parseEvidence(JSON.stringify({ schemaVersion: 2 }), 'e.json')).toThrow(/not staging-gate evidence/);
});
