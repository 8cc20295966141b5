/**
 * npm run report -- [--results DIR] [--output DIR]
 *
 * Renders the Allure 3 deployment report as ONE self-contained HTML file (opens from file://):
 * allure-results/ -> allure-report/index.html, with the staging decision first.
 */
import { resolveAllureResultsDir } from '../core/output-paths.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ALLURE_BIN = join(ROOT, 'node_modules', '.bin', 'allure');
const CONFIG = join(ROOT, 'allurerc.mjs');

function fail(message: string): never {
  console.error(`staging-gate report: ${message}`);
  process.exit(1);
}

function main(): void {
  let values;
  try {
    values = parseArgs({
      options: { results: { type: 'string' }, output: { type: 'string' } },
      strict: true,
    }).values;
  } catch (error) {
    fail(`${(error as Error).message}. Usage: npm run report -- [--results DIR] [--output DIR]`);
  }
  const results = values.results ? resolve(values.results) : resolveAllureResultsDir();
  const output = resolve(values.output ?? 'allure-report');
  if (!existsSync(results) || readdirSync(results).length === 0) {
    fail(
      `no Allure results in ${results}. Run the gate first (npx playwright test --project=staging), ` +
        'or point to a results folder with --results DIR or ALLURE_RESULTS_DIR.',
    );
  }
  if (!existsSync(ALLURE_BIN)) fail(`Allure 3 is not installed (${ALLURE_BIN} missing): run npm ci.`);
  // Allure appends to an existing folder; a stale file must never pass for this run's report.
  rmSync(output, { recursive: true, force: true });
  // Allure's trend history, carried between CI runs next to the decision history.
  const history = resolve(process.env.STAGING_ALLURE_HISTORY_FILE || 'staging-history/allure-history.jsonl');
  mkdirSync(dirname(history), { recursive: true });

  const started = performance.now();
  const allure = spawnSync(ALLURE_BIN, ['generate', results, '--config', CONFIG, '--output', output], {
    // allurerc.mjs reads the decision from the same results folder.
    env: { ...process.env, ALLURE_RESULTS_DIR: results, STAGING_ALLURE_HISTORY_FILE: history, FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (allure.status !== 0) {
    fail(
      `allure generate exited with ${allure.status ?? allure.signal ?? allure.error?.message}:\n${allure.stderr || allure.stdout}`,
    );
  }
  const index = join(output, 'index.html');
  if (!existsSync(index)) fail(`allure generate produced no ${index}:\n${allure.stdout}`);
  const megabytes = statSync(index).size / 1024 / 1024;
  console.log(`staging-gate report: ${index} (single file, ${megabytes.toFixed(1)} MB) in ${seconds.toFixed(1)} s`);
}

main();
