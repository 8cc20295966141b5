/** The command line of `npm run init`. Pure: returns the options or a sentence saying what is wrong. */

export const DEFAULT_OUT = 'staging-target.profile.yaml';

export interface InitOptions {
  url: string;
  openapi?: string;
  out: string;
  name?: string;
  force: boolean;
}

export const USAGE = [
  'Usage: npm run init -- --url http://127.0.0.1:8080 [--openapi ./openapi.yaml|URL] [--out my-app.profile.yaml] [--name my-app] [--force]',
  '  --url      base URL of the running application (required)',
  '  --openapi  its OpenAPI 3.x document, a file or a URL (default: looked for at /openapi.json, /openapi.yaml, /v3/api-docs, /swagger.json, /api-docs)',
  `  --out      the profile to write (default ${DEFAULT_OUT}); an existing file is kept unless --force`,
  "  --name     the application's name (default: the OpenAPI title)",
  '  --force    overwrite --out',
].join('\n');

export type ParsedArgs = { ok: true; options: InitOptions } | { ok: false; problem: string } | { ok: 'help' };

const VALUED = new Set(['--url', '--openapi', '--out', '--name']);

export function parseInitArgs(argv: readonly string[]): ParsedArgs {
  const values = new Map<string, string>();
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { ok: 'help' };
    if (arg === '--force') {
      force = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUED.has(flag)) return { ok: false, problem: `unknown argument ${JSON.stringify(arg)}` };
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      return { ok: false, problem: `${flag} needs a value` };
    }
    values.set(flag, value);
  }
  const url = values.get('--url');
  if (!url) return { ok: false, problem: '--url is required: the base URL of the running application' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, problem: `--url ${url} is not a URL: write it as http://host:port` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, problem: `--url ${url} must be http:// or https://` };
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    return { ok: false, problem: `--url ${url} must be a base URL without credentials, query or fragment` };
  }
  const name = values.get('--name');
  if (name !== undefined && name.length > 100) return { ok: false, problem: '--name is longer than 100 characters' };
  const openapi = values.get('--openapi');
  return {
    ok: true,
    options: {
      url: url.replace(/\/+$/, ''),
      out: values.get('--out') ?? DEFAULT_OUT,
      force,
      ...(openapi ? { openapi } : {}),
      ...(name ? { name } : {}),
    },
  };
}
