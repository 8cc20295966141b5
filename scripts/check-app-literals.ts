/**
 * `npm run check`: the gate is for the team's own application, so no generic code may name a route,
 * table, cache key, header, UI text or command of the bundled reference app. Those live in
 * reference-stack/ (its profile and specs). Exit 1 with file:line for every hit.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Literals only the reference app has; `medianest` and `schema_migrations` are runbook / tool words, not app literals. */
export const REFERENCE_APP_LITERALS = [
  '/api/media-requests',
  '/api/public/media-requests',
  '/api/auth/login',
  'media_requests',
  'media-request:',
  'Media Requests',
  'backend-version',
  'migrate.js',
  'x-cache',
  'X-Cache',
] as const;

/** The gate's generic code: everything a team's application runs through. */
const GENERIC = [
  'core',
  'probes',
  'target',
  'fixtures',
  'reporters',
  'load',
  'harness',
  'scripts',
  'tests/preflight',
  'tests/infra',
  'tests/deploy',
  'tests/health',
  'tests/integration',
  'tests/api',
  'tests/security',
  'tests/perf',
  'tests/rollback',
  'tests/staging',
  'tests/teardown',
  'playwright.config.ts',
];

function files(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return /\.(ts|mjs|js|sh)$/.test(path) ? [path] : [];
  return readdirSync(path).flatMap((entry) => (entry === 'node_modules' ? [] : files(join(path, entry))));
}

export function findLiterals(root: string, paths: readonly string[] = GENERIC): string[] {
  const hits: string[] = [];
  for (const file of paths.flatMap((p) => files(join(root, p)))) {
    if (file.endsWith('check-app-literals.ts')) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const literal = REFERENCE_APP_LITERALS.find((l) => line.includes(l));
        if (literal)
          hits.push(
            `${relative(root, file)}:${i + 1}: "${literal}" belongs in reference-stack/ (its profile or specs)`,
          );
      });
  }
  return hits;
}

if (process.argv[1]?.endsWith('check-app-literals.ts')) {
  const hits = findLiterals(process.cwd());
  if (hits.length) {
    console.error(`Reference-app literals in generic code (${hits.length}):\n${hits.join('\n')}`);
    process.exit(1);
  }
  console.log('no reference-app literal outside reference-stack/');
}
