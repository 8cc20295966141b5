import { test, expect, criterion } from '../../fixtures/index.ts';
import { criticalLogLines } from '../../fixtures/critical-log-lines.ts';
import { logSources } from '../../target/log-sources.ts';

// Runbook Phase 7: the health phase read the logs before the api, security and perf phases pushed the
// application; at the go-live decision the whole run's logs are read again.
test(
  'no critical errors in application logs over the whole run',
  criterion('no-critical-log-errors'),
  async ({ config, profile }) => {
    const sources = logSources(config);
    test.skip(sources.length === 0, 'not evaluated: no log source (the health phase says why)');
    const critical = await criticalLogLines(sources, config, profile);
    if (critical.length)
      await test.info().attach('critical log lines', { body: critical.join('\n'), contentType: 'text/plain' });
    expect(critical, `${critical.length} critical log line(s) during the run; the first: ${critical[0] ?? ''}`).toEqual(
      [],
    );
  },
);
