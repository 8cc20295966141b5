import { defineConfig } from '@playwright/test';

/**
 * Tests of staging-gate itself (not of a staging target):
 * - unit: pure modules (config, decision, thresholds, parsers), seconds, no Docker.
 * - self: runs the real gate as a child process against the reference stack and the sample apps with
 *   their fault switches on, and asserts the verdict and criterion in decision.json. Files run in
 *   parallel workers: each worker has its own port range (harness/run-gate.ts `workerPortBase`) and
 *   every gate run its own compose project.
 */
export default defineConfig({
  testDir: 'tests',
  forbidOnly: !!process.env.CI,
  // The JSON report lets `npm run bench:suite -- --from=test-results/self-report.json` compare any run (CI's too).
  reporter: [['list'], ['json', { outputFile: 'test-results/self-report.json' }]],
  // Two workers on two cores: a gate run waits on Docker and the network as much as it computes.
  workers: Number(process.env.SELFTEST_WORKERS || 2),
  projects: [
    { name: 'unit', testDir: 'tests/unit', fullyParallel: true, timeout: 30_000 },
    { name: 'self', testDir: 'tests/self', timeout: 10 * 60_000 },
  ],
});
