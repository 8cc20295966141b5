import { CRITERIA, type CriterionId } from '../../core/catalog.ts';

/** The measurement pattern the `zeroDowntime` policy knob governs. */
export const ZERO_DOWNTIME_OBJECTIVE = '*.downtime.longest';

/**
 * The runbook's numbers as the default policy ("DEPLOYMENT METRICS", "ESCALATION PROCEDURES").
 * A policy file is merged over this; `npm run decide -- --policy FILE` replays a run under another one.
 */
export const DEFAULT_POLICY = {
  // Every criterion counts fully unless a policy says otherwise.
  criteria: Object.fromEntries(Object.keys(CRITERIA).map((id) => [id, 'enforce'])) as Record<CriterionId, 'enforce'>,
  objectives: {
    // "Health Check Response: <500ms"
    'health.latency.p95': {
      unit: 'ms',
      pass: 500,
      warn: 1000,
      onWarn: 'performance-slightly-outside',
      onFail: 'service-unhealthy',
    },
    // "Service Startup: <30 seconds per service"
    'deploy.startup.*': {
      unit: 's',
      pass: 30,
      warn: 45,
      onWarn: 'performance-slightly-outside',
      onFail: 'service-unhealthy',
    },
    // "Database Migration: <2 minutes"
    'infra.migration.duration': {
      unit: 's',
      pass: 120,
      warn: 180,
      onWarn: 'performance-slightly-outside',
      onFail: 'performance-significantly-degraded',
    },
    // "Integration Test Suite: <10 minutes"
    'integration.suite.duration': {
      unit: 's',
      pass: 600,
      warn: 900,
      onWarn: 'performance-slightly-outside',
      onFail: 'performance-significantly-degraded',
    },
    // "Rollback Time: <5 minutes if needed"
    'rollback.duration': {
      unit: 's',
      pass: 300,
      warn: 420,
      onWarn: 'performance-slightly-outside',
      onFail: 'rollback-not-validated',
    },
    'perf.*.http_req_duration.p95': {
      unit: 'ms',
      pass: 500,
      warn: 1000,
      onWarn: 'performance-slightly-outside',
      onFail: 'performance-significantly-degraded',
    },
    'perf.*.http_req_failed.rate': {
      unit: 'rate',
      pass: 0.01,
      warn: 0.05,
      onWarn: 'performance-slightly-outside',
      onFail: 'performance-significantly-degraded',
    },
    // p95 of this run divided by the last GO run's p95.
    'perf.*.p95.vs-baseline': {
      unit: 'ratio',
      pass: 1.1,
      warn: 1.5,
      onWarn: 'performance-slightly-outside',
      onFail: 'performance-significantly-degraded',
    },
    // "Zero-downtime deployment": the longest run of failed health probes while a release is switched
    // (deploy upgrade, rollback, roll forward). Any outage misses; its mode comes from `zeroDowntime`.
    [ZERO_DOWNTIME_OBJECTIVE]: {
      unit: 'ms',
      pass: 0,
      warn: 0,
      onWarn: 'minor-non-blocking-issue',
      onFail: 'service-unhealthy',
    },
    // "Health Check Pass Rate: 100%" over every health probe of the run (derived by the decision):
    // recorded only, the health checks themselves already block.
    'health.pass-rate': {
      unit: 'percent',
      direction: 'higher-is-better',
      pass: 100,
      warn: 95,
      onWarn: 'minor-non-blocking-issue',
      onFail: 'service-unhealthy',
      mode: 'report',
    },
  },
  escalation: {
    L1: {
      team: 'Development team',
      responseMinutes: 15,
      contact: 'Development team lead',
      channel: '#staging-deployments',
    },
    L2: {
      team: 'Infrastructure team',
      responseMinutes: 30,
      contact: 'DevOps/Infrastructure team',
      channel: '#staging-deployments',
    },
    L3: {
      team: 'Emergency coordinator',
      responseMinutes: 60,
      contact: 'Emergency coordinator',
      channel: '#staging-deployments',
    },
  },
  // The runbook calls zero downtime a target, not a gate: measured and reported unless a team opts in.
  zeroDowntime: 'report',
  // "Deployment Success Rate: >95%" over the last 20 decisions.
  successRate: { threshold: 95, window: 20 },
} as const;
