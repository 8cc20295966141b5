import { expect, test } from '@playwright/test';
import {
  checkDocker,
  checkImagesPresent,
  diskIssue,
  DISK_THRESHOLDS,
  imageRemedy,
} from '../../probes/preflight/docker.ts';

const NO_DAEMON = { ...process.env, DOCKER_HOST: 'unix:///tmp/nonexistent.sock' };

test('checkDocker reports the server version and free disk of a reachable daemon', async () => {
  const result = await checkDocker();
  test.skip(!result.reachable, 'no Docker engine on this machine');
  expect(result.serverVersion).toMatch(/^\d+\.\d+/);
  expect(result.rootDir).toBeTruthy();
  expect(result.freeBytes).toBeGreaterThan(0);
});

test('an unreachable daemon blocks and the message names DOCKER_HOST and how to start Docker', async () => {
  const started = Date.now();
  const result = await checkDocker({ env: NO_DAEMON });
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(result).toMatchObject({ ok: false, reachable: false, host: 'unix:///tmp/nonexistent.sock' });
  const issue = result.issues[0];
  expect(issue).toMatchObject({ severity: 'blocking', criterion: 'service-unhealthy', subject: 'DOCKER_HOST' });
  expect(issue?.message).toContain('DOCKER_HOST=unix:///tmp/nonexistent.sock');
  for (const fix of ['npm run setup', 'sudo systemctl start docker', 'dockerd &'])
    expect(issue?.message).toContain(fix);
});

test('a missing docker CLI says so and how to install it', async () => {
  const result = await checkDocker({ env: { PATH: '/nonexistent' } });
  expect(result.issues[0]?.message).toContain('the docker CLI is not on PATH');
});

test('free disk below 2 GiB is a finding, below 512 MiB it blocks', () => {
  expect(diskIssue('/var/lib/docker', 3 * 1024 ** 3)).toBeUndefined();
  expect(diskIssue('/var/lib/docker', DISK_THRESHOLDS.warnBytes - 1)).toMatchObject({
    severity: 'finding',
    measured: '2.0 GiB',
  });
  const low = diskIssue('/var/lib/docker', 100 * 1024 ** 2);
  expect(low).toMatchObject({ severity: 'blocking', measured: '100 MiB', subject: '/var/lib/docker' });
  expect(low?.message).toContain('docker system df');
});

test('a missing image blocks and names the command that builds it', async () => {
  const result = await checkImagesPresent(['staging-gate/does-not-exist:1']);
  test.skip(result.issues[0]?.subject === 'docker', 'no Docker engine on this machine');
  expect(result.ok).toBe(false);
  expect(result.images[0]).toMatchObject({ image: 'staging-gate/does-not-exist:1', present: false });
  expect(result.issues[0]?.message).toContain('is not present locally');
  expect(result.issues[0]?.message).toContain('npm run build:images');
  expect(result.issues[0]?.message).toContain('bash scripts/build-reference-images.sh');
});

test('a present image is found', async () => {
  const result = await checkImagesPresent(['staging-gate/redis:7-offline']);
  test.skip(!result.ok, 'staging-gate/redis:7-offline is not built here (npm run build:images)');
  expect(result.images[0]).toMatchObject({ present: true, id: expect.stringMatching(/^sha256:/) });
});

test('image remedies: offline images, the reference app, and registry images (which cannot be pulled offline)', () => {
  expect(imageRemedy('staging-gate/postgres:15-offline')).toContain('npm run build:images');
  expect(imageRemedy('staging-gate/reference-app:1.1.0')).toContain('bash scripts/build-reference-images.sh');
  const pulled = imageRemedy('postgres:16-alpine');
  expect(pulled).toContain('docker pull postgres:16-alpine');
  expect(pulled).toContain('STAGING_IMAGE_SOURCE=offline');
  expect(pulled).toContain('without registry access');
});

test('with no daemon, image checks report Docker once instead of every image as missing', async () => {
  const result = await checkImagesPresent(['a:1', 'b:2'], { env: NO_DAEMON });
  expect(result.issues).toHaveLength(1);
  expect(result.issues[0]?.subject).toBe('docker');
  expect(result.issues[0]?.message).toContain('Cannot connect to the Docker daemon');
});
