import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Decision, Evidence } from '../../core/evidence.ts';

export const OUTPUT_FILES = {
  evidence: 'evidence.json',
  decision: 'decision.json',
  markdown: 'decision.md',
} as const;

/** Write-then-rename: a reader never sees half a decision, and a crash never leaves one. */
export function writeAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

export function writeEvidence(outputDir: string, evidence: Evidence): string {
  const file = join(outputDir, OUTPUT_FILES.evidence);
  writeAtomic(file, `${JSON.stringify(evidence, null, 2)}\n`);
  return file;
}

export function writeDecision(outputDir: string, decision: Decision, markdown: string): { json: string; md: string } {
  const json = join(outputDir, OUTPUT_FILES.decision);
  const md = join(outputDir, OUTPUT_FILES.markdown);
  writeAtomic(json, `${JSON.stringify(decision, null, 2)}\n`);
  writeAtomic(md, markdown);
  return { json, md };
}

/** A stale decision from an earlier run must never stand in for this one (a killed run leaves none). */
export function removeStaleOutputs(outputDir: string): void {
  for (const name of Object.values(OUTPUT_FILES)) rmSync(join(outputDir, name), { force: true });
}

/** GitHub Actions job summary: the decision shows on the run page. */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!env.GITHUB_STEP_SUMMARY) return false;
  appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  return true;
}
