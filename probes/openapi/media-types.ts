/** Matching a response's status and Content-Type to the keys an OpenAPI document uses for them. */

/** "Application/JSON; charset=utf-8" -> "application/json". */
export function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** application/json and structured-syntax JSON types (application/problem+json, application/vnd.x+json). */
export function isJsonMediaType(contentType: string): boolean {
  const type = mediaTypeOf(contentType);
  return type === 'application/json' || /^[a-z0-9.+-]+\/[a-z0-9.!#$&^_+-]+\+json$/.test(type);
}

/**
 * The documented status key for a status: exact ("404"), then its range ("4XX", any case), then "default".
 * Null when none applies.
 */
export function statusKeyFor(keys: readonly string[], status: number): string | null {
  const exact = keys.find((key) => key === String(status));
  if (exact !== undefined) return exact;
  const range = keys.find((key) => key.toUpperCase() === `${Math.floor(status / 100)}XX`);
  if (range !== undefined) return range;
  return keys.includes('default') ? 'default' : null;
}

/**
 * The documented media type key for a Content-Type: exact (parameters ignored), then another JSON type
 * when both are JSON (problem+json answers a documented application/json), then "type/*", then "*\/*".
 */
export function mediaTypeKeyFor(keys: readonly string[], contentType: string): string | null {
  const type = mediaTypeOf(contentType);
  const exact = keys.find((key) => mediaTypeOf(key) === type);
  if (exact !== undefined) return exact;
  if (isJsonMediaType(type)) {
    const json = keys.find((key) => isJsonMediaType(key));
    if (json !== undefined) return json;
  }
  const family = keys.find((key) => mediaTypeOf(key) === `${type.split('/')[0]}/*`);
  if (family !== undefined) return family;
  return keys.find((key) => mediaTypeOf(key) === '*/*') ?? null;
}
