import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A file the processes of one run share (its login, its log marks, its compose CLI): per user in the temp
 * folder, named by kind and run id (characters a path cannot take replaced). Callers create the folder 0700.
 */
export function runFile(kind: string, runId: string): string {
  const safe = runId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80);
  return join(tmpdir(), `staging-gate-${process.getuid?.() ?? 'user'}`, `${kind}-${safe}.json`);
}
