import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { describeRun, runGate, type GateRun } from '../../harness/run-gate.ts';
import { cleanEnv, StackControl, uniqueProject } from './stack-control.ts';

/**
 * Secret hygiene (ARCHITECTURE §3, house rule 5): distinctive values in every secret variable, runs
 * that fail in ways that print configuration and attach diagnostics, then a search of everything the
 * gate wrote for each value, raw and URL-encoded.
 */

const id = randomBytes(4).toString('hex');
/** '+' and '=' make the URL-encoded form differ from the raw one, so both are searched for. */
const PASSWORDS = {
  STAGING_DB_PASSWORD: `sg-secret-db-${id}+7f3a9c`,
  STAGING_AUTH_SECRET: `sg-secret-auth-${id}=9d1e4b7a02`,
  STAGING_ADMIN_PASSWORD: `sg-secret-admin-${id}+c0ffee`,
  METRICS_TOKEN: `sg-secret-metrics-${id}-5eed5eed`,
  /** The password inside DATABASE_URL: deliberately not the database's (external run: authentication fails). */
  databaseUrlPassword: `sg-secret-dburl-${id}+wrong`,
  redisUrlPassword: `sg-secret-redis-${id}+0a0b`,
  webhookPath: `hook-secret-${id}`,
  statusPath: `status-secret-${id}`,
};

interface Receiver {
  server: Server;
  port: number;
  bodies: string[];
}

/** Stands in for Slack and the status page: records what the gate posts. */
async function startReceiver(): Promise<Receiver> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, bodies };
}

/** Every secret variable, seeded. */
function secretEnv(receiverPort: number, postgresPort: number, redisPort: number): Record<string, string> {
  const enc = encodeURIComponent;
  return {
    STAGING_DB_PASSWORD: PASSWORDS.STAGING_DB_PASSWORD,
    STAGING_AUTH_SECRET: PASSWORDS.STAGING_AUTH_SECRET,
    STAGING_ADMIN_PASSWORD: PASSWORDS.STAGING_ADMIN_PASSWORD,
    METRICS_TOKEN: PASSWORDS.METRICS_TOKEN,
    STAGING_WEBHOOK_URL: `http://127.0.0.1:${receiverPort}/${PASSWORDS.webhookPath}`,
    STAGING_STATUS_PAGE_URL: `http://127.0.0.1:${receiverPort}/${PASSWORDS.statusPath}`,
    DATABASE_URL: `postgres://medianest:${enc(PASSWORDS.databaseUrlPassword)}@127.0.0.1:${postgresPort}/medianest`,
    REDIS_URL: `redis://:${enc(PASSWORDS.redisUrlPassword)}@127.0.0.1:${redisPort}`,
  };
}

/** What must never appear: each secret, raw and URL-encoded (URL variables by their secret part). */
function needles(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(PASSWORDS)) {
    out.set(value, name);
    out.set(encodeURIComponent(value), `${name} (URL-encoded)`);
  }
  return out;
}

/** Files under a folder; HTML reports also yield their embedded base64 data (Allure single-file keeps results there). */
function readTree(dir: string): { file: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) return readTree(file);
    const text = readFileSync(file, 'latin1');
    const embedded = file.endsWith('.html')
      ? [...text.matchAll(/d\("([^"]+)","([A-Za-z0-9+/=]+)"\)/g)].map((m) => ({
          file: `${file} (embedded ${m[1]})`,
          text: Buffer.from(m[2] ?? '', 'base64').toString('latin1'),
        }))
      : [];
    return [{ file, text }, ...embedded];
  });
}

/** "where: which secret" for every occurrence; empty when clean. */
function leaks(sources: { file: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { file, text } of sources)
    for (const [needle, name] of needles()) if (text.includes(needle)) found.push(`${file}: ${name}`);
  return found;
}

/** Everything a gate run leaves: console, staging-report/, allure-results/, history, Playwright's test-results/. */
function gateOutputs(gate: GateRun): { file: string; text: string }[] {
  return [
    { file: 'console output', text: gate.output },
    ...['staging-report', 'allure-results', 'test-results', 'allure-report'].flatMap((d) =>
      readTree(join(gate.dir, d)),
    ),
    ...(existsSync(join(gate.dir, 'history.jsonl'))
      ? [{ file: 'history.jsonl', text: gate.read('history.jsonl') }]
      : []),
  ];
}

let receiver: Receiver;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await new Promise((resolve) => receiver.server.close(resolve));
});

test('an external target with a wrong database password gets NO-GO and no secret appears in any output', async () => {
  const stack = await StackControl.create({ project: uniqueProject('secrets') });
  try {
    await stack.up(['postgres', 'redis']);
    const before = receiver.bodies.length;
    const gate = await runGate({
      env: {
        ...secretEnv(receiver.port, stack.ports.postgres, stack.ports.redis),
        STAGING_TARGET: 'external',
        STAGING_API_URL: stack.apiUrl,
        STAGING_FRONTEND_URL: stack.frontendUrl,
      },
    });
    expect(gate.decision?.verdict, describeRun(gate)).toBe('NO-GO');
    const database = gate.decision?.reasons.find((r) => r.criterion === 'database-connectivity-failed');
    expect(database?.message, describeRun(gate)).toContain('28P01');
    expect(receiver.bodies.length, 'the decision was posted to STAGING_WEBHOOK_URL').toBeGreaterThan(before);
    const posted = receiver.bodies.slice(before).map((text) => ({ file: 'webhook body', text }));
    expect(leaks([...gateOutputs(gate), ...posted])).toEqual([]);
  } finally {
    await stack.down();
  }
});

test('a reference run whose checks fail with diagnostics attached, and its Allure report, show no secret', async () => {
  // leak-secret: the health body carries AUTH_SECRET, so the security phase fails quoting a secret-bearing
  // response, and the failure attaches diagnostics (compose ps, service logs, network inspect).
  const project = uniqueProject('secrets-ref');
  const stack = await StackControl.create({ project });
  try {
    const gate = await runGate({
      env: {
        ...secretEnv(receiver.port, stack.ports.postgres, stack.ports.redis),
        STAGING_COMPOSE_PROJECT: project,
        STAGING_FAULTS: 'leak-secret',
      },
    });
    expect(gate.decision?.verdict, describeRun(gate)).toBe('NO-GO');
    expect(gate.decision?.criteria['critical-security-vulnerability'], describeRun(gate)).toBe('hit');
    const attachments = readTree(join(gate.dir, 'allure-results')).filter((f) => f.text.includes('diagnostics: '));
    expect(attachments.length, 'a failed check attached diagnostics').toBeGreaterThan(0);

    const report = spawnSync(
      'npm',
      [
        'run',
        'report',
        '--',
        '--results',
        join(gate.dir, 'allure-results'),
        '--output',
        join(gate.dir, 'allure-report'),
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
        env: cleanEnv({ STAGING_ALLURE_HISTORY_FILE: join(gate.dir, 'allure-history.jsonl') }),
      },
    );
    expect(report.status, `npm run report: ${report.stderr}${report.stdout}`).toBe(0);
    const html = readTree(join(gate.dir, 'allure-report'));
    expect(html.length, 'the report and its embedded data were read').toBeGreaterThan(10);
    expect(
      leaks([...gateOutputs(gate), { file: 'npm run report output', text: report.stdout + report.stderr }]),
    ).toEqual([]);
  } finally {
    await stack.down();
  }
});
