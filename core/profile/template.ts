/**
 * `${NAME}` and `${NAME:-default}` in profile URLs and compose variables, filled from the configuration
 * (environment, .env.staging, set-up). The shell's and compose's syntax, so a team reads it without a manual.
 */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface Interpolated {
  value: string;
  /** Variables referenced without a default and not set. */
  missing: string[];
  /** Variables whose values were used. */
  used: string[];
}

export function interpolate(template: string, lookup: (name: string) => string | undefined): Interpolated {
  const missing: string[] = [];
  const used: string[] = [];
  const value = template.replace(PLACEHOLDER, (_, name: string, fallback: string | undefined) => {
    const found = lookup(name);
    if (found !== undefined && found !== '') {
      used.push(name);
      return found;
    }
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return '';
  });
  return { value, missing, used };
}
