import { resolveAllureResultsDir } from '../core/output-paths.ts';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Reporter } from '@playwright/test/reporter';
import { loadConfig } from '../core/config/load-config.ts';

/** Files other reporters write as text: an expect message or response body may have carried a secret into them. */
const TEXT_EXTENSIONS = new Set([
  '.json',
  '.jsonl',
  '.txt',
  '.md',
  '.html',
  '.log',
  '.svg',
  '.properties',
  '.csv',
  '.xml',
]);
const MAX_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Listed after allure-playwright, so its onEnd runs last: every text file in allure-results/ and
 * test-results/ goes through the configuration's redactor before anyone publishes it.
 */
export default class RedactOutputsReporter implements Reporter {
  private outputDirs: string[] = [];

  onBegin(config: { projects: { outputDir: string }[] }): void {
    this.outputDirs = [...new Set(config.projects.map((p) => p.outputDir))];
  }

  onEnd(): void {
    const { redact } = (() => {
      const result = loadConfig();
      return result.ok ? result.config : result;
    })();
    for (const dir of [resolveAllureResultsDir(), ...this.outputDirs]) redactTree(dir, redact);
  }

  printsToStdio(): boolean {
    return false;
  }
}

function redactTree(dir: string, redact: (text: string) => string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    const stat = statSync(path);
    if (stat.isDirectory()) redactTree(path, redact);
    else if (TEXT_EXTENSIONS.has(extname(entry)) && stat.size <= MAX_FILE_BYTES) {
      const text = readFileSync(path, 'utf8');
      const clean = redact(text);
      if (clean !== text) writeFileSync(path, clean);
    }
  }
}
