/**
 * A reference to an environment variable inside a target profile: secrets are referenced, never
 * written. In TypeScript `env('NAME')`, in YAML / JSON `{ $env: NAME }`. Resolved once at load.
 */
export interface EnvRef {
  readonly $env: string;
  /** Default true: the value is redacted from every output. Login ids and similar plain values set false. */
  readonly secret?: boolean;
  /** Used when the variable is unset; without it an unset variable is a load error. */
  readonly default?: string;
}

export function env(name: string, options: { secret?: boolean; default?: string } = {}): EnvRef {
  return { $env: name, ...options };
}

export function isEnvRef(value: unknown): value is EnvRef {
  return !!value && typeof value === 'object' && typeof (value as { $env?: unknown }).$env === 'string';
}
