import type { FullConfig } from '@playwright/test';
import { loadConfig } from '../../core/config/load-config.ts';
import { crashDecision, writeCrashDecision } from './fail-closed.ts';
import { resolveOutputs } from './run-context.ts';

/**
 * Why a run with these reporters could reach no verdict, or null. `--reporter` on the command line
 * replaces every reporter of playwright.config.ts, the decision reporter too: such a run would end
 * with Playwright's exit code alone, which knows nothing of findings, thresholds or skipped phases.
 */
export function missingDecisionReporter(reporters: FullConfig['reporter']): string | null {
  const names = reporters.map(([name]) => name);
  if (names.some((name) => /(^|[/\\])decision-reporter\.ts$/.test(name))) return null;
  // A shard writes a blob report; `merge-reports` decides over all shards (README "Sharded runs").
  if (names.includes('blob')) return null;
  return (
    `--reporter replaced the gate's reporters (this run has ${names.join(', ') || 'none'}), so no verdict could be made. ` +
    'Run without --reporter, or keep the decision reporter: --reporter=list,./reporters/decision-reporter.ts'
  );
}

/**
 * Global setup: refuses a run that could not decide, before any check runs, and leaves a NO-GO
 * decision.json saying why (CI reads that file; a missing one must not pass for a green run).
 */
export default function requireDecisionReporter(config: FullConfig): void {
  const problem = missingDecisionReporter(config.reporter);
  if (!problem) return;
  const loaded = loadConfig();
  const redact = loaded.ok ? loaded.config.redact : loaded.redact;
  const decision = crashDecision(
    new Error(problem),
    {},
    { what: 'no decision reporter', toGo: 'run the gate without --reporter (or with its decision reporter)' },
  );
  writeCrashDecision(resolveOutputs(loaded).outputDir, decision, redact);
  const refused = new Error(`staging-gate: verdict NO-GO: ${problem}`);
  // The message is the whole story: no stack and code frame of this file under it.
  refused.stack = refused.message;
  throw refused;
}
