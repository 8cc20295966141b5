/**
 * npm run decide -- [--policy FILE] [--evidence FILE] [--conditional-ok] [--write]
 *
 * Recomputes the verdict from stored evidence (or replays it under another policy) for CI.
 * Exit codes: 0 GO, 1 NO-GO, 2 CONDITIONAL (0 with --conditional-ok), 3 no decision possible.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, mergedValues } from '../core/config/load-config.ts';
import { decide } from '../reporters/decision/decide.ts';
import { parseEvidence } from '../reporters/decision/evidence-schema.ts';
import type { Decision } from '../core/evidence.ts';
import { deploymentAttempts, readHistory } from '../core/history.ts';
import { isPartialRun } from '../reporters/decision/history-entry.ts';
import { PolicyError, loadPolicy, zeroDowntimeSchema } from '../reporters/decision/policy.ts';
import { renderConsole } from '../reporters/decision/render-console.ts';
import { renderMarkdown } from '../reporters/decision/render-markdown.ts';
import { resolveOutputs } from '../reporters/decision/run-context.ts';
import { OUTPUT_FILES, writeDecision } from '../reporters/decision/write-outputs.ts';

const EXIT = { GO: 0, 'NO-GO': 1, CONDITIONAL: 2, NO_DECISION: 3 } as const;

class NoDecision extends Error {}

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        policy: { type: 'string' },
        evidence: { type: 'string' },
        'conditional-ok': { type: 'boolean', default: false },
        write: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new NoDecision(
      `${(error as Error).message}. Usage: npm run decide -- [--policy FILE] [--evidence FILE] [--conditional-ok] [--write]`,
    );
  }
  const config = loadConfig();
  const paths = resolveOutputs(config);
  const evidenceFile = args.evidence ? resolve(args.evidence) : join(paths.outputDir, OUTPUT_FILES.evidence);
  if (!existsSync(evidenceFile)) {
    throw new NoDecision(
      `No evidence at ${evidenceFile}. Run the gate first (npx playwright test --project=staging), ` +
        'or point to a stored evidence.json with --evidence FILE.',
    );
  }
  let evidence;
  try {
    evidence = parseEvidence(readFileSync(evidenceFile, 'utf8'), evidenceFile);
  } catch (error) {
    throw new NoDecision(
      `${(error as Error).message}\nThe file is damaged or not from staging-gate; run the gate again to produce it.`,
    );
  }
  const policyFile = args.policy ? resolve(args.policy) : paths.policyFile;
  // A replay needs no target: the knob is read on its own, even where the profile cannot be loaded here.
  const knob = zeroDowntimeSchema.safeParse(mergedValues().STAGING_ZERO_DOWNTIME);
  const { policy, source } = loadPolicy(policyFile, {
    zeroDowntime: config.ok ? config.config.zeroDowntime : knob.success ? knob.data : undefined,
  });
  // The reporter already appended this run to the history: do not count it twice.
  const past = deploymentAttempts(readHistory(paths.historyFile)).filter(
    (h) => !(h.runId === evidence.run.id && h.decidedAt === evidence.run.finishedAt),
  );
  const history = isPartialRun(evidence) ? undefined : past;
  const decision = decide(evidence, policy, history, { policySource: source });

  console.log(renderConsole(decision, { decisionFile: join(paths.outputDir, OUTPUT_FILES.markdown) }));
  console.log(`policy: ${source} (${decision.policyHash})`);
  const stored = storedVerdict(join(paths.outputDir, OUTPUT_FILES.decision));
  if (stored && stored !== decision.verdict && !args.write) {
    console.log(`note: the stored decision.json says ${stored}; under this policy the verdict is ${decision.verdict}.`);
  }
  if (args.write) {
    const files = writeDecision(paths.outputDir, decision, renderMarkdown(decision, { evidence, policy }));
    console.log(`wrote ${files.json} and ${files.md}`);
  }
  if (decision.verdict === 'CONDITIONAL' && args['conditional-ok']) return EXIT.GO;
  return EXIT[decision.verdict];
}

function storedVerdict(file: string): Decision['verdict'] | null {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as Partial<Decision>).verdict ?? null;
  } catch {
    return null;
  }
}

/** Never a stack trace, never exit 0 by accident: anything unexpected is "no decision possible". */
function run(): void {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    const known = error instanceof NoDecision || error instanceof PolicyError;
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      `staging-gate decide: no decision possible (exit 3).\n${known ? message : `unexpected error: ${message}`}`,
    );
    process.exitCode = EXIT.NO_DECISION;
  }
}

run();
