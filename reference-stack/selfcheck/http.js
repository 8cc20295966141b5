// Raw HTTP client (node:http) so the self-check controls every header, including Origin and X-Forwarded-For.
import http from 'node:http';

export function request(url, { method = 'GET', headers = {}, body, timeoutMs = 5000 } = {}) {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const allHeaders = { ...headers };
  if (payload !== undefined) {
    allHeaders['content-type'] ??= 'application/json';
    allHeaders['content-length'] = Buffer.byteLength(payload);
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: allHeaders, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json, ms: Date.now() - started });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

// Records named checks; a failed assertion is kept and reported, the run goes on.
export function createChecks() {
  const results = [];
  return {
    results,
    async check(name, fn) {
      try {
        const detail = await fn();
        results.push({ name, ok: true, detail });
        console.log(`  ok   ${name}${detail ? ` (${detail})` : ''}`);
      } catch (err) {
        results.push({ name, ok: false, detail: err.message });
        console.log(`  FAIL ${name}: ${err.message}`);
      }
    },
  };
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}
