import { test, criterion } from '../../fixtures/index.ts';
import { checkDocker, checkImagesPresent } from '../../probes/preflight/docker.ts';
import { reportPreflight } from '../../fixtures/preflight-report.ts';
import { checkComposeFile } from '../../probes/preflight/compose-file.ts';
import { composeEnvironment, detectComposeCli } from '../../target/compose-cli.ts';

test(
  'the Docker engine answers and has room for the stack',
  criterion('service-unhealthy'),
  async ({ sut, evidence }) => {
    test.skip(!sut.deploys, 'external target: the gate runs no containers');
    const docker = await checkDocker();
    if (docker.serverVersion)
      test.info().annotations.push({ type: 'docker server', description: docker.serverVersion });
    await reportPreflight('Docker', docker.issues, evidence, test.info(), 'infrastructure');
  },
);

test(
  'every image the stack needs is present locally (nothing is pulled)',
  criterion('service-unhealthy'),
  async ({ config, sut, evidence }) => {
    test.skip(!config.compose, 'external target: the gate runs no containers');
    // The images the compose file names once its variables are filled in, plus the releases the gate switches to.
    const compose = await checkComposeFile(config.compose!.file, {
      env: { ...process.env, ...composeEnvironment(config) },
      // Detected once per worker (null: no compose CLI, the file is then only parsed).
      cli: await detectComposeCli().catch(() => null),
      project: config.compose!.project,
      redact: config.redact,
    });
    const images = [...compose.images];
    if (config.releases.candidate) images.push(config.releases.candidate.image);
    if (sut.may('rollback') && config.releases.previous) images.push(config.releases.previous.image);
    const check = await checkImagesPresent(images);
    await reportPreflight('Images', check.issues, evidence, test.info(), 'infrastructure');
  },
);
