import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { ConfigResult } from '../../core/config/load-config.ts';
import { resolveAllureResultsDir } from '../../core/output-paths.ts';
import type { RunContext } from './build-evidence.ts';
import type { RunInfo } from '../../core/evidence.ts';

/** Reporter options (playwright.config.ts: `['./reporters/decision-reporter.ts', { outputDir: '...' }]`). */
export interface DecisionReporterOptions {
  outputDir?: string;
  allureResultsDir?: string;
  /** Set by Playwright for every reporter: 'test', 'list' (`--list`) or 'merge' (merge-reports). */
  _mode?: string;
}

export interface OutputPaths {
  outputDir: string;
  historyFile: string;
  policyFile?: string;
  allureResultsDir: string;
}

/**
 * Output paths resolve here and nowhere else: environment first, then reporter option, then the
 * configuration's default. Works with invalid configuration too (the decision must still be written).
 */
export function resolveOutputs(
  config: ConfigResult,
  options: DecisionReporterOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): OutputPaths {
  const fromConfig = config.ok ? config.config : null;
  const outputDir = env.STAGING_OUTPUT_DIR
    ? resolve(cwd, env.STAGING_OUTPUT_DIR)
    : options.outputDir
      ? resolve(cwd, options.outputDir)
      : (fromConfig?.outputDir ?? resolve(cwd, 'staging-report'));
  const policy = fromConfig ? fromConfig.policyFile : env.STAGING_POLICY_FILE;
  return {
    outputDir,
    historyFile: fromConfig?.historyFile ?? resolve(cwd, env.STAGING_HISTORY_FILE || 'staging-history/history.jsonl'),
    ...(policy ? { policyFile: resolve(cwd, policy) } : {}),
    // The same variable allure-playwright is configured with in playwright.config.ts.
    allureResultsDir:
      env.ALLURE_RESULTS_DIR || !options.allureResultsDir
        ? resolveAllureResultsDir(env, cwd)
        : resolve(cwd, options.allureResultsDir),
  };
}

const TARGETS: readonly RunInfo['target'][] = ['reference', 'compose', 'external'];

/** Run identity and redaction for the evidence; with invalid configuration its issues become evidence. */
export function runContext(config: ConfigResult, env: NodeJS.ProcessEnv = process.env): RunContext {
  const commit = gitCommit(env);
  if (config.ok) {
    const c = config.config;
    const candidateVersion = c.expectedVersion;
    return {
      runId: c.runId,
      target: c.target,
      ...(candidateVersion ? { candidateVersion } : {}),
      ...(commit ? { commit } : {}),
      redact: c.redact,
      configIssues: [],
      profile: { name: c.profile.name, file: c.profileFile, hash: c.profileHash },
    };
  }
  const target = TARGETS.find((t) => t === env.STAGING_TARGET) ?? 'reference';
  return {
    runId: env.STAGING_RUN_ID || 'adhoc',
    target,
    ...(commit ? { commit } : {}),
    redact: config.redact,
    configIssues: config.issues,
  };
}

/** The commit under test: CI's variable, else the checkout's HEAD, else unknown. */
export function gitCommit(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GITHUB_SHA) return env.GITHUB_SHA;
  const git = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', timeout: 2000 });
  const sha = git.status === 0 ? git.stdout.trim() : '';
  return /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
}
