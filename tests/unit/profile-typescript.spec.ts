import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadProfile } from '../../core/profile/load-profile.ts';

/** A minimal profile outside the repository, as a team writes it, with the given file extension. */
function teamProfile(dir: string, ext: '.ts' | '.mts' | '.js' | '.mjs'): string {
  const file = join(dir, `profile${ext}`);
  writeFileSync(
    file,
    [
      "import { defineTarget, env } from 'staging-gate/profile';",
      ext.endsWith('ts') ? "const path: string = '/status';" : "const path = '/status';",
      'export default defineTarget({',
      "  name: 'inventory',",
      "  services: [{ name: 'api', role: 'api' }],",
      "  urls: { api: 'http://127.0.0.1:18480' },",
      "  metrics: { path: '/metrics', auth: { bearer: env('INVENTORY_TOKEN', { secret: true }) } },",
      '  health: { endpoints: [{ path }] },',
      '});',
      '',
    ].join('\n'),
  );
  return file;
}

/** A folder whose package.json makes .ts files ES modules (as the gate's own repository does). */
function moduleFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-profile-esm-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  return dir;
}

const FOLDERS = [
  ['in an ES module package', moduleFolder],
  ['in a folder without package.json', () => mkdtempSync(join(tmpdir(), 'sg-profile-plain-'))],
] as const;

// Under Playwright (runner, workers, these unit tests) the .ts profile goes through Playwright's own loader;
// a .mjs profile through tsx's API.
for (const [where, folder] of FOLDERS) {
  for (const ext of ['.ts', '.mts', '.js', '.mjs'] as const) {
    test(`a ${ext} profile ${where} loads, with 'staging-gate/profile' and its references resolved`, () => {
      const file = teamProfile(folder(), ext);
      const result = loadProfile(file, (name) => (name === 'INVENTORY_TOKEN' ? 'tok-profile-value' : undefined));
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (!result.ok) return;
      expect(result.loaded.profile.name).toBe('inventory');
      expect(result.loaded.profile.health.endpoints[0]?.path).toBe('/status');
      expect(result.loaded.secrets).toEqual(['tok-profile-value']);
    });
  }

  test(`a .ts profile ${where} importing a missing module: the error names the file and the module`, () => {
    const file = join(folder(), 'profile.ts');
    writeFileSync(file, "import { nothing } from './missing-module.ts';\nexport default { nothing };\n");
    const result = loadProfile(file, () => undefined);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toContain(file);
    expect(result.issues[0]?.message).toContain("Cannot find module './missing-module.ts'");
  });
}
