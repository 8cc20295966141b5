import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base, expect } from '@playwright/test';
import type { Decision } from '../../core/evidence.ts';
import { postWebhook, webhookPayload } from '../../reporters/decision/webhook.ts';

/** A local Slack-like endpoint answering with the given statuses in turn, recording bodies. */
const test = base.extend<{ hook: { url: string; bodies: unknown[]; answer: number[] } }>({
  hook: async ({}, use) => {
    const state = { url: '', bodies: [] as unknown[], answer: [200] };
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        state.bodies.push(JSON.parse(body));
        const status = state.answer[state.bodies.length - 1] ?? state.answer.at(-1) ?? 200;
        // 0: never answer (a hanging endpoint).
        if (status === 0) return;
        res.statusCode = status;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/secret-token`;
    await use(state);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  },
});

const decision: Decision = {
  schemaVersion: 1,
  verdict: 'NO-GO',
  decidedAt: '2025-01-01T10:00:00.000Z',
  runId: 'run-9',
  target: 'reference',
  candidateVersion: '1.1.0',
  reasons: [
    {
      criterion: 'service-unhealthy',
      effect: 'NO-GO',
      check: 'every health endpoint answers 200',
      phase: 'health',
      message: 'GET /api/health returned 503',
      class: 'product',
      escalation: { level: 'L1', team: 'Development team', responseMinutes: 15 },
    },
  ],
  toGo: ['fix service-unhealthy: GET /api/health returned 503 (health phase)'],
  criteria: {},
  counts: { passed: 1, failed: 1, timedOut: 0, interrupted: 0, skipped: 0, 'did-not-run': 0, flaky: 0 },
  keyMeasurements: [],
  policyHash: 'sha256:x',
  evidenceHash: 'sha256:y',
};

test('webhook: a Slack-compatible message with verdict, reasons, escalation and report link', () => {
  const payload = webhookPayload(decision, 'https://ci.example/run/1');
  expect(payload.text.split('\n')[0]).toBe('Staging decision: NO-GO (target reference, candidate 1.1.0, run run-9)');
  expect(payload.text).toContain('• NO-GO service-unhealthy (health): GET /api/health returned 503');
  expect(payload.text).toContain('Escalation: L1 Development team');
  expect(payload.text).toContain('Report: https://ci.example/run/1');
  expect(payload.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Staging decision: NO-GO' } });
});

test('webhook: a failed first attempt is retried once', async ({ hook }) => {
  hook.answer = [500, 200];
  const warnings: string[] = [];
  expect(await postWebhook(hook.url, webhookPayload(decision, 'x'), { warn: (m) => warnings.push(m) })).toBe(true);
  expect(hook.bodies).toHaveLength(2);
  expect(warnings).toEqual([]);
});

test('webhook: failures only warn, without the secret URL', async ({ hook }) => {
  hook.answer = [500];
  const warnings: string[] = [];
  expect(await postWebhook(hook.url, webhookPayload(decision, 'x'), { warn: (m) => warnings.push(m) })).toBe(false);
  expect(hook.bodies).toHaveLength(2);
  expect(warnings[0]).toMatch(
    /webhook POST to 127\.0\.0\.1:\d+ failed after 2 attempts \(HTTP 500\); the decision stands/,
  );
  expect(warnings[0]).not.toContain('secret-token');
});

test('webhook: a hanging endpoint is abandoned after the timeout, twice, and warns', async ({ hook }) => {
  hook.answer = [0];
  const warnings: string[] = [];
  // No clock here: an endpoint that never answers would hang this test without the timeout; two bodies prove the retry.
  const ok = await postWebhook(hook.url, webhookPayload(decision, 'x'), {
    timeoutMs: 300,
    warn: (m) => warnings.push(m),
  });
  expect(ok).toBe(false);
  expect(hook.bodies).toHaveLength(2);
  expect(warnings[0]).toMatch(/failed after 2 attempts/);
});

test('webhook: an unreachable endpoint warns', async () => {
  const warnings: string[] = [];
  // Port 9 (discard) has no listener here: the connection is refused.
  const ok = await postWebhook('http://127.0.0.1:9/hook', webhookPayload(decision, 'x'), {
    warn: (m) => warnings.push(m),
  });
  expect(ok).toBe(false);
  expect(warnings[0]).toMatch(/webhook POST to 127\.0\.0\.1:9 failed after 2 attempts/);
});
