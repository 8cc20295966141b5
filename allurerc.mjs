// Allure 3 configuration of the deployment report (`npm run report`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = process.env.ALLURE_RESULTS_DIR || 'allure-results';

/** The decision the reporter copied into the results (reporters/decision/allure-decision.ts), if any. */
function readDecision() {
  try {
    return JSON.parse(readFileSync(join(resultsDir, 'staging-gate-decision-attachment.json'), 'utf8'));
  } catch {
    return null;
  }
}

const decision = readDecision();

/** The decision trend the runbook reporter wrote next to it (reporters/allure-trend.ts), oldest first. */
function readTrend() {
  try {
    const runs = JSON.parse(readFileSync(join(resultsDir, 'staging-gate-decision-trend.json'), 'utf8'));
    return Array.isArray(runs) ? runs : [];
  } catch {
    return [];
  }
}

const trend = readTrend();
const name = decision ? `staging-gate deployment report: ${decision.verdict}` : 'staging-gate deployment report';
const FAILING = ['failed', 'broken'];

/** The runbook's "TROUBLESHOOTING QUICK REFERENCE" as categories; the first match wins. */
const categories = [
  {
    name: 'Staging decision',
    matchers: { statuses: FAILING, labels: { 'staging-gate': /^decision$/ } },
  },
  {
    name: 'Harness (staging-gate) errors',
    matchers: { statuses: FAILING, message: /^\s*(?:[\w$]*Error:\s*)?harness:/i },
  },
  {
    name: 'Database connection failures',
    matchers: {
      statuses: FAILING,
      message:
        /postgres|ECONNREFUSED[^\n]*:5432|SELECT 1|password authentication|database[^\n]*(?:unreachable|refused)/i,
    },
  },
  {
    name: 'Service discovery issues',
    matchers: { statuses: FAILING, message: /ENOTFOUND|EAI_AGAIN|getaddrinfo|network|ECONNREFUSED|ECONNRESET/i },
  },
  {
    name: 'Environment variable issues',
    matchers: {
      statuses: FAILING,
      message:
        /missing-env-config|Invalid staging-gate configuration|environment variable|required when STAGING_TARGET/i,
    },
  },
  {
    name: 'Port conflicts',
    matchers: { statuses: FAILING, message: /EADDRINUSE|port [^\n]* is taken|address already in use/i },
  },
  {
    // reporters/allure-runbook.ts: status "unknown", "did not run: blocked by failed phase '<phase>'".
    name: 'Did not run (blocked by a failed phase)',
    matchers: { statuses: ['unknown'], message: /^did not run/ },
  },
  { name: 'Flaky checks (CONDITIONAL)', matchers: { flaky: true } },
  { name: 'Product defects', matchers: { statuses: ['failed'] } },
  { name: 'Broken checks', matchers: { statuses: ['broken'] } },
];

export default {
  name,
  output: 'allure-report',
  // Trends across runs: CI carries this file between runs with the decision history.
  historyPath: process.env.STAGING_ALLURE_HISTORY_FILE || 'staging-history/allure-history.jsonl',
  historyLimit: 50,
  categories: { rules: categories },
  variables: decision
    ? {
        Verdict: decision.verdict,
        Target: decision.target,
        'Candidate version': decision.candidateVersion ?? 'unknown',
        Run: decision.runId,
        'Blocking reasons': String(decision.reasons.filter((r) => r.effect === 'NO-GO').length),
        ...(decision.reasons[0]
          ? { 'First reason': `${decision.reasons[0].criterion}: ${decision.reasons[0].message}` }
          : {}),
        ...(trend.length > 1
          ? {
              'Decision trend': trend
                .slice(-10)
                .map((r) => r.verdict)
                .join(' → '),
            }
          : {}),
      }
    : {},
  plugins: {
    awesome: {
      options: {
        singleFile: true,
        reportName: name,
        // The tree is the runbook: phase (parentSuite, numbered "00. Staging decision", "01. Phase 1: ..."),
        // spec file, describe (reporters/allure-runbook.ts). Sorted by name, the numbers keep runbook
        // order; by execution order, parallel phases could swap.
        groupBy: ['parentSuite', 'suite', 'subSuite'],
        defaultSortBy: 'name,asc',
        reportLanguage: 'en',
      },
    },
  },
};
