// Fixed-window counter per key, in memory: enough for one backend replica in staging.
export function createRateLimiter({ max, windowMs }) {
  const windows = new Map();
  function hit(key, now = Date.now()) {
    let entry = windows.get(key);
    if (!entry || entry.resetAt <= now) {
      // Why: drop expired keys now and then so rotating keys cannot grow the map forever.
      if (windows.size > 10000) for (const [k, e] of windows) if (e.resetAt <= now) windows.delete(k);
      entry = { count: 0, resetAt: now + windowMs };
      windows.set(key, entry);
    }
    entry.count += 1;
    return {
      allowed: entry.count <= max,
      limit: max,
      remaining: Math.max(0, max - entry.count),
      retryAfterSeconds: Math.max(1, Math.ceil((entry.resetAt - now) / 1000)),
    };
  }
  // Forgets every window; returns how many keys were counted (the control port's POST /reset).
  function reset() {
    const keys = windows.size;
    windows.clear();
    return keys;
  }
  return { hit, reset };
}
