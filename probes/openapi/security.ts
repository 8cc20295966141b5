/**
 * Whether an operation requires credentials, and why, from OpenAPI security requirements:
 * the operation's own `security` wins over the document's; `[]` or a `{}` alternative means public.
 */
import { isRecord } from './types.ts';

/** Auth verdict of one operation. */
export interface SecurityVerdict {
  /** Whether the gate expects 401/403 without credentials and with a forged token. */
  requiresAuth: boolean;
  /** Why, for the test title and the report ("global bearerAuth", "public by security: []"). */
  security: string;
}

/** Profile exceptions match an operationId, the synthetic "GET /path" id, or "METHOD /path" in any case. */
export function isProfilePublic(
  publicOperations: readonly string[],
  keys: { id: string; method: string; path: string },
): boolean {
  const methodPath = `${keys.method.toUpperCase()} ${keys.path}`;
  return publicOperations.some((entry) => {
    const trimmed = entry.trim();
    if (trimmed === keys.id) return true;
    const [method, ...rest] = trimmed.split(/\s+/);
    return rest.length === 1 && `${(method ?? '').toUpperCase()} ${rest[0]}` === methodPath;
  });
}

/** One requirement object as text: { bearerAuth: [], apiKey: [] } -> "bearerAuth+apiKey". */
function describeRequirement(requirement: unknown): string {
  return isRecord(requirement) ? Object.keys(requirement).join('+') : String(requirement);
}

/**
 * Resolves the effective requirement list. `profilePublic` (from isProfilePublic) overrides the document,
 * for endpoints that are public by design but sit under a global requirement (health, login).
 */
export function resolveSecurity(
  document: Record<string, unknown>,
  operation: Record<string, unknown>,
  profilePublic: boolean,
): SecurityVerdict {
  if (profilePublic) return { requiresAuth: false, security: 'public by the profile' };
  const own = Array.isArray(operation.security);
  const requirements = own ? operation.security : document.security;
  const scope = own ? 'operation' : 'global';
  if (!Array.isArray(requirements)) return { requiresAuth: false, security: 'public: no security requirement' };
  if (requirements.length === 0) {
    return { requiresAuth: false, security: own ? 'public by security: []' : 'public by global security: []' };
  }
  if (requirements.some((r) => isRecord(r) && Object.keys(r).length === 0)) {
    // `{}` among the alternatives makes credentials optional: an anonymous call is allowed.
    return { requiresAuth: false, security: `public by an empty requirement {} in ${scope} security` };
  }
  return { requiresAuth: true, security: `${scope} ${requirements.map(describeRequirement).join(' or ')}` };
}
