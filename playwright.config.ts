import { defineConfig, type Project } from '@playwright/test';
import { chromiumLaunchOptions } from './fixtures/browser/chromium.ts';
import { prepareRunEnvironment } from './core/config/run-environment.ts';
import { configuredValue } from './core/config/load-config.ts';
import { AGGREGATE_PROJECT, PHASES, TEARDOWN_PROJECT } from './core/catalog.ts';

prepareRunEnvironment();

// The target may be set in .env.staging only: read it the way the configuration does.
const deploysSomething = (configuredValue('STAGING_TARGET') ?? 'reference') === 'reference';

/** Projects generated from the one PHASES list: the runbook's phase graph (ARCHITECTURE §2). */
const phaseProjects: Project[] = PHASES.map((phase) => ({
  name: phase.id,
  testDir: `tests/${phase.id}`,
  dependencies: [...phase.dependsOn],
  // The reference stack is ours: remove it after every phase that uses it, even after failures.
  ...(phase.id === 'infra' && deploysSomething ? { teardown: TEARDOWN_PROJECT } : {}),
}));

export default defineConfig({
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  // A run that cannot finish in this time is a NO-GO (interrupted), never a hang.
  globalTimeout: 15 * 60_000,
  outputDir: 'test-results',
  globalSetup: './fixtures/global-setup.ts',
  globalTeardown: './fixtures/global-teardown.ts',
  reporter: [
    ['list'],
    ['./reporters/decision-reporter.ts'],
    [
      'allure-playwright',
      { resultsDir: process.env.ALLURE_RESULTS_DIR ?? 'allure-results', detail: true, suiteTitle: true },
    ],
    // Last: redacts what the reporters above wrote.
    ['./reporters/redact-outputs.ts'],
  ],
  use: {
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    ...phaseProjects,
    { name: TEARDOWN_PROJECT, testDir: 'tests/teardown' },
    { name: AGGREGATE_PROJECT, testDir: 'tests/staging', dependencies: ['rollback'] },
  ],
});
