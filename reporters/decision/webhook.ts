import { request } from 'undici';
import type { Decision } from '../../core/evidence.ts';

/** A Slack-compatible incoming-webhook message: `text` for every client, `blocks` for Slack. */
export interface WebhookPayload {
  text: string;
  blocks: unknown[];
}

export function webhookPayload(decision: Decision, link: string, maxReasons = 5): WebhookPayload {
  const head = `Staging decision: ${decision.verdict} (target ${decision.target}${decision.candidateVersion ? `, candidate ${decision.candidateVersion}` : ''}, run ${decision.runId})`;
  const reasons = decision.reasons
    .slice(0, maxReasons)
    .map((r) => `• ${r.effect} ${r.criterion}${r.phase ? ` (${r.phase})` : ''}: ${r.message}`);
  if (decision.reasons.length > maxReasons) reasons.push(`• ... and ${decision.reasons.length - maxReasons} more`);
  const levels = [...new Set(decision.reasons.map((r) => `${r.escalation.level} ${r.escalation.team}`))]
    .sort()
    .reverse();
  const escalation = levels.length > 0 ? `Escalation: ${levels.join(', ')}` : '';
  const text = [head, ...reasons, escalation, `Report: ${link}`].filter(Boolean).join('\n');
  const blocks = [
    { type: 'header', text: { type: 'plain_text', text: `Staging decision: ${decision.verdict}` } },
    { type: 'section', text: { type: 'mrkdwn', text: [head, ...reasons].join('\n').slice(0, 2900) } },
    ...(escalation ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: escalation }] }] : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Report: ${link}` }] },
  ];
  return { text, blocks };
}

export interface PostOptions {
  timeoutMs?: number;
  retries?: number;
  /** Redacts the URL (it carries a token) in warnings. */
  redact?: (text: string) => string;
  warn?: (message: string) => void;
}

/** POSTs the payload; 5 s timeout, one retry; a failure only warns (a notification never changes a verdict). */
export async function postWebhook(url: string, payload: WebhookPayload, options: PostOptions = {}): Promise<boolean> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const attempts = (options.retries ?? 1) + 1;
  const warn = options.warn ?? console.warn;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) return true;
      last = `HTTP ${res.statusCode}`;
    } catch (error) {
      last = (error as Error).message;
    }
  }
  const host = safeHost(url);
  warn(
    `staging-gate: webhook POST to ${host} failed after ${attempts} attempt${attempts === 1 ? '' : 's'} (${options.redact ? options.redact(last) : last}); ` +
      'the decision stands. Check STAGING_WEBHOOK_URL.',
  );
  return false;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}
