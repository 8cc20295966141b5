// In-memory limiters keyed on the socket address only (X-Forwarded-For is client-controlled).
export const clientKey = (req) => req.socket.remoteAddress ?? 'unknown';

// Sliding window of events (login failures): blocked once `max` events happened within `windowMs`.
export function createFailureLimiter(max, windowMs) {
  const events = new Map();
  const recent = (key) => (events.get(key) ?? []).filter((t) => t > Date.now() - windowMs);
  return {
    // Seconds until the oldest failure leaves the window, or 0 when not blocked.
    retryAfter(key) {
      const list = recent(key);
      events.set(key, list);
      if (list.length < max) return 0;
      return Math.max(1, Math.ceil((list[0] + windowMs - Date.now()) / 1000));
    },
    fail(key) {
      events.set(key, [...recent(key), Date.now()]);
    },
    reset: () => events.clear(),
  };
}

// Fixed window of requests: { limited, retryAfter } for each hit.
export function createRequestLimiter(windowMs) {
  const windows = new Map();
  return {
    hit(key, max) {
      const now = Date.now();
      let w = windows.get(key);
      if (!w || w.start + windowMs <= now) {
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      return { limited: w.count > max, retryAfter: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    },
    reset: () => windows.clear(),
  };
}
