import { test, expect } from '@playwright/test';
import { restartsBetween } from '../../target/container-starts.ts';

test('a grown restart count or a new start time is a restart; an unchanged or new container is not', () => {
  const before = {
    api: { restartCount: 0, startedAt: '2026-11-30T10:00:00Z' },
    web: { restartCount: 1, startedAt: '2026-11-30T10:00:00Z' },
    worker: { restartCount: 0, startedAt: '2026-11-30T10:00:00Z' },
  };
  const after = {
    api: { restartCount: 1, startedAt: '2026-11-30T10:05:00Z' },
    web: { restartCount: 1, startedAt: '2026-11-30T10:00:00Z' },
    worker: { restartCount: 0, startedAt: '2026-11-30T10:06:00Z' },
    fresh: { restartCount: 0, startedAt: '2026-11-30T10:06:00Z' },
  };
  expect(restartsBetween(before, after)).toEqual([
    'api restarted (restart count 0 -> 1, started at 2026-11-30T10:05:00Z)',
    'worker started again at 2026-11-30T10:06:00Z (was 2026-11-30T10:00:00Z)',
  ]);
  expect(restartsBetween(after, after)).toEqual([]);
});
