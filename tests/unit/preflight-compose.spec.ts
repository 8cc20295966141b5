import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base } from '@playwright/test';
import {
  checkComposeFile,
  containerName,
  detectCompose,
  isPinned,
  unsetVariables,
  type ComposeCli,
} from '../../probes/preflight/compose-file.ts';
import { findPortClashes, publishedPorts } from '../../probes/preflight/compose-ports.ts';

const test = base.extend<{ writeCompose: (yaml: string) => string }, { cli: ComposeCli | null }>({
  cli: [async ({}, use) => use(await detectCompose()), { scope: 'worker' }],
  writeCompose: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-preflight-compose-'));
    await use((yaml) => {
      const file = join(dir, 'docker-compose.staging.yml');
      writeFileSync(file, yaml);
      return file;
    });
    rmSync(dir, { recursive: true, force: true });
  },
});

const service = (name: string, image: string, port: string, extra = '') => `
  ${name}:
    image: ${image}
    ports: ["${port}"]
    healthcheck:
      test: ["CMD", "true"]
      interval: 5s${extra}`;

const GOOD_STACK = `services:${service('postgres', 'staging-gate/postgres:15-offline', '127.0.0.1:5432:5432')}${service(
  'redis',
  'staging-gate/redis:7-offline',
  '127.0.0.1:6379:6379',
)}${service('backend', 'staging-gate/reference-app:1.1.0', '3001:3001')}${service(
  'frontend',
  'staging-gate/reference-app:1.1.0',
  '4001:4001',
)}
`;

test('detectCompose finds a compose CLI and tells v1 from v2', async ({ cli }) => {
  test.skip(cli === null, 'no docker compose / docker-compose on this machine');
  expect(cli?.version).toMatch(/^\d+\.\d+/);
  expect(cli?.v1).toBe(Number(cli?.version.split('.')[0]) < 2);
  expect(cli?.argsPrefix).toEqual(cli?.executable === 'docker' ? ['compose'] : []);
});

test('containerName follows both naming schemes', () => {
  expect(containerName('staging-gate-run1', 'postgres', true)).toBe('staging-gate-run1_postgres_1');
  expect(containerName('staging-gate-run1', 'postgres', false)).toBe('staging-gate-run1-postgres-1');
  expect(containerName('MediaNest.Staging', 'backend', false, 2)).toBe('medianeststaging-backend-2');
});

test('a complete, pinned, health-checked stack passes and lists the ports it will publish', async ({
  cli,
  writeCompose,
}) => {
  const result = await checkComposeFile(writeCompose(GOOD_STACK), { cli });
  expect(result.issues).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.validatedBy).toBe(cli ? 'cli' : 'parse');
  expect(result.publishedPorts).toEqual(
    expect.arrayContaining([
      { service: 'postgres', hostPort: 5432, containerPort: 5432, bindAddress: '127.0.0.1', protocol: 'tcp' },
      { service: 'backend', hostPort: 3001, containerPort: 3001, bindAddress: '0.0.0.0', protocol: 'tcp' },
    ]),
  );
  expect(result.publishedPorts).toHaveLength(4);
  expect(result.images).toContain('staging-gate/reference-app:1.1.0');
});

test('a host port published twice blocks and names both services and the port', async ({ cli, writeCompose }) => {
  const yaml = GOOD_STACK.replace('"4001:4001"', '"127.0.0.1:3001:4001"');
  const result = await checkComposeFile(writeCompose(yaml), { cli });
  expect(result.ok).toBe(false);
  const clash = result.issues.find((i) => i.subject === '3001/tcp');
  expect(clash).toMatchObject({ severity: 'blocking', criterion: 'service-unhealthy' });
  expect(clash?.message).toContain('host port 3001/tcp is published twice');
  expect(clash?.message).toContain('"backend" (0.0.0.0:3001)');
  expect(clash?.message).toContain('"frontend" (127.0.0.1:3001)');
});

test('`latest` and untagged images are findings, not blockers', async ({ cli, writeCompose }) => {
  const yaml = GOOD_STACK.replace('staging-gate/redis:7-offline', 'redis:latest').replace(
    'staging-gate/postgres:15-offline',
    'postgres',
  );
  const result = await checkComposeFile(writeCompose(yaml), { cli });
  expect(result.ok).toBe(true);
  const subjects = result.issues.map((i) => [i.subject, i.severity, i.criterion]);
  expect(subjects).toEqual([
    ['postgres', 'finding', 'minor-config-adjustment'],
    ['redis', 'finding', 'minor-config-adjustment'],
  ]);
  expect(result.issues[0]?.message).toContain('untagged');
  expect(result.issues[1]?.message).toContain('`latest`');
});

test('a service without a healthcheck (or with it disabled) is a finding', async ({ cli, writeCompose }) => {
  // Compose itself rejects `disable: true` next to other healthcheck options, so interval goes too.
  const yaml = GOOD_STACK.replace('test: ["CMD", "true"]\n      interval: 5s', 'disable: true').replace(
    /(backend:\n.*\n.*\n) {4}healthcheck:\n.*\n.*\n/,
    '$1',
  );
  const result = await checkComposeFile(writeCompose(yaml), { cli });
  expect(result.ok).toBe(true);
  expect(result.issues.map((i) => i.subject)).toEqual(['postgres', 'backend']);
  expect(result.issues[0]?.message).toContain('has no healthcheck');
});

test('a missing expected service blocks and names it', async ({ cli, writeCompose }) => {
  const yaml = GOOD_STACK.replace(/ {2}frontend:[\s\S]*$/, '');
  const result = await checkComposeFile(writeCompose(yaml), { cli });
  expect(result.ok).toBe(false);
  expect(result.issues).toHaveLength(1);
  expect(result.issues[0]).toMatchObject({ subject: 'frontend', severity: 'blocking' });
  expect(result.issues[0]?.message).toContain('service "frontend" is not defined');
});

test('the compose CLI rejects an invalid file and its own message is quoted', async ({ cli, writeCompose }) => {
  test.skip(cli === null, 'no compose CLI on this machine');
  const yaml = GOOD_STACK.replace(
    '    image: staging-gate/redis:7-offline',
    '    imagee: staging-gate/redis:7-offline',
  );
  const result = await checkComposeFile(writeCompose(yaml), { cli });
  expect(result.ok).toBe(false);
  expect(result.issues[0]?.message).toContain('config --quiet');
  expect(result.issues[0]?.message).toContain('imagee');
});

test('variables compose interpolates as empty strings are findings naming the variable', async ({
  cli,
  writeCompose,
}) => {
  test.skip(cli === null, 'no compose CLI on this machine');
  const yaml = GOOD_STACK.replace(
    'interval: 5s',
    'interval: 5s\n    environment:\n      SECRET: ${SG_UNSET_VARIABLE_X}',
  );
  const result = await checkComposeFile(writeCompose(yaml), { cli, env: { PATH: process.env.PATH } });
  expect(result.unsetVariables).toEqual(['SG_UNSET_VARIABLE_X']);
  expect(result.issues[0]).toMatchObject({ subject: 'SG_UNSET_VARIABLE_X', severity: 'finding' });
});

test('without a compose CLI the file is parsed as YAML and still checked', async ({ writeCompose }) => {
  const yaml = GOOD_STACK.replace('"4001:4001"', '"3001:4001"');
  const result = await checkComposeFile(writeCompose(yaml), { cli: null });
  expect(result.validatedBy).toBe('parse');
  expect(result.issues.map((i) => [i.subject, i.severity])).toEqual([
    ['docker compose', 'finding'],
    ['3001/tcp', 'blocking'],
  ]);
});

test('a missing compose file blocks and names STAGING_COMPOSE_FILE', async () => {
  const result = await checkComposeFile('/nonexistent/docker-compose.staging.yml', { cli: null });
  expect(result.issues[0]).toMatchObject({ subject: 'STAGING_COMPOSE_FILE', criterion: 'missing-env-config' });
});

test('port mappings parse in both syntaxes', () => {
  const parsed = publishedPorts('svc', [
    '3000',
    '8000:8000',
    '127.0.0.1:5432:5432/tcp',
    '[::1]:6001:6001',
    '7000-7001:7000-7001',
    '127.0.0.1::9000',
    '5353:53/udp',
    9999,
    { target: 80, published: '8080', host_ip: '127.0.0.1' },
    { target: 81 },
    '${PORT}:80',
  ]);
  expect(parsed.ports.map((p) => `${p.bindAddress}:${p.hostPort}->${p.containerPort}/${p.protocol}`)).toEqual([
    '0.0.0.0:8000->8000/tcp',
    '127.0.0.1:5432->5432/tcp',
    '::1:6001->6001/tcp',
    '0.0.0.0:7000->7000/tcp',
    '0.0.0.0:7001->7001/tcp',
    '0.0.0.0:5353->53/udp',
    '127.0.0.1:8080->80/tcp',
  ]);
  expect(parsed.unresolved).toEqual(['svc: ${PORT}:80']);
});

test('port clashes respect bind addresses and protocols', () => {
  const ports = [
    ...publishedPorts('a', ['127.0.0.1:5432:5432', '53:53/udp']).ports,
    ...publishedPorts('b', ['127.0.0.2:5432:5432', '53:53/tcp']).ports,
  ];
  expect(findPortClashes(ports)).toEqual([]);
  const wildcard = [...ports, ...publishedPorts('c', ['5432:5432']).ports];
  expect(findPortClashes(wildcard).map((c) => `${c.first.service}+${c.second.service}:${c.port}`)).toEqual([
    'a+c:5432',
  ]);
});

test('image pinning: digests and exact tags are pinned, latest and untagged are not', () => {
  expect(isPinned('postgres:16.4-alpine')).toBe(true);
  expect(isPinned('registry.local:5000/app@sha256:abc')).toBe(true);
  expect(isPinned('registry.local:5000/app')).toBe(false);
  expect(isPinned('redis:latest')).toBe(false);
  expect(isPinned('redis')).toBe(false);
});

test('unset-variable warnings are read from both compose versions', () => {
  const v1 = 'The SECRETX variable is not set. Defaulting to a blank string.\n';
  const v2 =
    'time="2025-01-01T00:00:00Z" level=warning msg="The \\"DB_PASS\\" variable is not set. Defaulting to a blank string."\n';
  expect(unsetVariables(v1 + v2 + v1)).toEqual(['SECRETX', 'DB_PASS']);
});
