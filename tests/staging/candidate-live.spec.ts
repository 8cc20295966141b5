import { test, expect, criterion } from '../../fixtures/index.ts';
import { runningVersion } from '../../probes/running-version.ts';

// Runbook Phase 7: after every phase (the rollback rehearsal included) the candidate is what serves.
test(
  'the candidate release is live and healthy at the go-live decision',
  criterion('all-phases-completed'),
  async ({ config, sut, http, profile }) => {
    const running = await runningVersion(http, sut.healthUrls[0] as string, profile);
    expect(running.status, `${running.url} answered ${running.status}`).toBeLessThan(400);
    if (config.expectedVersion) expect(running.version, `version (${running.where})`).toBe(config.expectedVersion);
  },
);
