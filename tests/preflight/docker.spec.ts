import { test, criterion } from '../../fixtures/index.ts';
import { checkDocker, checkImagesPresent } from '../../probes/preflight/docker.ts';
import { reportPreflight } from '../../fixtures/preflight-report.ts';

test(
  'the Docker engine answers and has room for the stack',
  criterion('service-unhealthy'),
  async ({ sut, evidence }) => {
    test.skip(!sut.deploys, 'external target: the gate runs no containers');
    const docker = await checkDocker();
    if (docker.serverVersion)
      test.info().annotations.push({ type: 'docker server', description: docker.serverVersion });
    await reportPreflight('Docker', docker.issues, evidence, test.info());
  },
);

test(
  'every image the stack needs is present locally (nothing is pulled)',
  criterion('service-unhealthy'),
  async ({ config, sut, evidence }) => {
    test.skip(
      config.target !== 'reference',
      'compose target: images are named by your compose file and checked by compose itself',
    );
    const images = [config.images.postgres, config.images.redis, config.images.app];
    if (sut.may('rollback')) images.push(config.images.previousApp);
    const check = await checkImagesPresent(images);
    await reportPreflight('Images', check.issues, evidence, test.info());
  },
);
