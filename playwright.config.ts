import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Project } from '@playwright/test';
import { chromiumLaunchOptions } from './fixtures/browser/chromium.ts';
import { prepareRunEnvironment } from './core/config/run-environment.ts';
import { loadConfig } from './core/config/load-config.ts';
import { AGGREGATE_PROJECT, PHASES, TEARDOWN_PROJECT, type PhaseId } from './core/catalog.ts';
import { resolveAllureResultsDir } from './core/output-paths.ts';
import { phaseDependencies, TEAM_SPECS_SUFFIX } from './core/phase-graph.ts';

prepareRunEnvironment();

// The profile is loaded here, synchronously: Playwright builds the test list before any setup runs.
const loaded = loadConfig();
const config = loaded.ok ? loaded.config : null;
const deploysSomething = (config?.target ?? process.env.STAGING_TARGET ?? 'reference') !== 'external';
const keepGoing = config?.keepGoing ?? false;
const specsDir = config?.profile.specs ? resolve(config.profileDir, config.profile.specs.dir) : null;
const teamSpecs = specsDir && existsSync(specsDir) ? specsDir : null;

const dependenciesOf = (phase: PhaseId): string[] =>
  phaseDependencies(phase, { keepGoing, deploys: deploysSomething }).flatMap((p) =>
    p === 'integration' && teamSpecs ? [p, `${p}${TEAM_SPECS_SUFFIX}`] : [p],
  );

/**
 * One worker per phase: a worker costs about a second of CPU to start, more than a phase's files take to run
 * one after another, and one worker shares its compose model and login between them. Health has a browser
 * check beside its HTTP ones, so two. Preflight on an external target has no compose model to share, and a
 * failed check restarts its worker (Playwright's rule): two there, with the probes of the running target last
 * (tests/preflight/reachability-*). PostgreSQL stopped, side by side: NO-GO in 3.1-3.4 s with two workers,
 * 3.4-3.9 s with three, whose start-ups compete for two cores.
 */
function phaseWorkers(phase: PhaseId): number | undefined {
  if (phase === 'health') return 2;
  if (phase === 'preflight' && !deploysSomething) return 2;
  return 1;
}

/** Projects generated from the one PHASES list: the runbook's phase graph (ARCHITECTURE §2). */
const phaseProjects: Project[] = PHASES.flatMap((phase) => {
  const project: Project = {
    name: phase.id,
    testDir: `tests/${phase.id}`,
    dependencies: dependenciesOf(phase.id),
    workers: phaseWorkers(phase.id),
    // The reference stack is ours: remove it after every phase that uses it, even after failures.
    ...(phase.id === 'infra' && config?.target === 'reference' ? { teardown: TEARDOWN_PROJECT } : {}),
  };
  // The team's own specs (the profile's `specs.dir`) run as part of the integration phase.
  const own: Project[] =
    phase.id === 'integration' && teamSpecs
      ? [
          {
            name: `${phase.id}${TEAM_SPECS_SUFFIX}`,
            testDir: teamSpecs,
            dependencies: dependenciesOf(phase.id),
            workers: 1,
          },
        ]
      : [];
  return [project, ...own];
});

export default defineConfig({
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  // Keep-going runs phases without their read-only dependencies; one worker keeps them in runbook order.
  // Otherwise four: integration, its team specs, api and security are independent and wait on the network,
  // so they start together instead of one after another (each phase itself has one worker, see above).
  workers: keepGoing ? 1 : 4,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  // A run that cannot finish in this time is a NO-GO (interrupted), never a hang.
  globalTimeout: 15 * 60_000,
  outputDir: 'test-results',
  // `import { test } from 'staging-gate'` in a team's specs, wherever they live.
  tsconfig: './tsconfig.specs.json',
  // First: a run whose --reporter dropped the decision reporter is refused before any check runs.
  globalSetup: ['./reporters/decision/require-decision-reporter.ts', './fixtures/global-setup.ts'],
  globalTeardown: './fixtures/global-teardown.ts',
  reporter: [
    ['list'],
    ['./reporters/decision-reporter.ts'],
    ['allure-playwright', { resultsDir: resolveAllureResultsDir(), detail: true, suiteTitle: true }],
    // After allure-playwright: its results grouped by runbook phase, did-not-run checks, decision trend.
    ['./reporters/allure-runbook.ts'],
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
