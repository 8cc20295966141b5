import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Measurement } from './evidence.ts';

/**
 * Past decisions, one JSON line per run, in a file CI carries between runs (cache or artifact):
 * the runbook's deployment success rate, trends, and the perf baseline of the last GO run.
 */

const measurementSchema = z.object({
  name: z.string(),
  value: z.number(),
  unit: z.enum(['ms', 's', 'ratio', 'count', 'rate', 'req/s', 'percent']),
  samples: z.number().int().nonnegative().optional(),
});

const entrySchema = z.object({
  runId: z.string(),
  decidedAt: z.string(),
  verdict: z.enum(['GO', 'CONDITIONAL', 'NO-GO']),
  target: z.string(),
  candidateVersion: z.string().optional(),
  keyMeasurements: z.array(measurementSchema),
  /** Perf p95s of the run: the next run's baseline when this one is GO. */
  perf: z.array(measurementSchema).default([]),
  policyHash: z.string().optional(),
  evidenceHash: z.string().optional(),
  /** Not every phase was selected (a developer's partial run): kept, but not a deployment attempt. */
  partial: z.boolean().optional(),
});

export type HistoryEntry = z.infer<typeof entrySchema>;

export interface GoBaseline {
  runId: string;
  decidedAt: string;
  candidateVersion?: string;
  /** Key measurements and perf p95s of that run, by name. */
  measurements: Measurement[];
}

export interface HistoryOptions {
  /** Where warnings go (a corrupt file set aside); console.warn by default. */
  warn?: (message: string) => void;
}

export function deploymentAttempts(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries.filter((e) => !e.partial);
}

export function appendHistory(file: string, entry: HistoryEntry): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

/**
 * All entries, oldest first (the last `limit` when given). A file with an unreadable line is set
 * aside as `<file>.corrupt-<timestamp>` with a warning, and history starts fresh: a damaged cache
 * must not block a deployment decision, nor be silently mixed into the next one.
 */
export function readHistory(file: string, limit?: number, options: HistoryOptions = {}): HistoryEntry[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const entries: HistoryEntry[] = [];
  for (const [index, line] of lines.entries()) {
    const parsed = parseLine(line);
    if (!parsed.ok) {
      const setAside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(file, setAside);
      (options.warn ?? console.warn)(
        `staging-gate: history file ${file} line ${index + 1} is unreadable (${parsed.error}); ` +
          `set aside as ${setAside}, starting a fresh history.`,
      );
      return [];
    }
    entries.push(parsed.entry);
  }
  return limit === undefined ? entries : entries.slice(-limit);
}

function parseLine(line: string): { ok: true; entry: HistoryEntry } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  const result = entrySchema.safeParse(json);
  return result.success
    ? { ok: true, entry: result.data }
    : { ok: false, error: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

/** The measurements of the most recent GO run, the perf phase's baseline; null when there was none. */
export function lastGoBaseline(file: string, options: HistoryOptions = {}): GoBaseline | null {
  const last = readHistory(file, undefined, options)
    .filter((e) => e.verdict === 'GO')
    .at(-1);
  if (!last) return null;
  const byName = new Map<string, Measurement>();
  for (const m of [...last.keyMeasurements, ...last.perf]) if (!byName.has(m.name)) byName.set(m.name, m);
  return {
    runId: last.runId,
    decidedAt: last.decidedAt,
    ...(last.candidateVersion ? { candidateVersion: last.candidateVersion } : {}),
    measurements: [...byName.values()],
  };
}
