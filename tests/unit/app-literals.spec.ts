import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { findLiterals } from '../../scripts/check-app-literals.ts';

test('a reference-app literal in generic code is reported with file and line; reference-stack/ is allowed', () => {
  const root = mkdtempSync(join(tmpdir(), 'staging-gate-literals-'));
  try {
    mkdirSync(join(root, 'probes'));
    mkdirSync(join(root, 'reference-stack'));
    writeFileSync(join(root, 'probes', 'x.ts'), "const ok = 1;\nconst url = '/api/media-requests';\n");
    writeFileSync(join(root, 'reference-stack', 'profile.ts'), "const url = '/api/media-requests';\n");
    expect(findLiterals(root, ['probes', 'tests/api'])).toEqual([
      'probes/x.ts:2: "/api/media-requests" belongs in reference-stack/ (its profile or specs)',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the repository has no reference-app literal outside reference-stack/', () => {
  expect(findLiterals(process.cwd())).toEqual([]);
});
