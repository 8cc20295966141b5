import { test, expect, criterion } from '../../fixtures/index.ts';

// Runbook Phase 7: after every phase (the rollback rehearsal included) the candidate is what serves.
test(
  'the candidate release is live and healthy at the go-live decision',
  criterion('all-phases-completed'),
  async ({ config, sut, http }) => {
    const expected = config.expectedVersion ?? (sut.deploys ? config.images.app.split(':').pop() : undefined);
    const res = await http(sut.healthUrls[0] as string);
    expect(res.status, `${res.url} answered ${res.status}`).toBe(200);
    if (expected) expect(res.json<{ version?: string }>().version).toBe(expected);
  },
);
