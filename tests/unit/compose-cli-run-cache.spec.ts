import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { composeCliFile, detectOncePerRun, forgetComposeCli } from '../../target/compose-cli.ts';

const runId = () => `unit-${randomBytes(4).toString('hex')}`;

test('a process of a run reads the compose CLI another process of the run detected, without asking compose', async () => {
  const id = runId();
  const file = composeCliFile(id);
  mkdirSync(join(file, '..'), { recursive: true });
  // A version no real compose reports: seen only if the file was read instead of detecting.
  const written = { executable: 'docker-compose', argsPrefix: [], version: '1.99.0-written-by-a-phase', v1: true };
  writeFileSync(file, JSON.stringify(written));
  try {
    expect(await detectOncePerRun(id)).toEqual(written);
  } finally {
    forgetComposeCli(id);
  }
  expect(existsSync(file)).toBe(false);
});

test('an unreadable detection file is detected again and rewritten whole', async () => {
  const id = runId();
  const file = composeCliFile(id);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, '{"executable": "docker-comp');
  try {
    const cli = await detectOncePerRun(id);
    expect(cli.version).toMatch(/^\d+\./);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(cli);
  } finally {
    forgetComposeCli(id);
  }
});
