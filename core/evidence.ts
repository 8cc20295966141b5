import type { CriterionId, PhaseId, Verdict } from './catalog.ts';
import type { FailureKind } from './gate-error.ts';

/**
 * The contract between checks (tests), the decision reporter and `npm run decide`.
 * Checks declare their criterion statically and record measurements / findings at run time
 * as annotations; the reporter turns Playwright results into this ledger (evidence.json).
 */

/** Annotation types, one mechanism everywhere (see fixtures/evidence.ts for the writer side). */
export const ANNOTATION = {
  criterion: 'criterion',
  measurement: 'staging-gate:measurement',
  finding: 'staging-gate:finding',
  /** The service stopped answering right after this check (watchdog): its last request is the suspect. */
  outage: 'staging-gate:outage',
  /** This check ran while the service was still down from an earlier check's outage. */
  consequence: 'staging-gate:consequence',
  /** The kind of the error that failed the check (core/gate-error.ts): the decision reads it, never the wording. */
  failureKind: 'staging-gate:failure-kind',
} as const;

export const EVIDENCE_SCHEMA_VERSION = 1;
export const DECISION_SCHEMA_VERSION = 1;

export type CheckStatus = 'passed' | 'failed' | 'timedOut' | 'interrupted' | 'skipped' | 'did-not-run';

export interface Measurement {
  /** Dotted objective name, e.g. `health.latency.p95`, `deploy.startup.backend`, `perf.health.http_req_duration.p95`. */
  name: string;
  value: number;
  unit: 'ms' | 's' | 'ratio' | 'count' | 'rate' | 'req/s' | 'percent';
  /** Number of samples behind the value; 0 means not evaluated, never a pass. */
  samples?: number;
}

export interface Finding {
  /** A CONDITIONAL criterion (or a NO-GO one when a policy downgrades it). */
  criterion: CriterionId;
  severity: 'info' | 'minor' | 'major' | 'critical';
  message: string;
  measured?: string;
  threshold?: string;
}

export interface CheckEvidence {
  /** Stable across runs: phase + title path. */
  id: string;
  title: string;
  phase: PhaseId | 'teardown' | 'unknown';
  criterion: CriterionId | null;
  status: CheckStatus;
  /** Passed only on a retry. */
  flaky: boolean;
  durationMs: number;
  /** First lines of the error, secrets redacted. */
  error?: string;
  measurements: Measurement[];
  findings: Finding[];
  location?: string;
  /** The Playwright project, when it is not a phase (the aggregate `staging`, or another project). */
  project?: string;
  /** Attempts made (1 + retries). */
  attempts?: number;
  /** The service stopped answering right after this check (watchdog). */
  outage?: { request: string; health: string; recoveredAfterMs: number | null };
  /** Title of the earlier check whose outage this check ran into: its failure is a consequence, not a cause. */
  consequenceOf?: string;
  /** Why it was skipped (a profile section left out, a missing grant...): the report lists it as not evaluated. */
  skipReason?: string;
  /** What kind of failure failed it (unreachable, hang, invalid-config, infrastructure, harness, product). */
  failureKind?: FailureKind;
}

export interface RunInfo {
  id: string;
  startedAt: string;
  finishedAt: string;
  target: 'reference' | 'compose' | 'external';
  /** Playwright's overall status: passed | failed | timedout | interrupted. */
  runnerStatus: string;
  /** Phases present in this run (the others were not selected). */
  selectedPhases: PhaseId[];
  candidateVersion?: string;
  commit?: string;
  shard?: string;
  /** The target profile (name, file, hash): which application the run judged. */
  profile?: { name: string; file: string; hash: string };
}

export interface Evidence {
  schemaVersion: typeof EVIDENCE_SCHEMA_VERSION;
  run: RunInfo;
  /** Errors outside any test (config load, worker crash, reporter failure), redacted. */
  globalErrors: string[];
  /** Configuration problems found by the reporter's own parse, one per variable. */
  configIssues: { variable: string; message: string }[];
  checks: CheckEvidence[];
}

export type ReasonClass = 'product' | 'infrastructure' | 'harness' | 'missing-evidence';

export interface Escalation {
  level: 'L1' | 'L2' | 'L3';
  team: string;
  responseMinutes: number;
  contact?: string;
  channel?: string;
}

export interface Reason {
  criterion: CriterionId;
  /** The verdict this reason forces at most (NO-GO or CONDITIONAL). */
  effect: Exclude<Verdict, 'GO'>;
  check: string | null;
  phase: string | null;
  message: string;
  measured?: string;
  threshold?: string;
  class: ReasonClass;
  escalation: Escalation;
  /** Set when the policy changed this reason's effect (warn: NO-GO became CONDITIONAL; report: no effect). */
  policyMode?: 'warn' | 'report';
}

export interface Decision {
  schemaVersion: typeof DECISION_SCHEMA_VERSION;
  verdict: Verdict;
  decidedAt: string;
  runId: string;
  target: string;
  candidateVersion?: string;
  reasons: Reason[];
  /** What would turn this decision into a GO, one line per reason group. */
  toGo: string[];
  criteria: Record<string, 'met' | 'hit' | 'not-evaluated' | 'finding'>;
  counts: Record<CheckStatus, number> & { flaky: number };
  /** Key measurements (rollback time, health pass rate, startup times...). */
  keyMeasurements: Measurement[];
  successRate?: { runs: number; go: number; rate: number; threshold: number };
  policyHash: string;
  evidenceHash: string;
  /** Hash of the target profile the run judged, next to the policy's. */
  profileHash?: string;
  /** Where the policy came from: a file path or "runbook defaults". */
  policySource?: string;
  /** Hits the policy keeps for the record only (mode report): they do not change the verdict. */
  reported?: Reason[];
}
