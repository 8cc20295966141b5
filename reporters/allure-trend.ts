import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../core/catalog.ts';
import type { Decision } from '../core/evidence.ts';
import { ALLURE_FILES } from './decision/allure-decision.ts';
import { writeAtomic } from './decision/write-outputs.ts';

/**
 * The decision trend in the report: GO / CONDITIONAL / NO-GO of the last runs, from the decision
 * history (staging-history/history.jsonl, reporters/decision/history.ts), as
 * - a markdown table appended to the decision entry's description and attached to it;
 * - an SVG strip (one cell per run, oldest left) attached to it;
 * - a global attachment, and JSON the report configuration reads (allurerc.mjs: "Decision trend").
 * Allure's own history (historyPath) keeps the decision's status per run under its constant historyId.
 */

export const TREND_LIMIT = 20;
const MARKER = '<!-- staging-gate:decision-trend -->';
const VERDICTS: readonly Verdict[] = ['GO', 'CONDITIONAL', 'NO-GO'];
const COLOUR: Record<Verdict, string> = { GO: '#2e9e48', CONDITIONAL: '#e0a100', 'NO-GO': '#d2322d' };

export interface TrendRun {
  runId: string;
  decidedAt: string;
  verdict: Verdict;
  target?: string;
  candidateVersion?: string;
  /** Not every phase was selected: not a deployment attempt. */
  partial?: boolean;
  /** The run this report is about. */
  current?: boolean;
}

/** The history file's runs, oldest first; unreadable lines are skipped (the decision reporter sets a corrupt file aside). */
export function readTrend(historyFile: string): TrendRun[] {
  if (!existsSync(historyFile)) return [];
  const runs: TrendRun[] = [];
  for (const line of readFileSync(historyFile, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const e = JSON.parse(line) as Record<string, unknown>;
      if (typeof e.runId !== 'string' || typeof e.decidedAt !== 'string') continue;
      if (!VERDICTS.includes(e.verdict as Verdict)) continue;
      runs.push({
        runId: e.runId,
        decidedAt: e.decidedAt,
        verdict: e.verdict as Verdict,
        ...(typeof e.target === 'string' ? { target: e.target } : {}),
        ...(typeof e.candidateVersion === 'string' ? { candidateVersion: e.candidateVersion } : {}),
        ...(e.partial === true ? { partial: true } : {}),
      });
    } catch {
      // skipped
    }
  }
  return runs;
}

/** The last `limit` runs, oldest first, this run last (added from the decision when the history lacks it, e.g. fail closed). */
export function trendRuns(history: readonly TrendRun[], decision: Decision | null, limit = TREND_LIMIT): TrendRun[] {
  const runs = history.map((r) => ({ ...r, current: false }));
  if (decision) {
    const own = runs.map((r) => r.runId === decision.runId && r.decidedAt === decision.decidedAt).lastIndexOf(true);
    if (own >= 0) runs[own] = { ...runs[own]!, current: true };
    else
      runs.push({
        runId: decision.runId,
        decidedAt: decision.decidedAt,
        verdict: decision.verdict,
        target: decision.target,
        ...(decision.candidateVersion ? { candidateVersion: decision.candidateVersion } : {}),
        current: true,
      });
  }
  return runs.slice(-limit);
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderTrendMarkdown(runs: readonly TrendRun[]): string {
  if (runs.length === 0) return `${MARKER}\n## Decision trend\n\nNo decision history yet.\n`;
  const attempts = runs.filter((r) => !r.partial);
  const go = attempts.filter((r) => r.verdict === 'GO').length;
  const counts = VERDICTS.map((v) => `${runs.filter((r) => r.verdict === v).length} ${v}`).join(', ');
  const strip = runs.map((r) => r.verdict).join(' → ');
  const rows = [...runs]
    .reverse()
    .map((r, i) =>
      [
        String(runs.length - i),
        cell(r.decidedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')),
        `\`${cell(r.runId)}\``,
        `**${r.verdict}**`,
        cell(r.target ?? ''),
        cell(r.candidateVersion ?? ''),
        [r.current ? 'this run' : '', r.partial ? 'partial run' : ''].filter(Boolean).join(', '),
      ].join(' | '),
    );
  return [
    MARKER,
    `## Decision trend (last ${runs.length} run${runs.length === 1 ? '' : 's'})`,
    '',
    `${counts}; ${go} GO of ${attempts.length} complete run${attempts.length === 1 ? '' : 's'}` +
      (attempts.length > 0 ? ` (${Math.round((go / attempts.length) * 100)} %)` : '') +
      '.',
    '',
    `Oldest to newest: ${strip}`,
    '',
    '| # | Decided at | Run | Verdict | Target | Candidate | |',
    '| - | - | - | - | - | - | - |',
    ...rows.map((r) => `| ${r} |`),
    '',
  ].join('\n');
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One coloured cell per run, oldest left, the verdict written in it; this run outlined. */
export function renderTrendSvg(runs: readonly TrendRun[]): string {
  const w = 92;
  const width = Math.max(1, runs.length) * w + 8;
  const cells = runs.map((r, i) => {
    const x = 4 + i * w;
    return [
      `<g><title>${xml(`${r.runId} ${r.decidedAt}: ${r.verdict}`)}</title>`,
      `<rect x="${x}" y="22" width="${w - 6}" height="34" rx="4" fill="${COLOUR[r.verdict]}"${r.current ? ' stroke="#111" stroke-width="3"' : ''}/>`,
      `<text x="${x + (w - 6) / 2}" y="44" text-anchor="middle" font-size="${r.verdict === 'CONDITIONAL' ? 10 : 13}" fill="#fff" font-weight="bold">${r.verdict}</text>`,
      `<text x="${x + (w - 6) / 2}" y="72" text-anchor="middle" font-size="10" fill="#555">${xml(r.decidedAt.slice(0, 10))}</text></g>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="80" viewBox="0 0 ${width} 80" font-family="sans-serif">`,
    `<text x="4" y="14" font-size="12" fill="#333">Staging decision per run, oldest left (last ${runs.length})</text>`,
    ...cells,
    '</svg>',
    '',
  ].join('\n');
}

interface Attachment {
  name: string;
  source: string;
  type: string;
  timestamp?: number;
}

/**
 * Adds the trend to the decision entry (description, attachments), the global attachments and a
 * JSON file for allurerc.mjs. No decision entry in the folder: nothing to add to. Idempotent.
 */
export function writeDecisionTrend(
  resultsDir: string,
  history: readonly TrendRun[],
  decision: Decision | null,
): boolean {
  const resultFile = join(resultsDir, ALLURE_FILES.result);
  if (!existsSync(resultFile)) return false;
  const runs = trendRuns(history, decision);
  const markdown = renderTrendMarkdown(runs);
  writeAtomic(join(resultsDir, ALLURE_FILES.trendMarkdown), markdown);
  writeAtomic(join(resultsDir, ALLURE_FILES.trendSvg), renderTrendSvg(runs));
  writeAtomic(join(resultsDir, ALLURE_FILES.trendJson), `${JSON.stringify(runs, null, 2)}\n`);

  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as {
    description?: string;
    attachments?: Attachment[];
  };
  const ours: Attachment[] = [
    { name: 'decision-trend.md', source: ALLURE_FILES.trendMarkdown, type: 'text/markdown' },
    { name: 'decision-trend.svg', source: ALLURE_FILES.trendSvg, type: 'image/svg+xml' },
  ];
  const before = (result.description ?? '').split(MARKER)[0]!.trimEnd();
  result.description = `${before}\n\n${markdown}`;
  result.attachments = [...(result.attachments ?? []).filter((a) => !ours.some((o) => o.source === a.source)), ...ours];
  writeAtomic(resultFile, JSON.stringify(result));

  const globalsFile = join(resultsDir, ALLURE_FILES.globals);
  if (existsSync(globalsFile)) {
    const globals = JSON.parse(readFileSync(globalsFile, 'utf8')) as { attachments?: Attachment[] };
    const timestamp = Date.now();
    globals.attachments = [
      ...(globals.attachments ?? []).filter((a) => a.source !== ALLURE_FILES.trendMarkdown),
      { name: 'Decision trend', source: ALLURE_FILES.trendMarkdown, type: 'text/markdown', timestamp },
    ];
    writeAtomic(globalsFile, JSON.stringify(globals));
  }
  return true;
}
