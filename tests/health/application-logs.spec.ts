import { test, expect, criterion } from '../../fixtures/index.ts';
import { criticalLogLines } from '../../fixtures/critical-log-lines.ts';
import { logSources } from '../../target/log-sources.ts';

test('no critical errors in application logs', criterion('no-critical-log-errors'), async ({ config, profile }) => {
  const sources = logSources(config);
  expect(
    sources.length,
    'no log source: set logs.sources in the profile (a file or a command such as ["docker","logs","<container>"]) or STAGING_LOG_FILE',
  ).toBeGreaterThan(0);
  const critical = await criticalLogLines(sources, config, profile);
  if (critical.length)
    await test.info().attach('critical log lines', { body: critical.join('\n'), contentType: 'text/plain' });
  expect(critical, `${critical.length} critical log line(s); the first: ${critical[0] ?? ''}`).toEqual([]);
});
