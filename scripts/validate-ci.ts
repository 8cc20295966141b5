/**
 * npx tsx scripts/validate-ci.ts [FILE ...]
 *
 * Validates the CI templates a team copies, offline:
 * - GitHub Actions workflows (.github/workflows/*.yml): the workflow schema with action-validator
 *   (WASM), plus that every `inputs.X` an expression reads is declared by workflow_dispatch;
 * - GitLab CI templates (ci/gitlab/*.gitlab-ci.yml): gitlab-ci-local --preview, which expands the
 *   file and validates it against GitLab's CI JSON schema;
 * - for the staging-gate templates, the contract the README promises: the history is cached per
 *   branch and saved when the gate fails, the report and artifacts are produced whatever the
 *   verdict, and the job's result comes from `npm run decide`.
 * Exits 1 naming the file and the problem on any error, 0 when every file is valid.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ACTION_VALIDATOR = join(ROOT, 'node_modules', '.bin', 'action-validator');
const GITLAB_CI_LOCAL = join(ROOT, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');

type Yaml = Record<string, unknown>;
interface Problem {
  file: string;
  message: string;
}

const isMap = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

function defaultFiles(): string[] {
  const inDir = (dir: string, suffix: RegExp) =>
    existsSync(join(ROOT, dir))
      ? readdirSync(join(ROOT, dir))
          .filter((f) => suffix.test(f))
          .map((f) => join(ROOT, dir, f))
      : [];
  return [...inDir('.github/workflows', /\.ya?ml$/), ...inDir('ci/gitlab', /\.gitlab-ci\.ya?ml$/)];
}

// ---------------------------------------------------------------- GitHub Actions

interface ValidatorError {
  path?: string;
  title?: string;
  detail?: string;
  states?: { errors?: ValidatorError[] }[];
}

/**
 * action-validator prints JSON; a oneOf failure nests every branch's errors (a job is either steps
 * or a reusable workflow call): show the leaves of the branch that came closest, once.
 */
function flattenValidatorErrors(errors: ValidatorError[]): string[] {
  const out = new Set<string>();
  const walk = (e: ValidatorError) => {
    const states = (e.states ?? []).filter((s) => s.errors?.length);
    if (states.length) {
      const closest = states.reduce((a, b) => ((b.errors?.length ?? 0) < (a.errors?.length ?? 0) ? b : a));
      for (const inner of closest.errors ?? []) walk(inner);
    } else out.add(`${e.path || '/'}: ${e.detail ?? e.title ?? 'invalid'}`);
  };
  errors.forEach(walk);
  return [...out];
}

function validateWorkflow(file: string): string[] {
  if (!existsSync(ACTION_VALIDATOR)) return [`action-validator is not installed (${ACTION_VALIDATOR}): run npm ci`];
  const run = spawnSync(ACTION_VALIDATOR, [file], { encoding: 'utf8', timeout: 60_000 });
  const problems: string[] = [];
  if (run.status !== 0) {
    const printed = `${run.stdout}${run.stderr}`;
    const json = printed.slice(printed.indexOf('{'));
    try {
      const parsed = JSON.parse(json) as { errors?: ValidatorError[] };
      problems.push(...flattenValidatorErrors(parsed.errors ?? []).map((p) => `schema: ${p}`));
    } catch {
      // not JSON: a YAML syntax error or a crash
    }
    if (problems.length === 0)
      problems.push(`action-validator exited ${run.status ?? run.signal}: ${(run.stderr || run.stdout).trim()}`);
    return problems;
  }
  const doc = parse(readFileSync(file, 'utf8')) as Yaml;
  const on = isMap(doc.on) ? doc.on : {};
  const dispatch = isMap(on.workflow_dispatch) ? on.workflow_dispatch : {};
  const declared = new Set(Object.keys(isMap(dispatch.inputs) ? dispatch.inputs : {}));
  const source = readFileSync(file, 'utf8');
  for (const expr of source.matchAll(/\$\{\{([^}]*)\}\}/g))
    for (const ref of expr[1]!.matchAll(/\binputs\.([A-Za-z_][\w-]*)/g))
      if (!declared.has(ref[1]!))
        problems.push(`expression reads inputs.${ref[1]}, which workflow_dispatch does not declare`);
  if (basename(file).startsWith('staging-gate')) problems.push(...githubGateContract(doc));
  return [...new Set(problems)];
}

/** The staging-gate workflow: history per branch saved always, later steps always, decide last. */
function githubGateContract(doc: Yaml): string[] {
  const problems: string[] = [];
  const jobs = isMap(doc.jobs) ? doc.jobs : {};
  const gateEntry = Object.entries(jobs).find(
    ([, job]) =>
      isMap(job) && list(job.steps).some((s) => isMap(s) && /playwright test[^\n]*--project=staging/.test(text(s.run))),
  );
  if (!gateEntry) return ['no job runs the gate (`npx playwright test --project=staging`)'];
  const [name, job] = gateEntry as [string, Yaml];
  const steps = list(job.steps).filter(isMap);
  const gateIndex = steps.findIndex((s) => /playwright test[^\n]*--project=staging/.test(text(s.run)));
  const gate = steps[gateIndex]!;
  if (gate['continue-on-error'] !== true)
    problems.push(`jobs.${name}: the gate step needs continue-on-error: true (the verdict comes from npm run decide)`);
  steps.slice(gateIndex + 1).forEach((s, i) => {
    const condition = text(s['if']);
    if (!/always\(\)/.test(condition))
      problems.push(
        `jobs.${name}.steps[${gateIndex + 1 + i}] (${text(s.name) || text(s.uses)}) must run after a failed gate: if: always()`,
      );
  });
  const last = steps.at(-1);
  if (!last || !/npm run decide\b/.test(text(last.run)))
    problems.push(`jobs.${name}: the last step must be \`npm run decide\` (its exit code is the job's result)`);
  const caches = steps.filter((s) => /^actions\/cache(\/(restore|save))?@/.test(text(s.uses)));
  const keyed = (s: Yaml) => (isMap(s.with) ? s.with : {});
  if (
    !caches.some(
      (s) => /restore@/.test(text(s.uses)) && /staging-history-\$\{\{ github\.ref_name \}\}-/.test(text(keyed(s).key)),
    )
  )
    problems.push(
      `jobs.${name}: restore staging-history/ with actions/cache/restore keyed per branch (staging-history-\${{ github.ref_name }}-…)`,
    );
  if (!caches.some((s) => /save@/.test(text(s.uses)) && /always\(\)/.test(text(s['if']))))
    problems.push(`jobs.${name}: save staging-history/ with actions/cache/save and if: always()`);
  if (!steps.some((s) => /npm run report\b/.test(text(s.run))))
    problems.push(`jobs.${name}: no \`npm run report\` step`);
  return problems;
}

// ---------------------------------------------------------------- GitLab CI

/** gitlab-ci-local needs a git work tree: the template alone, in a throw-away repository. */
function validateGitlab(file: string): string[] {
  if (!existsSync(GITLAB_CI_LOCAL)) return [`gitlab-ci-local is not installed (${GITLAB_CI_LOCAL}): run npm ci`];
  const rel = relative(ROOT, file).startsWith('..') ? basename(file) : relative(ROOT, file);
  const dir = mkdtempSync(join(tmpdir(), 'staging-gate-validate-ci-'));
  try {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    copyFileSync(file, join(dir, rel));
    const git = spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, encoding: 'utf8' });
    if (git.status !== 0) return [`git init failed (gitlab-ci-local needs git): ${git.stderr.trim()}`];
    const run = spawnSync(
      process.execPath,
      [GITLAB_CI_LOCAL, '--file', rel, '--preview', '--home', join(dir, '.home'), '--no-color'],
      { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, FORCE_COLOR: '0' } },
    );
    if (run.status !== 0) {
      const lines = `${run.stdout}\n${run.stderr}`
        .split('\n')
        .filter((l) => /Invalid|•|is not|must|error/i.test(l) && !/remote|origin|rev-parse|symbolic-ref/i.test(l))
        .filter((l) => !/troubleshooting|pipeline editor|ignore-schema-paths|json-schema-validation=false/.test(l))
        .map((l) => l.trim());
      return [
        `gitlab-ci-local --preview exited ${run.status ?? run.signal}: ${lines.join('; ') || (run.stderr || run.stdout).trim().slice(-1500)}`,
      ];
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const doc = parse(readFileSync(file, 'utf8')) as Yaml;
  return basename(file).startsWith('staging-gate') ? gitlabGateContract(doc) : [];
}

function gitlabGateContract(doc: Yaml): string[] {
  const problems: string[] = [];
  const stages = list(doc.stages).map(text);
  for (const stage of ['gate', 'report', 'pages'])
    if (!stages.includes(stage)) problems.push(`stages: missing "${stage}"`);
  const jobs = Object.entries(doc).filter(([k, v]) => !k.startsWith('.') && isMap(v) && 'script' in v) as [
    string,
    Yaml,
  ][];
  const gate = jobs.find(([, j]) => list(j.script).some((l) => /playwright test[^\n]*--project=staging/.test(text(l))));
  if (!gate) return [...problems, 'no job runs the gate (`npx playwright test --project=staging`)'];
  const [name, job] = gate;
  const script = list(job.script).map(text);
  const gateLine = script.find((l) => /playwright test[^\n]*--project=staging/.test(l))!;
  if (!/\|\||; *true|set \+e/.test(gateLine))
    problems.push(
      `${name}: the gate's own exit code must not end the job (\`… || echo …\`): the verdict comes from npm run decide`,
    );
  if (!/npm run decide\b/.test(script.at(-1) ?? ''))
    problems.push(`${name}: the last script line must be \`npm run decide\` (its exit code is the job's result)`);
  if (!/STAGING_CONDITIONAL_OK/.test(script.at(-1) ?? ''))
    problems.push(`${name}: STAGING_CONDITIONAL_OK must switch --conditional-ok`);
  const history = list(job.cache)
    .filter(isMap)
    .find((c) => list(c.paths).some((p) => /^staging-history\/?$/.test(text(p))));
  if (!history) problems.push(`${name}: no cache for staging-history/`);
  else {
    if (!/\$CI_COMMIT_REF_SLUG|\$\{CI_COMMIT_REF_SLUG\}/.test(text(history.key)))
      problems.push(`${name}: the staging-history cache key must be per branch ($CI_COMMIT_REF_SLUG)`);
    if (history.when !== 'always')
      problems.push(`${name}: the staging-history cache needs when: always (saved when the gate fails)`);
    if ((history.policy ?? 'pull-push') !== 'pull-push')
      problems.push(`${name}: the staging-history cache needs policy: pull-push`);
  }
  for (const [jobName, j] of jobs) {
    const artifacts = isMap(j.artifacts) ? j.artifacts : null;
    if (artifacts && jobName !== 'pages' && artifacts.when !== 'always')
      problems.push(`${jobName}: artifacts need when: always (the evidence of a NO-GO is what people read)`);
  }
  const paths = jobs.flatMap(([, j]) => (isMap(j.artifacts) ? list(j.artifacts.paths).map(text) : []));
  for (const p of ['staging-report/', 'allure-report/', 'allure-results/'])
    if (!paths.includes(p)) problems.push(`no job keeps ${p} as an artifact`);
  const pages = doc.pages;
  if (
    !isMap(pages) ||
    !(
      isMap(pages.artifacts) &&
      list(pages.artifacts.paths)
        .map(text)
        .some((p) => /^public\/?$/.test(p))
    )
  )
    problems.push('pages: a `pages` job must publish public/');
  return problems;
}

// ---------------------------------------------------------------- main

function main(): number {
  const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => resolve(f)) : defaultFiles();
  if (files.length === 0) {
    console.error('validate-ci: no CI files found (.github/workflows/*.yml, ci/gitlab/*.gitlab-ci.yml)');
    return 1;
  }
  const problems: Problem[] = [];
  for (const file of files) {
    const rel = relative(ROOT, file) || file;
    if (!existsSync(file)) {
      problems.push({ file: rel, message: 'no such file' });
      continue;
    }
    const started = performance.now();
    let found: string[];
    try {
      found = /\.gitlab-ci\.ya?ml$/.test(file) ? validateGitlab(file) : validateWorkflow(file);
    } catch (error) {
      found = [`cannot validate: ${(error as Error).message}`];
    }
    problems.push(...found.map((message) => ({ file: rel, message })));
    const ms = Math.round(performance.now() - started);
    console.log(`validate-ci: ${found.length ? 'INVALID' : 'ok'} ${rel} (${ms} ms)`);
  }
  for (const p of problems) console.error(`${p.file}: ${p.message}`);
  return problems.length ? 1 : 0;
}

process.exitCode = main();
