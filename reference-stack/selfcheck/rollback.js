// Rollback rehearsal: candidate on schema 0002 -> down-migrate to 0001 -> previous release 1.0.0
// -> roll forward again. Proves both releases work on both schema versions they meet.
import { login } from './baseline.js';
import { expect, request } from './http.js';

const PREVIOUS = { STAGING_APP_IMAGE: 'staging-gate/reference-app:1.0.0' };

async function createAndRead(api, env, expectPriority) {
  const token = await login(api, env);
  const headers = { authorization: `Bearer ${token}` };
  const made = await request(`${api}/api/media-requests`, {
    method: 'POST',
    headers,
    body: { title: 'Rollback Show', mediaType: 'tv', priority: 2 },
  });
  expect(made.status === 201, `create ${made.status} ${made.text}`);
  expect('priority' in made.json === expectPriority, `priority field present=${'priority' in made.json}`);
  const read = await request(`${api}/api/media-requests/${made.json.id}`, { headers });
  expect(read.status === 200, `read ${read.status}`);
  const gone = await request(`${api}/api/media-requests/${made.json.id}`, { method: 'DELETE', headers });
  expect(gone.status === 204, `delete ${gone.status}`);
}

export async function runRollback({ api, env, compose, check, recreateBackend }) {
  await check('candidate 1.1.0 keeps working after down-migration to 0001', async () => {
    const down = await compose.migrate(['down', '--to', '1']);
    expect(down.code === 0, down.stderr);
    await createAndRead(api, env, false);
  });
  await check('previous 1.0.0 on schema 0001: healthy, version 1.0.0, CRUD without priority', async () => {
    const started = Date.now();
    await recreateBackend(PREVIOUS);
    const health = await request(`${api}/api/health`);
    expect(health.status === 200 && health.json.version === '1.0.0', health.text);
    await createAndRead(api, env, false);
    const status = JSON.parse((await compose.migrate(['status'], PREVIOUS)).stdout.trim());
    expect(status.available.length === 1 && status.pending.length === 0, JSON.stringify(status));
    return `rollback to healthy 1.0.0 in ${Date.now() - started} ms`;
  });
  await check('previous 1.0.0 ignores the 0002 column when it exists (roll forward order)', async () => {
    const up = await compose.migrate(['up']);
    expect(up.code === 0, up.stderr);
    await createAndRead(api, env, false);
  });
  await check('roll forward: candidate 1.1.0 healthy again, priority back', async () => {
    await recreateBackend({});
    await createAndRead(api, env, true);
  });
}
