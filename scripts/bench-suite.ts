/**
 * npm run bench:suite [-- --project=self] [-- --from report.json]: runs the gate's own test suite
 * (playwright.self.config.ts) with Playwright's JSON reporter and prints the figures the next change
 * compares against: wall time, worker count, pass/fail counts and the slowest files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface JsonSpec {
  file: string;
  tests: { results: { duration: number; status: string }[] }[];
}
interface JsonSuite {
  file?: string;
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}
interface JsonReport {
  config: { workers?: number; metadata?: { actualWorkers?: number } };
  suites: JsonSuite[];
  stats: { duration: number; expected: number; unexpected: number; skipped: number; flaky: number };
}

function specsOf(suite: JsonSuite): JsonSpec[] {
  return [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specsOf)];
}

export function summarize(report: JsonReport, top = 10): string {
  const byFile = new Map<string, { ms: number; tests: number }>();
  for (const spec of report.suites.flatMap(specsOf)) {
    const entry = byFile.get(spec.file) ?? { ms: 0, tests: 0 };
    for (const t of spec.tests) {
      entry.tests++;
      entry.ms += t.results.reduce((n, r) => n + r.duration, 0);
    }
    byFile.set(spec.file, entry);
  }
  const slowest = [...byFile].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
  const s = report.stats;
  const workers = report.config.metadata?.actualWorkers ?? report.config.workers ?? 0;
  return [
    `suite wall time: ${(s.duration / 60_000).toFixed(1)} min (${Math.round(s.duration / 1000)} s), workers: ${workers}`,
    `tests: ${s.expected} passed, ${s.unexpected} failed, ${s.flaky} flaky, ${s.skipped} skipped`,
    'slowest files (summed test time):',
    ...slowest.map(
      ([file, e]) => `  ${(e.ms / 60_000).toFixed(1).padStart(5)} min  ${String(e.tests).padStart(3)} tests  ${file}`,
    ),
  ].join('\n');
}

function main(): number {
  const args = process.argv.slice(2);
  const from = args.find((a) => a.startsWith('--from='))?.slice('--from='.length);
  let file = from;
  if (!file) {
    file = join(mkdtempSync(join(tmpdir(), 'staging-gate-bench-suite-')), 'report.json');
    const run = spawnSync(
      process.execPath,
      ['node_modules/@playwright/test/cli.js', 'test', '-c', 'playwright.self.config.ts', '--reporter=json', ...args],
      { env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: file }, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (run.error) throw run.error;
  }
  console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as JsonReport));
  return 0;
}

if (process.argv[1]?.endsWith('bench-suite.ts')) process.exit(main());
