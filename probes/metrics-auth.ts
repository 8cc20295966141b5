import type { TargetProfile } from '../core/profile/schema.ts';

/** The credentials of the metrics endpoint as the profile declares them (bearer token or a named header). */
export function metricsAuthHeaders(profile: TargetProfile): Record<string, string> {
  const auth = profile.metrics?.auth;
  if (!auth || 'none' in auth) return {};
  if ('bearer' in auth) return { authorization: `Bearer ${String(auth.bearer)}` };
  return { [auth.header]: String(auth.value) };
}
