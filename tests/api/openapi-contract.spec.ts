import { loadConfig } from '../../core/config/load-config.ts';
import { test, expect, criterion } from '../../fixtures/index.ts';
import {
  MALFORMED_JSON_BODY,
  malformedProbeContentType,
  needsMalformedProbe,
} from '../../probes/openapi/malformed-body.ts';
import { unknownPathProbe } from '../../probes/openapi/not-found.ts';
import { profileOpenApi } from '../../probes/openapi/profile-document.ts';
import { createResponseValidator, type ResponseValidator } from '../../probes/openapi/response-validator.ts';

/**
 * Checks generated from the team's OpenAPI document at collection time: one test per operation and
 * kind, so the report lists them. No mutating call with a valid body is ever made.
 */
const loaded = loadConfig();
const openapi = loaded.ok ? profileOpenApi(loaded.config) : null;
const document = openapi?.read.ok ? openapi.read.document : null;
let validator: ResponseValidator | null = null;
const validatorFor = () => (validator ??= createResponseValidator(document as Record<string, unknown>));
const FORGED = { authorization: 'Bearer forged.token.value' };

for (const op of openapi?.operations ?? []) {
  const name = `${op.id}${op.syntheticId ? '' : ` (${op.method} ${op.path})`}`;
  const coverage = (kind: string, skipped?: string) =>
    test.info().annotations.push({
      type: 'openapi coverage',
      description: JSON.stringify({ operation: op.id, kind, skipped: skipped ?? null }),
    });

  if (op.requiresAuth) {
    test(
      `openapi ${name}: refuses requests without and with forged credentials`,
      criterion('security-passed'),
      async ({ sut, http, profile }) => {
        const target = op.fill.ok ? op.fill.path : op.path.replace(/\{[^}]+\}/g, '1');
        coverage('auth');
        for (const [label, headers] of [
          ['without credentials', {}],
          ['with a forged token', FORGED],
        ] as const) {
          const url = sut.apiUrl + target;
          const res = await http(url, {
            method: op.method as 'GET',
            headers: { ...headers, ...(op.jsonRequestBody ? { 'content-type': 'application/json' } : {}) },
            ...(op.jsonRequestBody ? { body: '{}' } : {}),
            timeoutMs: profile.routes.authLimitMs,
          });
          expect(
            [401, 403].includes(res.status),
            `${op.id}: ${op.method} ${url} ${label} answered ${res.status}, expected 401 or 403 (${op.security})`,
          ).toBe(true);
        }
      },
    );
  }

  if (op.safe && op.method === 'GET') {
    test(
      `openapi ${name}: answers a documented status with a body that matches its schema`,
      criterion('integration-tests-failing'),
      async ({ sut, http, authHeaders }) => {
        if (op.notCheckable) {
          coverage('contract', op.notCheckable);
          test.skip(true, `not evaluated: ${op.notCheckable}`);
        }
        if (!op.fill.ok) {
          const why = `parameters without an example, default or profile value: ${op.fill.missing.join(', ')} (set openapi.params in the profile)`;
          coverage('contract', why);
          test.skip(true, `not evaluated: ${why}`);
        }
        coverage('contract');
        const fill = op.fill as { ok: true; path: string; headers: Record<string, string> };
        const url = sut.apiUrl + fill.path;
        const res = await http(url, { headers: { ...fill.headers, ...(op.requiresAuth ? authHeaders : {}) } });
        expect(res.status, `${op.id}: GET ${url} answered ${res.status}`).toBeLessThan(500);
        const check = validatorFor().validate(op.id, res.status, res.headers['content-type'], parseJson(res.text));
        expect(check.ok, check.ok ? '' : check.message).toBe(true);
      },
    );
  }

  if (needsMalformedProbe(op)) {
    test(
      `openapi ${name}: malformed JSON is refused with a 4xx and the service survives`,
      criterion('integration-tests-failing'),
      async ({ sut, http, authHeaders }) => {
        coverage('malformed');
        const target = op.fill.ok ? op.fill.path : op.path.replace(/\{[^}]+\}/g, '1');
        const url = sut.apiUrl + target;
        const res = await http(url, {
          method: op.method as 'POST',
          headers: { ...authHeaders, 'content-type': malformedProbeContentType(op) },
          body: MALFORMED_JSON_BODY,
          // A login operation may be rate-limited by the security phase beside this one: a 429 is still a 4xx.
          allowRateLimit: true,
        });
        expect(
          res.status >= 400 && res.status < 500,
          `${op.id}: ${op.method} ${url} with malformed JSON answered ${res.status}, expected 4xx`,
        ).toBe(true);
        const after = await http(sut.healthUrls[0] as string);
        expect(after.status, `GET ${after.url} after ${op.method} ${url} with malformed JSON`).toBeLessThan(500);
      },
    );
  }
}

if (document) {
  test(
    'openapi: an unknown path answers 404 in the documented error shape',
    criterion('integration-tests-failing'),
    async ({ sut, http }) => {
      const url = sut.apiUrl + unknownPathProbe(document);
      const res = await http(url);
      expect(res.status, `GET ${url} answered ${res.status}, expected 404`).toBe(404);
      const check = validatorFor().validateNotFound(res.headers['content-type'], parseJson(res.text));
      expect(check.ok, check.ok ? '' : check.message).toBe(true);
    },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
