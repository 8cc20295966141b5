import { test, criterion } from '../../fixtures/index.ts';
import { composeEnvironment, detectComposeCli } from '../../target/compose-cli.ts';
import { sweepRuns } from '../../target/compose-stack.ts';
import { checkComposeFile } from '../../probes/preflight/compose-file.ts';
import { checkPortsFree } from '../../probes/preflight/ports.ts';
import { reportPreflight } from '../../fixtures/preflight-report.ts';

test(
  'the compose file is valid and defines every service of the profile',
  criterion('service-unhealthy'),
  async ({ config, evidence }) => {
    test.skip(!config.compose, 'external target: no compose file is deployed');
    const check = await checkComposeFile(config.compose!.file, {
      expectedServices: config.profile.services.map((s) => s.name),
      env: { ...process.env, ...composeEnvironment(config) },
      // Detected once per worker (null: no compose CLI, the file is then only parsed).
      cli: await detectComposeCli().catch(() => null),
      project: config.compose!.project,
      redact: config.redact,
    });
    await reportPreflight('Compose file', check.issues, evidence, test.info(), 'infrastructure');
  },
);

test('every host port the stack publishes is free', criterion('service-unhealthy'), async ({ config, evidence }) => {
  test.skip(
    config.target !== 'reference',
    'only a stack the gate deploys from scratch needs free ports (compose stays up between runs)',
  );
  // The ports the compose file publishes once its variables are filled in, whatever the application.
  const compose = await checkComposeFile(config.compose!.file, {
    env: { ...process.env, ...composeEnvironment(config) },
    cli: await detectComposeCli().catch(() => null),
    project: config.compose!.project,
    redact: config.redact,
  });
  const ports = compose.publishedPorts
    .filter((p) => p.protocol === 'tcp')
    .map((p) => ({ port: p.hostPort, service: p.service, bindAddress: p.bindAddress }));
  // Stacks of gate runs that died without their teardown (SIGKILL, crash) hold these ports: removed first,
  // so only a port held by something else (another live run included) is reported.
  const swept = await sweepRuns(config).catch((error: Error) => {
    // Docker itself is checked (and reported) by the Docker preflight check; the ports are still checked.
    test.info().annotations.push({ type: 'sweep of ended runs failed', description: error.message.split('\n')[0] });
    return [];
  });
  for (const s of swept)
    test.info().annotations.push({ type: 'removed stack of an ended run', description: `${s.project}: ${s.reason}` });
  let check = await checkPortsFree(ports);
  // docker-proxy lets go of a removed container's ports a moment after `docker rm` returns.
  for (let attempt = 0; swept.length > 0 && !check.ok && attempt < 10; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    check = await checkPortsFree(ports);
  }
  await reportPreflight('Ports', check.issues, evidence, test.info(), 'infrastructure');
});
