import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { FullResult, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { redactDeep, type Redactor } from '../../core/redact.ts';
import { TEARDOWN_PROJECT, isPhaseId, type PhaseId } from '../../core/catalog.ts';
import { phaseOfProject } from '../../core/phase-graph.ts';
import { FAILURE_KINDS, type FailureKind } from '../../core/gate-error.ts';
import { readAnnotations } from './annotations.ts';
import {
  ANNOTATION,
  EVIDENCE_SCHEMA_VERSION,
  type CheckEvidence,
  type CheckStatus,
  type Evidence,
  type RunInfo,
} from '../../core/evidence.ts';

/** What the reporter gathered during the run (or merge-reports replayed). */
export interface RunSnapshot {
  suite: Suite;
  /** Latest result per test, from onTestEnd; falls back to `test.results`. */
  results: ReadonlyMap<TestCase, TestResult>;
  globalErrors: readonly TestError[];
  full: Pick<FullResult, 'status' | 'startTime' | 'duration'>;
  rootDir: string;
  shard?: { current: number; total: number } | null;
}

/** What the run was about, from configuration (or its fallbacks when configuration is invalid). */
export interface RunContext {
  runId: string;
  target: RunInfo['target'];
  candidateVersion?: string;
  commit?: string;
  /** The target profile the run judged, with its hash (recorded next to the policy's). */
  profile?: { name: string; file: string; hash: string };
  redact: Redactor;
  configIssues: { variable: string; message: string }[];
}

const ERROR_LINES = 15;

/** Playwright's results as the evidence ledger, every string redacted. */
export function buildEvidence(snapshot: RunSnapshot, context: RunContext): Evidence {
  const problems: string[] = [];
  const checks = snapshot.suite.allTests().map((test) => toCheck(test, snapshot, problems));
  const startedAt = snapshot.full.startTime;
  const evidence: Evidence = {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    run: {
      id: context.runId,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date(startedAt.getTime() + snapshot.full.duration).toISOString(),
      target: context.target,
      runnerStatus: snapshot.full.status,
      selectedPhases: selectedPhases(snapshot.suite),
      ...(context.candidateVersion ? { candidateVersion: context.candidateVersion } : {}),
      ...(context.commit ? { commit: context.commit } : {}),
      ...(context.profile ? { profile: context.profile } : {}),
      ...(snapshot.shard ? { shard: `${snapshot.shard.current}/${snapshot.shard.total}` } : {}),
    },
    globalErrors: [...snapshot.globalErrors.map(errorText), ...problems],
    configIssues: context.configIssues.map((i) => ({ variable: i.variable, message: i.message })),
    checks,
  };
  return redactDeep(evidence, context.redact);
}

/** Phases whose projects take part in this run (directly or as dependencies). */
function selectedPhases(root: Suite): PhaseId[] {
  const names = new Set(root.suites.map((s) => phaseOfProject(s.project()?.name ?? s.title)));
  return [...names].filter(isPhaseId);
}

function toCheck(test: TestCase, snapshot: RunSnapshot, problems: string[]): CheckEvidence {
  const project = test.parent.project()?.name ?? 'unknown';
  const projectPhase = phaseOfProject(project);
  const phase: CheckEvidence['phase'] = isPhaseId(projectPhase)
    ? projectPhase
    : project === TEARDOWN_PROJECT
      ? 'teardown'
      : 'unknown';
  const result = snapshot.results.get(test) ?? test.results.at(-1);
  const path = test.titlePath();
  const title = path.slice(3).join(' > ') || test.title;
  // Runtime annotations live on the result since Playwright 1.52; older runners copy them onto the test.
  const recorded = result && Array.isArray(result.annotations) ? result.annotations : test.annotations;
  const read = readAnnotations(title, test.annotations, result ? recorded : []);
  problems.push(...read.problems);
  const status: CheckStatus = result ? result.status : 'did-not-run';
  const error = result ? errorOf(result) : undefined;
  const outage = result ? watchdogNote(recorded, ANNOTATION.outage) : undefined;
  const consequence = result ? watchdogNote(recorded, ANNOTATION.consequence) : undefined;
  const kind = recorded.find((a) => a.type === ANNOTATION.failureKind)?.description;
  const failureKind = (FAILURE_KINDS as readonly string[]).includes(kind ?? '') ? (kind as FailureKind) : undefined;
  return {
    id: [project, ...path.slice(2)].join(' > '),
    title,
    phase,
    criterion: read.criterion,
    status,
    flaky: result ? test.outcome() === 'flaky' : false,
    durationMs: result ? Math.max(0, Math.round(result.duration)) : 0,
    ...(error ? { error } : {}),
    measurements: read.measurements,
    findings: read.findings,
    location: `${relative(snapshot.rootDir, test.location.file) || test.location.file}:${test.location.line}`,
    ...(phase === 'unknown' ? { project } : {}),
    ...(result ? { attempts: test.results.length || 1 } : {}),
    ...(outage ? { outage: outage as NonNullable<CheckEvidence['outage']> } : {}),
    ...(consequence && typeof consequence.after === 'string' ? { consequenceOf: consequence.after } : {}),
    ...(failureKind && status !== 'passed' && status !== 'skipped' ? { failureKind } : {}),
    ...(status === 'skipped' ? skipReasonOf(recorded) : {}),
  };
}

/** The watchdog's notes (fixtures/watchdog.ts): JSON in an annotation; unreadable ones are ignored. */
function watchdogNote(annotations: readonly { type: string; description?: string }[], type: string) {
  const found = annotations.find((a) => a.type === type);
  try {
    return found?.description ? (JSON.parse(found.description) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function errorOf(result: TestResult): string | undefined {
  const errors = result.errors.length > 0 ? result.errors : result.error ? [result.error] : [];
  const first = errors[0];
  if (!first) return undefined;
  const more = errors.length > 1 ? `\n(+${errors.length - 1} more error${errors.length === 2 ? '' : 's'})` : '';
  return `${errorText(first)}${more}`;
}

/** First lines of an error, terminal colours removed (redaction happens once, on the whole evidence). */
export function errorText(error: TestError): string {
  const text = stripVTControlCharacters(error.message ?? error.value ?? error.stack ?? 'unknown error');
  const lines = text.split('\n');
  return lines.length > ERROR_LINES ? [...lines.slice(0, ERROR_LINES), '...'].join('\n') : text;
}

function skipReasonOf(annotations: readonly { type: string; description?: string }[]): { skipReason?: string } {
  const reason = annotations.find((a) => a.type === 'skip' || a.type === 'fixme')?.description;
  return reason ? { skipReason: reason } : {};
}
