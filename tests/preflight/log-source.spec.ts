import { test, criterion } from '../../fixtures/index.ts';
import { GateError } from '../../core/gate-error.ts';
import { logSources } from '../../target/log-sources.ts';

// Said now, not after a full run: without a log source "no critical errors in application logs" cannot be evaluated.
test('the application logs are readable by the gate', criterion('no-critical-log-errors'), async ({ config, sut }) => {
  test.skip(sut.deploys && !config.profile.logs, 'deploy targets: the gate reads its containers logs');
  const sources = logSources(config);
  if (sources.length === 0) {
    throw new GateError(
      'No log source for this target: set logs.sources in the profile (a file, or a command such as ["docker","logs","<container>"]) or STAGING_LOG_FILE, so the runbook criterion "no critical errors in application logs" can be evaluated.',
    );
  }
  for (const source of sources) {
    source.mark?.();
    await source.read().catch((error: Error) => {
      throw new GateError(`The log source ${source.label} cannot be read by the gate: ${error.message.split('\n')[0]}`);
    });
  }
});
