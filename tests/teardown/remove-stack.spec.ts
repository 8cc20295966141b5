import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test, expect } from '../../fixtures/index.ts';
import { downStack } from '../../target/compose-stack.ts';
import { composeProjectName } from '../../probes/preflight/compose-file.ts';

const run = promisify(execFile);

test('the reference stack deployed by this run is removed', async ({ config }) => {
  test.skip(
    config.target !== 'reference',
    'only the reference stack is ours to remove; compose and external targets stay up',
  );
  await downStack(config);
  // Docker's own view by compose's project label (a Go CLI: instant, where compose v1 takes half a second to start).
  const { stdout } = await run(
    'docker',
    ['ps', '-aq', '--filter', `label=com.docker.compose.project=${composeProjectName(config.compose!.project)}`],
    { timeout: 30_000 },
  );
  expect(stdout.trim(), 'containers still listed after compose down').toBe('');
});
