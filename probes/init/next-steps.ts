/** What `npm run init` prints after writing the profile: the first-run command and the TODO list. Pure. */
import type { CommandVariable } from './build-profile.ts';
import type { Todo } from './types.ts';

/** A shell word: bare when safe, else single-quoted. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `NAME=value ... npx playwright test --project=staging`, one variable group per line. */
export function firstRunCommand(variables: readonly CommandVariable[]): string {
  const words = variables.map((v) => `${v.name}=${shellWord(v.value)}`);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + word.length > 90) {
      lines.push(`${line} \\`);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
  }
  lines.push(`${line} \\`);
  lines.push('npx playwright test --project=staging');
  return lines.join('\n');
}

export function nextSteps(
  out: string,
  variables: readonly CommandVariable[],
  todos: readonly Todo[],
  notes: readonly string[],
): string {
  const placeholders = variables.filter((v) => v.placeholder).map((v) => v.name);
  const parts = [
    `Wrote ${out}.`,
    '',
    `TODO (${todos.length}), also marked "# TODO" in the file:`,
    ...todos.map((t, i) => `  ${i + 1}. ${t.field}: ${t.text}`),
  ];
  if (notes.length) parts.push('', 'Notes from probing:', ...notes.map((n) => `  - ${n}`));
  parts.push(
    '',
    placeholders.length ? `First run (replace the <...> values of ${placeholders.join(', ')}):` : 'First run:',
    '',
    firstRunCommand(variables),
    '',
  );
  return parts.join('\n');
}
