import { test, expect } from '@playwright/test';
import { ESLint } from 'eslint';

/** The folder boundaries are lint rules (eslint.config.js): prove they fire, and that allowed imports pass. */
const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

for (const [file, source] of [
  ['reporters/decision/bad.ts', "import { test } from '../../fixtures/index.ts';\nexport const x = test;\n"],
  ['core/bad.ts', "import { createSut } from '../target/sut.ts';\nexport const x = createSut;\n"],
  ['fixtures/bad.ts', "import { decide } from '../reporters/decision/decide.ts';\nexport const x = decide;\n"],
  ['scripts/bad.ts', "import { FAULT_MATRIX } from '../tests/self/fault-matrix.ts';\nexport const x = FAULT_MATRIX;\n"],
  [
    'tests/health/bad.spec.ts',
    "import { decide } from '../../reporters/decision/decide.ts';\nexport const x = decide;\n",
  ],
] as const) {
  test(`a forbidden import in ${file} fails lint`, async () => {
    expect((await restricted(file, source)).join('\n')).toContain('may not import');
  });
}

test('allowed imports pass: reporters import core, fixtures import target and probes', async () => {
  expect(
    await restricted(
      'reporters/decision/ok.ts',
      "import { PHASES } from '../../core/catalog.ts';\nexport const x = PHASES;\n",
    ),
  ).toEqual([]);
  expect(
    await restricted(
      'fixtures/ok.ts',
      "import { createSut } from '../target/sut.ts';\nimport { readPointer } from '../probes/json-pointer.ts';\nexport const x = [createSut, readPointer];\n",
    ),
  ).toEqual([]);
});
