import { readFile } from 'node:fs/promises';
import { test, expect, criterion } from '../../fixtures/index.ts';
import { serviceLogs } from '../../target/compose-stack.ts';
import { findCriticalLogLines } from '../../probes/log-scan.ts';

const APP_SERVICES = ['backend', 'frontend'];

test('no critical errors in application logs', criterion('no-critical-log-errors'), async ({ config, sut }) => {
  let logs: string;
  if (sut.deploys) {
    logs = (await Promise.all(APP_SERVICES.map((s) => serviceLogs(config, s)))).join('\n');
  } else {
    test.skip(!config.logFile, 'STAGING_LOG_FILE is not set: no log source for the external target');
    logs = config.redact(await readFile(config.logFile as string, 'utf8'));
  }
  const critical = findCriticalLogLines(logs, config.logAllowlist);
  if (critical.length)
    await test.info().attach('critical log lines', { body: critical.join('\n'), contentType: 'text/plain' });
  expect(critical, `${critical.length} critical log line(s); the first: ${critical[0] ?? ''}`).toEqual([]);
});
