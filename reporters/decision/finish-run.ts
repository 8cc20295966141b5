import { loadConfig, type ConfigResult } from '../../core/config/load-config.ts';
import { writeAllureDecision } from './allure-decision.ts';
import { buildEvidence, type RunSnapshot } from './build-evidence.ts';
import { reportLink } from './ci-info.ts';
import { decide } from './decide.ts';
import type { Decision } from '../../core/evidence.ts';
import { appendHistory, deploymentAttempts, readHistory } from '../../core/history.ts';
import { historyEntry, isPartialRun } from './history-entry.ts';
import { loadPolicy } from './policy.ts';
import { renderConsole } from './render-console.ts';
import { renderMarkdown } from './render-markdown.ts';
import { resolveOutputs, runContext, type DecisionReporterOptions, type OutputPaths } from './run-context.ts';
import { postWebhook, webhookPayload } from './webhook.ts';
import { appendStepSummary, writeDecision, writeEvidence } from './write-outputs.ts';

export interface FinishEnvironment {
  env: NodeJS.ProcessEnv;
  cwd: string;
  print: (text: string) => void;
  warn: (text: string) => void;
}

/** Test hook for the self-tests: a reporter exception must end in NO-GO, never GO. */
export const FAULT_VARIABLE = 'STAGING_GATE_FAULT_REPORTER';

/**
 * Everything the decision reporter does at the end of a run, in order: evidence (written first, so
 * `npm run decide` can replay it), policy and history, decision, decision files, job summary,
 * history, Allure results, console. Any exception propagates: the caller fails closed.
 * Only the webhook is best effort.
 */
export async function finishRun(
  snapshot: RunSnapshot,
  options: DecisionReporterOptions,
  io: FinishEnvironment,
  config: ConfigResult = loadConfig(io.env, io.cwd),
): Promise<{ decision: Decision; paths: OutputPaths }> {
  const paths = resolveOutputs(config, options, io.env, io.cwd);
  const context = runContext(config, io.env);
  const evidence = buildEvidence(snapshot, context);
  writeEvidence(paths.outputDir, evidence);

  if (io.env[FAULT_VARIABLE] === 'throw') throw new Error(`fault injected by ${FAULT_VARIABLE}=throw`);
  const { policy, source } = loadPolicy(paths.policyFile, {
    zeroDowntime: config.ok ? config.config.zeroDowntime : undefined,
  });
  const past = readHistory(paths.historyFile, undefined, { warn: io.warn });
  // A partial run is no deployment attempt: no success rate for it, and it does not count in later ones.
  const history = isPartialRun(evidence) ? undefined : deploymentAttempts(past);
  const decision = decide(evidence, policy, history, { policySource: source });
  const markdown = context.redact(renderMarkdown(decision, { evidence, policy }));
  const files = writeDecision(paths.outputDir, decision, markdown);

  appendStepSummary(markdown, io.env);
  appendHistory(paths.historyFile, historyEntry(decision, evidence));
  writeAllureDecision(paths.allureResultsDir, decision, markdown, evidence.run, io.env);
  io.print(context.redact(renderConsole(decision, { decisionFile: files.md })));

  const webhook = config.ok ? config.config.webhookUrl : undefined;
  if (webhook) {
    const payload = webhookPayload(decision, reportLink(io.env, files.md));
    await postWebhook(webhook, payload, { redact: context.redact, warn: io.warn });
  }
  return { decision, paths };
}
