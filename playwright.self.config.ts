import { defineConfig } from '@playwright/test';

/**
 * Tests of staging-gate itself (not of a staging target):
 * - unit: pure modules (config, decision, thresholds, parsers), seconds, no Docker.
 * - self: runs the real gate as a child process against the reference stack with fault switches on,
 *   and asserts the verdict and criterion in decision.json. One at a time: they share Docker and ports.
 */
export default defineConfig({
  testDir: 'tests',
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  workers: 1,
  projects: [
    { name: 'unit', testDir: 'tests/unit', fullyParallel: true, timeout: 30_000 },
    { name: 'self', testDir: 'tests/self', timeout: 10 * 60_000 },
  ],
});
