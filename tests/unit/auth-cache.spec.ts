import { randomBytes } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { cachedAuthHeaders, forgetAuthHeaders } from '../../fixtures/auth-cache.ts';

const runId = () => `unit-${randomBytes(4).toString('hex')}`;

test('workers asking at the same time share one login of the run', async () => {
  const id = runId();
  let logins = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const login = async () => {
    logins += 1;
    await gate; // the first login is still in flight while the others ask
    return { authorization: `Bearer token-${logins}` };
  };
  try {
    const asked = [cachedAuthHeaders(id, login), cachedAuthHeaders(id, login), cachedAuthHeaders(id, login)];
    await expect.poll(() => logins).toBe(1);
    release();
    const headers = await Promise.all(asked);
    expect(logins).toBe(1);
    expect(headers).toEqual(Array(3).fill({ authorization: 'Bearer token-1' }));
  } finally {
    forgetAuthHeaders(id);
  }
});

test('a failed login frees the lock: the next worker logs in itself', async () => {
  const id = runId();
  try {
    await expect(cachedAuthHeaders(id, () => Promise.reject(new Error('401 from the login route')))).rejects.toThrow(
      '401',
    );
    const headers = await cachedAuthHeaders(id, () => Promise.resolve({ authorization: 'Bearer second' }));
    expect(headers).toEqual({ authorization: 'Bearer second' });
  } finally {
    forgetAuthHeaders(id);
  }
});
