import type { GateConfig } from '../core/config/load-config.ts';

/** The load engine's variables, read through the one configuration (so .env.staging sets them too). */
export const LOAD_VARIABLES = ['STAGING_LOAD_ENGINE', 'STAGING_LOAD_SCENARIOS', 'K6_BINARY'] as const;

export function loadVariables(config: Pick<GateConfig, 'lookup'>): Record<string, string> {
  return Object.fromEntries(
    LOAD_VARIABLES.flatMap((name) => (config.lookup(name) ? [[name, config.lookup(name) as string]] : [])),
  );
}
