import { expect, test } from '@playwright/test';
import { CRITERIA } from '../../core/catalog.ts';
import {
  blocking,
  finding,
  formatIssues,
  hasBlocking,
  PREFLIGHT_CRITERIA,
} from '../../probes/preflight/preflight-issue.ts';
import { runbookSteps } from '../../probes/preflight/runbook-remedies.ts';

test('every preflight criterion exists in the decision catalog, with the kind its severity implies', () => {
  for (const id of PREFLIGHT_CRITERIA) expect(Object.keys(CRITERIA)).toContain(id);
  const kinds = Object.fromEntries(PREFLIGHT_CRITERIA.map((id) => [id, CRITERIA[id].kind]));
  expect(kinds).toEqual({
    'missing-env-config': 'NO-GO',
    'service-unhealthy': 'NO-GO',
    'database-connectivity-failed': 'NO-GO',
    'minor-config-adjustment': 'CONDITIONAL',
    'minor-non-blocking-issue': 'CONDITIONAL',
  });
});

test('findings alone never block; one blocking issue does', () => {
  const minor = finding('minor-config-adjustment', { subject: 'redis', message: 'pin the image' });
  expect(hasBlocking([minor])).toBe(false);
  expect(hasBlocking([minor, blocking('missing-env-config', { subject: 'X', message: 'set X' })])).toBe(true);
});

test('formatIssues numbers the issues and indents the quoted runbook steps', () => {
  const text = formatIssues('Environment', [
    blocking('missing-env-config', { subject: 'AUTH_SECRET', message: 'set it', runbook: runbookSteps('environment') }),
  ]);
  expect(text.split('\n').slice(0, 4)).toEqual([
    'Environment (1 problem):',
    '1. [blocking missing-env-config] AUTH_SECRET: set it',
    '   Runbook TROUBLESHOOTING "3. Environment Variable Issues":',
    '     # Validate staging environment',
  ]);
  expect(formatIssues('Ports', [])).toBe('Ports: no problems found');
});

test('runbook steps are quoted verbatim', () => {
  expect(runbookSteps('portConflicts')).toContain('netstat -tulpn | grep -E "(3001|4001|5432|6379)"');
  expect(runbookSteps('databaseConnection')).toContain('psql $DATABASE_URL -c "SELECT 1;"');
  expect(runbookSteps('serviceDiscovery')).toContain('docker network inspect medianest-staging');
});
