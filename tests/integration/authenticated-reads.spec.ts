import { test, expect, criterion } from '../../fixtures/index.ts';
import { describeCredentials } from '../../probes/auth-headers.ts';

// Read-only end to end: a logged-in request travels through the api to its data and back, on any target.
test(
  "authenticated reads of the profile's protected routes succeed end to end",
  criterion('integration-tests-failing'),
  async ({ config, sut, http, profile, authHeaders }) => {
    const reads = profile.routes.protected.filter((r) => r.method === 'GET' && !/[{:]/.test(r.path));
    test.skip(reads.length === 0, 'not evaluated: the profile lists no protected GET route without parameters');
    test.skip(profile.auth.kind === 'none', 'not evaluated: the profile has no auth to log in with');
    for (const route of reads) {
      const url = sut.apiUrl + route.path;
      const res = await http(url, { headers: authHeaders });
      // A refusal usually means the header or scheme is not the one the API reads: say what was sent.
      const sent = [401, 403].includes(res.status)
        ? ` (sent ${describeCredentials(authHeaders)}: the profile's auth.header and auth.scheme)`
        : '';
      expect(
        res.status >= 200 && res.status < 300,
        `GET ${url} with the profile's credentials answered ${res.status}, expected 2xx${sent}: ${config.redact(res.text.slice(0, 200))}`,
      ).toBe(true);
    }
  },
);
