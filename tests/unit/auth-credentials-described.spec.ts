import { test, expect } from '@playwright/test';
import { describeCredentials } from '../../probes/auth-headers.ts';

test('a bearer token is described by its header and scheme, never its value', () => {
  const text = describeCredentials({ authorization: 'Bearer eyJhbGciOi.secret.part' });
  expect(text).toBe('authorization: Bearer <token>');
  expect(text).not.toContain('eyJ');
});

test('a bare API key (scheme "") is described by its header alone', () => {
  expect(describeCredentials({ 'x-api-key': 'k-0123456789' })).toBe('x-api-key: <token>');
});

test('several headers are all named; none says so', () => {
  expect(describeCredentials({ 'x-api-key': 'a', 'x-tenant': 'Tenant t1' })).toBe(
    'x-api-key: <token>, x-tenant: Tenant <token>',
  );
  expect(describeCredentials({})).toBe('no credentials');
});
