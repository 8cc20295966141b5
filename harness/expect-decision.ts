import { expect as base } from '@playwright/test';
import type { CriterionId, Verdict } from '../core/catalog.ts';
import { describeRun, type GateRun } from './run-gate.ts';

/** What a self-test expects of a gate run's decision. */
export interface ExpectedDecision {
  verdict: Verdict;
  /** A reason naming this criterion must exist (NO-GO / CONDITIONAL runs). */
  criterion?: CriterionId;
  /** ... from this check ... */
  check?: string;
  /** ... in this phase ... */
  phase?: string;
  /** ... whose message contains every one of these words. */
  mentioning?: readonly string[];
}

/**
 * `expect(run).toDecide({ verdict, criterion, check, phase, mentioning })`: one matcher for "this run
 * decided V with criterion C in phase P mentioning W", with the exit code that goes with the verdict
 * (0 for GO and CONDITIONAL, 1 for NO-GO) and the run's account on failure.
 */
export const expect = base.extend({
  toDecide(run: GateRun, want: ExpectedDecision) {
    const decision = run.decision;
    const problems: string[] = [];
    if (decision?.verdict !== want.verdict)
      problems.push(`verdict ${decision?.verdict ?? 'none'}, expected ${want.verdict}`);
    const exit = want.verdict === 'NO-GO' ? 1 : 0;
    if (run.exitCode !== exit) problems.push(`exit code ${run.exitCode}, expected ${exit}`);
    if (want.verdict === 'GO' && (decision?.reasons.length ?? 0) > 0) problems.push('a GO with reasons');
    if (want.criterion) {
      const named = (decision?.reasons ?? []).filter(
        (r) =>
          r.criterion === want.criterion &&
          (!want.check || r.check === want.check) &&
          (!want.phase || r.phase === want.phase) &&
          (want.mentioning ?? []).every((word) => r.message.includes(word)),
      );
      if (named.length === 0) {
        const what = [
          want.check ? `from "${want.check}"` : '',
          want.phase ? `in phase ${want.phase}` : '',
          want.mentioning?.length ? `mentioning ${want.mentioning.map((w) => `"${w}"`).join(', ')}` : '',
        ]
          .filter(Boolean)
          .join(' ');
        problems.push(`no ${want.criterion} reason ${what}`);
      }
    }
    const colours = (decision?.reasons ?? []).some((r) => r.message.includes('\u001b['));
    if (colours) problems.push('terminal colour codes in reason messages');
    const pass = problems.length === 0;
    return {
      pass,
      name: 'toDecide',
      message: () =>
        pass ? `expected the run not to decide ${want.verdict}` : `${problems.join('; ')}\n${describeRun(run)}`,
    };
  },
});
