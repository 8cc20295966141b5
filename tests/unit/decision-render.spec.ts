import { expect, test } from '@playwright/test';
import { decide } from '../../reporters/decision/decide.ts';
import type { Decision, Evidence } from '../../core/evidence.ts';
import { defaultPolicy } from '../../reporters/decision/policy.ts';
import { renderConsole } from '../../reporters/decision/render-console.ts';
import { renderMarkdown } from '../../reporters/decision/render-markdown.ts';
import { healthFailedRun as noGoEvidence } from './evidence-fixtures.ts';

function noGo(): { decision: Decision; evidence: Evidence } {
  const evidence = noGoEvidence();
  return { decision: decide(evidence, defaultPolicy(), [{ verdict: 'GO' }]), evidence };
}

test('markdown: the verdict comes first, then the first reason in the reasons table', () => {
  const { decision, evidence } = noGo();
  const md = renderMarkdown(decision, { evidence, policy: defaultPolicy() });
  const lines = md.split('\n');
  expect(lines[0]).toBe('# Staging decision: NO-GO');
  const first = decision.reasons[0];
  expect(first?.criterion).toBe('service-unhealthy');
  const reasonsAt = lines.indexOf('## Reasons');
  expect(reasonsAt).toBeGreaterThan(0);
  // Pipes inside messages are escaped so the table keeps its columns.
  expect(lines[reasonsAt + 4]).toContain(
    '| 1 | NO-GO | `service-unhealthy` | health | every health endpoint answers 200 | GET /api/health returned 503 \\| body',
  );
  for (const heading of [
    '## What would make it GO',
    '## Escalation',
    '## Key measurements',
    '## Deployment success rate',
    '## Phases',
    '## Runbook criteria',
  ]) {
    expect(md).toContain(heading);
  }
  expect(md).toContain('fix service-unhealthy: GET /api/health returned 503');
  expect(md).toMatch(
    /\| rollback \| GO condition: Rollback plan tested and ready \| 1 \| 0 \| 0 \| 1 \| 0 \| 0 \| did not run \|/,
  );
  expect(md).toMatch(/`health\.latency\.p95` \| 42 ms over 20 samples \| pass <= 500 ms, warn <= 1000 ms \| pass/);
});

test('markdown: a GO decision says so without a reasons table', () => {
  const { decision } = noGo();
  const go: Decision = { ...decision, verdict: 'GO', reasons: [], toGo: [] };
  const md = renderMarkdown(go);
  expect(md.startsWith('# Staging decision: GO\n')).toBe(true);
  expect(md).not.toContain('## Reasons');
  expect(md).toContain('Every GO condition is evidenced');
});

test('console: a boxed summary, verdict first, no colours unless asked', () => {
  const { decision } = noGo();
  const plain = renderConsole(decision, { color: false, width: 80, decisionFile: 'staging-report/decision.md' });
  const lines = plain.split('\n');
  expect(lines[0]).toMatch(/^┌─+┐$/);
  expect(lines[1]).toContain('STAGING DECISION: NO-GO');
  expect(lines.every((l) => [...l].length === 80)).toBe(true);
  expect(plain).toContain('service-unhealthy (health) L1: GET /api/health returned 503');
  expect(plain).toContain('details: staging-report/decision.md');
  expect(plain.includes('\u001b[')).toBe(false);
  expect(renderConsole(decision, { color: true, width: 80 })).toContain('\u001b[31m');
});
