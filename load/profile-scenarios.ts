import type { TargetProfile } from '../core/profile/schema.ts';
import { loadScenarios, parseScenarioFile } from './scenario-file.ts';
import type { LoadScenario } from './scenarios.ts';

/**
 * The perf phase's scenarios: STAGING_LOAD_SCENARIOS (a file) wins, then the profile's `perf.scenarios`,
 * else one scenario on the profile's first health endpoint (never a route the gate would have to guess).
 */
export async function profileScenarios(
  profile: TargetProfile,
  env: NodeJS.ProcessEnv = process.env,
): Promise<readonly LoadScenario[]> {
  if (env.STAGING_LOAD_SCENARIOS) return loadScenarios(env);
  if (profile.perf?.scenarios)
    return parseScenarioFile({ scenarios: profile.perf.scenarios }, "the profile's perf.scenarios");
  const health = profile.health.endpoints[0]?.path ?? '/';
  return parseScenarioFile(
    { scenarios: [{ name: 'health', requests: [{ name: 'health', path: health }] }] },
    'the default scenario',
  );
}
