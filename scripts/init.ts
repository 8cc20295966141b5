/**
 * `npm run init -- --url http://127.0.0.1:8080 [--openapi ./openapi.yaml|URL] [--out file] [--name n] [--force]`:
 * scaffolds a target profile for a running application from what it answers (health, metrics, OpenAPI),
 * with TODOs for what only a person knows, then prints the first-run command.
 * Exit codes: 0 written; 2 bad input (nothing written); 1 the generated profile does not validate (a bug).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildDraft } from '../probes/init/build-profile.ts';
import { checkProfileText } from '../probes/init/check-profile.ts';
import { parseInitArgs, USAGE } from '../probes/init/cli-args.ts';
import { nextSteps } from '../probes/init/next-steps.ts';
import { PROBE_TIMEOUT_MS, probeTarget } from '../probes/init/probe-target.ts';
import { readOpenApiInput } from '../probes/init/read-openapi-input.ts';
import { renderProfileYaml } from '../probes/init/render-yaml.ts';
import type { OpenApiFinding } from '../probes/init/types.ts';

function fail(code: 1 | 2, message: string): never {
  process.stderr.write(`init: ${message}\nNothing was written.\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const args = parseInitArgs(process.argv.slice(2));
  if (args.ok === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!args.ok) fail(2, `${args.problem}\n${USAGE}`);
  const { url, out, force } = args.options;
  // The gate's own request timeout variable, when set; else PROBE_TIMEOUT_MS.
  const rawTimeout = process.env.STAGING_HTTP_TIMEOUT_MS;
  const timeoutMs = rawTimeout ? Number(rawTimeout) : PROBE_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000) {
    fail(2, `STAGING_HTTP_TIMEOUT_MS=${rawTimeout ?? ''} must be a whole number of milliseconds from 100 to 60000`);
  }
  const outFile = resolve(out);
  if (existsSync(outFile) && !force) {
    fail(2, `${outFile} exists; pass --force to overwrite it, or --out another file`);
  }

  let given: OpenApiFinding | undefined;
  if (args.options.openapi) {
    const read = await readOpenApiInput(args.options.openapi, { cwd: process.cwd(), outFile, apiUrl: url, timeoutMs });
    if (!read.ok) fail(2, read.problem);
    given = read.finding;
  }

  process.stdout.write(`Probing ${url} ...\n`);
  const probed = await probeTarget(url, { timeoutMs, ...(given ? { openapi: given } : {}) });
  if (!probed.ok) fail(2, probed.problem);
  const { findings, summary } = probed;

  const draft = buildDraft(findings, {
    out,
    date: new Date().toISOString().slice(0, 10),
    ...(args.options.name ? { name: args.options.name } : {}),
    ...(summary ? { summary } : {}),
  });
  const text = renderProfileYaml(draft);
  const check = checkProfileText(text);
  if (!check.ok) {
    fail(
      1,
      `BUG: the generated profile does not validate against core/profile/schema.ts; please report it with this output:\n` +
        `${check.issues.map((i) => `  ${i}`).join('\n')}\n--- generated text ---\n${text}`,
    );
  }
  try {
    mkdirSync(dirname(outFile), { recursive: true });
    // 'wx' unless --force: a file that appeared while probing is still not overwritten.
    writeFileSync(outFile, text, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(
      2,
      code === 'EEXIST'
        ? `${outFile} exists; pass --force to overwrite it`
        : `cannot write ${outFile}: ${(error as Error).message}`,
    );
  }
  const found = [
    findings.health ? `health ${findings.health.path}` : 'no health endpoint',
    findings.metrics ? `metrics ${findings.metrics.path} (${findings.metrics.status})` : 'no metrics endpoint',
    findings.openapi ? `OpenAPI ${findings.openapi.source}` : 'no OpenAPI document',
  ];
  process.stdout.write(`Found: ${found.join(', ')} (${findings.probes.length} requests).\n`);
  process.stdout.write(nextSteps(out, draft.variables, draft.todos, findings.notes));
}

main().catch((error: unknown) => {
  process.stderr.write(`init: unexpected error: ${(error as Error).stack ?? String(error)}\nNothing was written.\n`);
  process.exit(1);
});
