import type { Decision } from '../../core/evidence.ts';

export interface ConsoleOptions {
  /** ANSI colours; default only when stdout is a terminal and NO_COLOR is unset. */
  color?: boolean;
  /** Box width in characters; default the terminal width, at most 110. */
  width?: number;
  /** Where the full decision lives, shown at the bottom. */
  decisionFile?: string;
  /** How many reasons to list before "and N more". */
  maxReasons?: number;
}

const COLORS = { GO: '\u001b[32m', CONDITIONAL: '\u001b[33m', 'NO-GO': '\u001b[31m' } as const;
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/** The compact boxed summary printed at the end of a run and by `npm run decide`. */
export function renderConsole(decision: Decision, options: ConsoleOptions = {}): string {
  const color = options.color ?? (!!process.stdout.isTTY && !process.env.NO_COLOR);
  const width = Math.max(50, Math.min(options.width ?? process.stdout.columns ?? 100, 110));
  const inner = width - 4;
  const max = options.maxReasons ?? 8;
  const c = decision.counts;

  const head = [
    `STAGING DECISION: ${decision.verdict}`,
    [
      `target ${decision.target}`,
      decision.candidateVersion ? `candidate ${decision.candidateVersion}` : '',
      `run ${decision.runId}`,
    ]
      .filter(Boolean)
      .join(' · '),
  ];
  const reasons = decision.reasons.slice(0, max).map((r) => {
    const where = r.phase ? ` (${r.phase})` : '';
    return `${r.effect === 'NO-GO' ? 'x' : '!'} ${r.criterion}${where} ${r.escalation.level}: ${r.message}`;
  });
  if (decision.reasons.length > max) reasons.push(`  ... and ${decision.reasons.length - max} more (see decision.md)`);
  const toGo = decision.toGo.length > 0 ? ['To GO:', ...decision.toGo.slice(0, max).map((l) => `- ${l}`)] : [];
  const tally = [
    `checks: ${c.passed} passed, ${c.failed + c.timedOut + c.interrupted} failed, ${c['did-not-run']} did not run, ${c.skipped} skipped, ${c.flaky} flaky`,
  ];
  if (decision.successRate) {
    const s = decision.successRate;
    tally.push(
      `success rate: ${s.rate} % GO over ${s.runs} run${s.runs === 1 ? '' : 's'} (runbook target ${s.threshold} %)`,
    );
  }
  if (options.decisionFile) tally.push(`details: ${options.decisionFile}`);

  const sections = [head, reasons, toGo, tally].filter((s) => s.length > 0);
  const rule = (l: string, r: string) => `${l}${'─'.repeat(width - 2)}${r}`;
  const lines: string[] = [rule('┌', '┐')];
  sections.forEach((section, i) => {
    if (i > 0) lines.push(rule('├', '┤'));
    for (const text of section) {
      const plain = fit(text, inner);
      const shown = color && text === head[0] ? `${BOLD}${COLORS[decision.verdict]}${plain}${RESET}` : plain;
      lines.push(`│ ${shown} │`);
    }
  });
  lines.push(rule('└', '┘'));
  return lines.join('\n');
}

/** One line, cut with an ellipsis or padded to exactly `width` characters. */
function fit(text: string, width: number): string {
  const one = text.replace(/\s*\n\s*/g, ' ');
  return one.length > width ? `${one.slice(0, width - 1)}…` : one.padEnd(width);
}
