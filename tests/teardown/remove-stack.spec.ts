import { test, expect } from '../../fixtures/index.ts';
import { downStack } from '../../target/compose-stack.ts';
import { runCompose } from '../../target/compose-cli.ts';

test('the reference stack deployed by this run is removed', async ({ config }) => {
  test.skip(
    config.target !== 'reference',
    'only the reference stack is ours to remove; compose and external targets stay up',
  );
  await downStack(config);
  const { stdout } = await runCompose(config, ['ps', '-q']);
  expect(stdout.trim(), 'containers still listed after compose down').toBe('');
});
