/**
 * The runbook as data: phases (Playwright projects) and the GO / NO-GO / CONDITIONAL criteria.
 * Everything else (projects, ledger, policy, report) is generated from these two lists.
 */

export const CRITERIA = {
  // GO conditions (runbook "GO CONDITIONS")
  'all-phases-completed': { kind: 'GO', title: 'All 7 phases completed successfully' },
  'health-200': { kind: 'GO', title: 'Health endpoints return 200 responses', negatedBy: 'service-unhealthy' },
  'database-connectivity': {
    kind: 'GO',
    title: 'Database connectivity confirmed',
    negatedBy: 'database-connectivity-failed',
  },
  'no-critical-log-errors': {
    kind: 'GO',
    title: 'No critical errors in application logs',
    negatedBy: 'service-unhealthy',
  },
  'performance-in-range': {
    kind: 'GO',
    title: 'Performance metrics within acceptable ranges',
    negatedBy: 'performance-significantly-degraded',
  },
  'security-passed': { kind: 'GO', title: 'Security validation passed', negatedBy: 'critical-security-vulnerability' },
  'rollback-ready': { kind: 'GO', title: 'Rollback plan tested and ready', negatedBy: 'rollback-not-validated' },
  // NO-GO conditions
  'service-unhealthy': { kind: 'NO-GO', title: 'Any service fails to start or reports unhealthy', escalation: 'L1' },
  'database-connectivity-failed': { kind: 'NO-GO', title: 'Database connectivity issues', escalation: 'L2' },
  'critical-security-vulnerability': {
    kind: 'NO-GO',
    title: 'Critical security vulnerabilities detected',
    escalation: 'L3',
  },
  'performance-significantly-degraded': {
    kind: 'NO-GO',
    title: 'Performance significantly degraded',
    escalation: 'L1',
  },
  'integration-tests-failing': { kind: 'NO-GO', title: 'Integration tests failing', escalation: 'L1' },
  'missing-env-config': { kind: 'NO-GO', title: 'Missing environment configuration', escalation: 'L1' },
  'rollback-not-validated': { kind: 'NO-GO', title: 'Rollback plan not validated', escalation: 'L2' },
  // CONDITIONAL GO
  'minor-non-blocking-issue': { kind: 'CONDITIONAL', title: 'Minor non-blocking issues identified', escalation: 'L1' },
  'non-critical-service-issue': {
    kind: 'CONDITIONAL',
    title: 'Non-critical services experiencing issues',
    escalation: 'L2',
  },
  'performance-slightly-outside': {
    kind: 'CONDITIONAL',
    title: 'Performance slightly outside normal ranges',
    escalation: 'L1',
  },
  'minor-config-adjustment': { kind: 'CONDITIONAL', title: 'Minor configuration adjustments needed', escalation: 'L1' },
} as const satisfies Record<string, CriterionSpec>;

interface CriterionSpec {
  kind: 'GO' | 'NO-GO' | 'CONDITIONAL';
  title: string;
  /** GO only: the NO-GO criterion a failing check of this GO criterion hits. */
  negatedBy?: string;
  /** NO-GO / CONDITIONAL only: runbook escalation level (L1 app/config, L2 infra, L3 critical/security). */
  escalation?: 'L1' | 'L2' | 'L3';
}

export type CriterionId = keyof typeof CRITERIA;
export type Verdict = 'GO' | 'CONDITIONAL' | 'NO-GO';

/**
 * Phases in runbook order. `dependsOn` builds the Playwright project graph; `mustEvidence`
 * is the ledger: a GO criterion with no passing check in its phase is "not evaluated" (NO-GO).
 */
export const PHASES = [
  {
    id: 'preflight',
    runbook: 'Phase 1: Pre-Flight Validation',
    dependsOn: [],
    mustEvidence: [],
    changes: 'never',
    fallback: 'missing-env-config',
    judgesRunningService: false,
    infrastructure: true,
  },
  {
    id: 'infra',
    runbook: 'Phase 2: Infrastructure Preparation',
    dependsOn: ['preflight'],
    mustEvidence: ['database-connectivity'],
    changes: 'when-deploying',
    fallback: 'database-connectivity-failed',
    judgesRunningService: false,
    infrastructure: true,
  },
  {
    id: 'deploy',
    runbook: 'Phase 3: Application Deployment',
    dependsOn: ['infra'],
    mustEvidence: [],
    changes: 'when-deploying',
    fallback: 'service-unhealthy',
    judgesRunningService: false,
    infrastructure: true,
  },
  {
    id: 'health',
    runbook: 'Phase 4: Health Validation',
    dependsOn: ['deploy'],
    mustEvidence: ['health-200', 'no-critical-log-errors'],
    changes: 'never',
    fallback: 'service-unhealthy',
    judgesRunningService: true,
    infrastructure: false,
  },
  {
    id: 'integration',
    runbook: 'Phase 5: Integration Testing',
    dependsOn: ['health'],
    mustEvidence: [],
    changes: 'never',
    fallback: 'integration-tests-failing',
    judgesRunningService: true,
    infrastructure: false,
  },
  {
    id: 'api',
    runbook: 'Phase 5: API Validation',
    dependsOn: ['health'],
    mustEvidence: [],
    changes: 'never',
    fallback: 'integration-tests-failing',
    judgesRunningService: true,
    infrastructure: false,
  },
  {
    id: 'security',
    runbook: 'GO condition: Security validation',
    dependsOn: ['health'],
    mustEvidence: ['security-passed'],
    changes: 'never',
    fallback: 'critical-security-vulnerability',
    judgesRunningService: true,
    infrastructure: false,
  },
  {
    id: 'perf',
    runbook: 'Phase 6: Performance Validation',
    dependsOn: ['integration', 'api', 'security'],
    mustEvidence: ['performance-in-range'],
    changes: 'always',
    fallback: 'performance-significantly-degraded',
    judgesRunningService: true,
    infrastructure: false,
  },
  {
    id: 'rollback',
    runbook: 'GO condition: Rollback plan tested and ready',
    dependsOn: ['perf'],
    mustEvidence: ['rollback-ready'],
    changes: 'always',
    fallback: 'rollback-not-validated',
    judgesRunningService: false,
    infrastructure: false,
  },
] as const satisfies readonly PhaseSpec[];

interface PhaseSpec {
  id: string;
  runbook: string;
  dependsOn: readonly string[];
  mustEvidence: readonly CriterionId[];
  /** Whether the phase changes the target (keep-going mode lets only phases that never change run after a failure). */
  changes: 'never' | 'when-deploying' | 'always';
  /** The NO-GO condition a failing check of this phase hits when it declares no criterion. */
  fallback: CriterionId;
  /** Its checks judge a running service: a service that does not answer is service-unhealthy, not the check's criterion. */
  judgesRunningService: boolean;
  /** Its failures are the infrastructure team's first (escalation at least L2). */
  infrastructure: boolean;
}

export type PhaseId = (typeof PHASES)[number]['id'];
/** The aggregate project: `--project=staging` runs every phase through dependencies (runbook Phase 7). */
export const AGGREGATE_PROJECT = 'staging';
export const TEARDOWN_PROJECT = 'teardown';

export const PHASE_IDS: readonly PhaseId[] = PHASES.map((p) => p.id);

export function isPhaseId(value: string): value is PhaseId {
  return (PHASE_IDS as readonly string[]).includes(value);
}

export function isCriterionId(value: string): value is CriterionId {
  return Object.hasOwn(CRITERIA, value);
}

/** The criterion a failing check hits: a GO criterion maps to its negation, others stand for themselves. */
export function criterionHitOnFailure(id: CriterionId): CriterionId {
  const spec: CriterionSpec = CRITERIA[id];
  return (spec.negatedBy as CriterionId | undefined) ?? id;
}

/** The phase record of an id (phase facts live in PHASES, nowhere else). */
export function phaseSpec(id: string): PhaseSpec | undefined {
  return (PHASES as readonly PhaseSpec[]).find((p) => p.id === id);
}
