import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';

/**
 * The self-tests' `test`: `tempDir` is a folder of its own for each test, removed after it whatever
 * happened (gate runs write secrets-free but large reports there; nothing is left behind on failure).
 */
export const test = base.extend<{ tempDir: string }>({
  tempDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'staging-gate-self-'));
    try {
      await use(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
