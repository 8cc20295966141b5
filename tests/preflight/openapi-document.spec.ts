import { test, criterion } from '../../fixtures/index.ts';
import { GateError } from '../../core/gate-error.ts';
import { profileOpenApi } from '../../probes/openapi/profile-document.ts';
import { formatProblems, validateOpenApi } from '../../probes/openapi/validate-document.ts';

test(
  "the profile's OpenAPI document is a valid OpenAPI 3.0 / 3.1 document",
  criterion('missing-env-config'),
  async ({ config }) => {
    const openapi = profileOpenApi(config);
    test.skip(!openapi, 'not evaluated: the profile names no OpenAPI document');
    if (!openapi?.read.ok)
      throw new GateError(
        `OpenAPI document (the profile's openapi.document): ${openapi?.read.ok === false ? openapi.read.problem : ''}`,
      );
    const validation = await validateOpenApi(openapi.read.document);
    if (!validation.ok) throw new GateError(formatProblems(openapi.read.source, validation.problems));
    test.info().annotations.push({ type: 'openapi operations', description: String(openapi.operations.length) });
  },
);
