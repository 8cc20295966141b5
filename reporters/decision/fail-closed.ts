import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POLICY } from './default-policy.ts';
import { DECISION_SCHEMA_VERSION, type Decision } from '../../core/evidence.ts';
import { OUTPUT_FILES } from './write-outputs.ts';

const CRASH = {
  what: 'decision reporter crashed',
  toGo: 'fix the decision reporter crash, then run the gate again (no verdict other than NO-GO is possible)',
};

/**
 * The decision when deciding itself failed (or, with another `account`, could not happen): NO-GO, class harness. Built from constants only, so
 * nothing here can throw for the same reason the decision did.
 */
export function crashDecision(
  error: unknown,
  run: { runId?: string; target?: string } = {},
  account: { what: string; toGo: string } = CRASH,
): Decision {
  const message = error instanceof Error ? error.message : String(error);
  const now = new Date().toISOString();
  return {
    schemaVersion: DECISION_SCHEMA_VERSION,
    verdict: 'NO-GO',
    decidedAt: now,
    runId: run.runId ?? process.env.STAGING_RUN_ID ?? 'adhoc',
    target: run.target ?? process.env.STAGING_TARGET ?? 'reference',
    reasons: [
      {
        criterion: 'all-phases-completed',
        effect: 'NO-GO',
        check: null,
        phase: null,
        message: `harness: ${account.what}: ${message.split('\n')[0]}`,
        class: 'harness',
        escalation: { level: 'L1', ...DEFAULT_POLICY.escalation.L1 },
      },
    ],
    toGo: [account.toGo],
    criteria: {},
    counts: { passed: 0, failed: 0, timedOut: 0, interrupted: 0, skipped: 0, 'did-not-run': 0, flaky: 0 },
    keyMeasurements: [],
    policyHash: '',
    evidenceHash: '',
  };
}

/** Writes the crash decision with plain fs calls; returns the error text if even that failed. */
export function writeCrashDecision(
  outputDir: string,
  decision: Decision,
  redact: (s: string) => string,
): string | null {
  try {
    mkdirSync(outputDir, { recursive: true });
    const json = redact(JSON.stringify(decision, null, 2));
    writeFileSync(join(outputDir, OUTPUT_FILES.decision), `${json}\n`);
    const reason = decision.reasons[0]?.message ?? 'harness: decision reporter crashed';
    writeFileSync(
      join(outputDir, OUTPUT_FILES.markdown),
      redact(`# Staging decision: NO-GO\n\n**NO-GO** (fail closed): ${reason}\n`),
    );
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
