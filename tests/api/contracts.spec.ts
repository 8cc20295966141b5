import { test, expect, criterion } from '../../fixtures/index.ts';
import { checkBody, describeBodyProblems } from '../../probes/body-schema.ts';

const FORGED = { authorization: 'Bearer forged.token.value' };
/** What the protected-route checks send: no credentials, then a forged bearer token. */
const CREDENTIALS: readonly (readonly [string, Record<string, string>])[] = [
  ['without a token', {}],
  ['with a forged token', FORGED],
];

test(
  "the profile's public routes answer 2xx without credentials",
  criterion('integration-tests-failing'),
  async ({ config, sut, http, profile }) => {
    test.skip(profile.routes.public.length === 0, 'not evaluated: the profile lists no public routes');
    for (const route of profile.routes.public) {
      const url = sut.apiUrl + route.path;
      const res = await http(url, { method: route.method });
      expect(
        res.status >= 200 && res.status < 300,
        `${route.method} ${url} answered ${res.status}, expected 2xx: ${config.redact(res.text.slice(0, 200))}`,
      ).toBe(true);
    }
  },
);

for (const [name, headers] of CREDENTIALS) {
  test(
    `protected routes answer 401 or 403 ${name} within the limit`,
    criterion('security-passed'),
    async ({ config, sut, http, profile }) => {
      test.skip(profile.routes.protected.length === 0, 'not evaluated: the profile lists no protected routes');
      for (const route of profile.routes.protected) {
        const url = sut.apiUrl + route.path;
        // A hang is reported as a hang (URL and time waited) by the client's own timeout.
        const res = await http(url, { method: route.method, headers, timeoutMs: profile.routes.authLimitMs });
        // A 2xx body is what the route protects (user data, say): the report that publishes this says only its size.
        const body =
          res.status >= 200 && res.status < 300
            ? `${res.text.length} characters of what the route protects, not shown`
            : config.redact(res.text.slice(0, 200));
        expect(
          [401, 403].includes(res.status),
          `${route.method} ${url} ${name} answered ${res.status}, expected 401 or 403: ${body}`,
        ).toBe(true);
      }
    },
  );
}

// The shape of a refusal is the API's contract, not its security: a 401 in the wrong shape is a
// contract failure, where a protected route that answers at all is a vulnerability (the checks above).
test(
  "protected routes refuse in the profile's documented error shape (routes.errorSchema)",
  criterion('integration-tests-failing'),
  async ({ sut, http, profile }) => {
    const schema = profile.routes.errorSchema;
    test.skip(!schema, 'not evaluated: the profile documents no error shape (routes.errorSchema)');
    test.skip(profile.routes.protected.length === 0, 'not evaluated: the profile lists no protected routes');
    const probes = CREDENTIALS.flatMap(([name, headers]) =>
      profile.routes.protected.map((route) => ({ name, headers, route })),
    );
    let refusals = 0;
    for (const { name, headers, route } of probes) {
      const url = sut.apiUrl + route.path;
      // A hang or a reset fails the security checks above (with the time waited): waiting again here adds nothing.
      const res = await http(url, { method: route.method, headers, timeoutMs: profile.routes.authLimitMs }).catch(
        () => null,
      );
      if (!res) break;
      // Any answer but a refusal fails the security checks too; only refusals have a shape to check.
      if (![401, 403].includes(res.status)) continue;
      refusals += 1;
      const problems = checkBody(schema as object, parseJson(res.text));
      expect(
        problems,
        describeBodyProblems(`the ${res.status} body of ${route.method} ${url} ${name}`, problems),
      ).toEqual([]);
    }
    test.skip(
      refusals === 0,
      'not evaluated: no protected route refused (the security checks report what it answered)',
    );
  },
);

test(
  'unknown routes answer 404 in the documented error shape',
  criterion('integration-tests-failing'),
  async ({ config, sut, http, profile }) => {
    const url = `${sut.apiUrl}${profile.routes.protected[0]?.path.replace(/\/[^/]*$/, '') ?? ''}/staging-gate-unknown-${Date.now()}`;
    const res = await http(url);
    expect(
      res.status,
      `GET ${url} answered ${res.status}, expected 404: ${config.redact(res.text.slice(0, 200))}`,
    ).toBe(404);
    const schema = profile.routes.errorSchema;
    if (schema) {
      const problems = checkBody(schema, parseJson(res.text));
      expect(problems, describeBodyProblems(`the 404 body of GET ${url}`, problems)).toEqual([]);
    }
  },
);

test(
  'malformed JSON gets a 4xx and the service still answers afterwards',
  criterion('service-unhealthy'),
  async ({ sut, http, profile, authHeaders }) => {
    test.skip(
      profile.routes.jsonBody.length === 0,
      'not evaluated: the profile lists no routes that take a JSON body (routes.jsonBody)',
    );
    for (const route of profile.routes.jsonBody) {
      const url = sut.apiUrl + route.path;
      // A crash shows up as a reset connection here or as a refused health probe below.
      const res = await http(url, {
        method: route.method,
        headers: { ...authHeaders, 'content-type': 'application/json' },
        body: '{"staging-gate": "unterminated',
        // A login route may be rate-limited by the security phase running beside this one: a 429 is still a 4xx.
        allowRateLimit: true,
      });
      expect(
        res.status >= 400 && res.status < 500,
        `${route.method} ${url} with malformed JSON answered ${res.status}; it must be refused with a 4xx`,
      ).toBe(true);
      const after = await http(sut.healthUrls[0] as string);
      expect(
        after.status,
        `GET ${after.url} after ${route.method} ${url} with malformed JSON answered ${after.status}`,
      ).toBeLessThan(500);
    }
  },
);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
