import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestError,
  TestResult,
} from '@playwright/test/reporter';
import { loadConfig } from '../core/config/load-config.ts';
import { createRedactor, redactDeep } from '../core/redact.ts';
import { removeAllureDecision, writeAllureDecision } from './decision/allure-decision.ts';
import { crashDecision, writeCrashDecision } from './decision/fail-closed.ts';
import { finishRun } from './decision/finish-run.ts';
import { resolveOutputs, type DecisionReporterOptions } from './decision/run-context.ts';
import { removeStaleOutputs } from './decision/write-outputs.ts';

/**
 * The GO / CONDITIONAL / NO-GO decision reporter: gathers results during the run and hands them to
 * pure functions in onEnd. Fail closed: any exception ends in a NO-GO decision.json and a failed run.
 * Works under `playwright merge-reports` too (sharded runs): the merged suite carries every project.
 */
export default class DecisionReporter implements Reporter {
  private suite: Suite | undefined;
  private rootDir = process.cwd();
  private shard: FullConfig['shard'] = null;
  private readonly results = new Map<TestCase, TestResult>();
  private readonly globalErrors: TestError[] = [];
  private startedAt = new Date();

  constructor(private readonly options: DecisionReporterOptions = {}) {}

  /** `playwright test --list` runs nothing: there is nothing to decide, and the last decision must stay. */
  private get listing(): boolean {
    return this.options._mode === 'list' || process.argv.includes('--list');
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.suite = suite;
    this.rootDir = config.rootDir;
    this.shard = config.shard;
    this.startedAt = new Date();
    if (this.listing) return;
    try {
      const paths = resolveOutputs(loadConfig(), this.options);
      removeStaleOutputs(paths.outputDir);
      removeAllureDecision(paths.allureResultsDir);
    } catch (error) {
      // Not fatal: onEnd rewrites every file or fails closed.
      console.warn(`staging-gate: could not remove the previous decision files: ${(error as Error).message}`);
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.results.set(test, result);
  }

  onError(error: TestError): void {
    this.globalErrors.push(error);
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    if (this.listing) return undefined;
    if (this.shard && this.shard.total > 1) {
      // One shard is a partial run: the verdict is made once, over all shards, by merge-reports.
      console.log(
        `staging-gate: shard ${this.shard.current}/${this.shard.total}: no decision here; run ` +
          '`npx playwright merge-reports --reporter=./reporters/decision-reporter.ts <blob reports>` over all shards.',
      );
      return undefined;
    }
    try {
      if (!this.suite) throw new Error('onEnd without onBegin: no test suite to decide on');
      const { decision } = await finishRun(
        {
          suite: this.suite,
          results: this.results,
          globalErrors: this.globalErrors,
          full: result,
          rootDir: this.rootDir,
          shard: this.shard,
        },
        this.options,
        { env: process.env, cwd: process.cwd(), print: (t) => console.log(t), warn: (t) => console.warn(t) },
      );
      return decision.verdict === 'NO-GO' ? { status: 'failed' } : undefined;
    } catch (error) {
      try {
        this.failClosed(error);
      } catch {
        console.error('staging-gate: verdict NO-GO (fail closed): the decision reporter crashed twice');
      }
      return { status: 'failed' };
    }
  }

  /** Writes a NO-GO decision with plain calls (and into the Allure results if possible) and says so; never throws. */
  private failClosed(error: unknown): void {
    // The last resort when even the configuration cannot be read: the resolver's own first rule and default.
    let outputDir = process.env.STAGING_OUTPUT_DIR || this.options.outputDir || 'staging-report';
    let allureResultsDir: string | null = null;
    let redact = createRedactor([]);
    try {
      const config = loadConfig();
      redact = config.ok ? config.config.redact : config.redact;
      const paths = resolveOutputs(config, this.options);
      outputDir = paths.outputDir;
      allureResultsDir = paths.allureResultsDir;
    } catch {
      // Keep the fallbacks above: the crash may come from configuration itself.
    }
    const decision = crashDecision(error);
    const writeError = writeCrashDecision(outputDir, decision, redact);
    const message = redact(decision.reasons[0]?.message ?? 'harness: decision reporter crashed');
    console.error(
      `staging-gate: verdict NO-GO (fail closed): ${message}` +
        (writeError ? `\nstaging-gate: could not write ${outputDir}/decision.json either: ${writeError}` : ''),
    );
    try {
      if (allureResultsDir) {
        const markdown = redact(`# Staging decision: NO-GO\n\n**NO-GO** (fail closed): ${message}\n`);
        const run = { startedAt: this.startedAt.toISOString(), finishedAt: new Date().toISOString() };
        writeAllureDecision(allureResultsDir, redactDeep(decision, redact), markdown, run);
      }
    } catch {
      // The decision files and the exit code already say NO-GO; the report is best effort here.
    }
  }
}
