/**
 * A 429 on one of the gate's own probes is the target's rate limit, not an unhealthy service: the
 * reason says so, with the Retry-After the target gave, so a team can allow the gate or space its runs.
 */
export function describeRateLimit(request: string, retryAfter: string | undefined): string {
  const wait = retryAfter ? `Retry-After: ${retryAfter}` : 'no Retry-After';
  return `${request} answered 429 Too Many Requests (${wait}): the target rate-limits the gate's own probes. Allow the gate's address in the rate limiter of staging, or raise the limit; the check could not judge the service.`;
}
