import type { Decision, Evidence } from '../../core/evidence.ts';
import type { HistoryEntry } from '../../core/history.ts';
import { perfP95s } from './key-measurements.ts';
import { notSelectedPhases } from './ledger.ts';

/** The history line of one decision: the verdict and the measurements later runs compare with (core/history.ts stores it). */
export function historyEntry(decision: Decision, evidence: Evidence): HistoryEntry {
  return {
    runId: decision.runId,
    decidedAt: decision.decidedAt,
    verdict: decision.verdict,
    target: decision.target,
    ...(decision.candidateVersion ? { candidateVersion: decision.candidateVersion } : {}),
    keyMeasurements: decision.keyMeasurements,
    perf: perfP95s(evidence.checks),
    policyHash: decision.policyHash,
    evidenceHash: decision.evidenceHash,
    ...(isPartialRun(evidence) ? { partial: true } : {}),
  };
}

/** A run that did not select every phase: never GO, and no deployment attempt for the success rate. */
export function isPartialRun(evidence: Evidence): boolean {
  return notSelectedPhases(evidence).length > 0;
}

/** Past complete runs, the basis of the runbook's deployment success rate. */
