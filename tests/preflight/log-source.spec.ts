import { access, constants } from 'node:fs/promises';
import { test, criterion } from '../../fixtures/index.ts';
import { GateError } from '../../core/gate-error.ts';

// Said now, not after a full run: without a log source "no critical errors in application logs" cannot be evaluated.
test('the application logs are readable by the gate', criterion('no-critical-log-errors'), async ({ config, sut }) => {
  test.skip(sut.deploys, 'deploy targets: the gate reads its containers logs');
  if (!config.logFile) {
    throw new GateError(
      'No log source for the external target: set STAGING_LOG_FILE to the application log file (JSON lines or text), so the runbook criterion "no critical errors in application logs" can be evaluated.',
    );
  }
  await access(config.logFile, constants.R_OK).catch(() => {
    throw new GateError(
      `STAGING_LOG_FILE=${config.logFile} cannot be read by the gate: check the path and its permissions.`,
    );
  });
});
