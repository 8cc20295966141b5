// MediaNest page script: shows the backend's version/health and the latest media requests.
// Rendering uses textContent only, so titles can never inject markup.
const byId = (id) => document.getElementById(id);

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body };
}

async function renderVersion() {
  const el = byId('backend-version');
  try {
    const { status, body } = await getJson('/api/health');
    el.textContent = body?.version
      ? `Backend ${body.version} (${body.status})`
      : `Backend unavailable (HTTP ${status})`;
    el.dataset.status = body?.status ?? 'down';
  } catch {
    el.textContent = 'Backend unreachable';
    el.dataset.status = 'down';
  }
}

async function renderRequests() {
  const list = byId('media-requests');
  const item = (text) => {
    const li = document.createElement('li');
    li.textContent = text;
    list.append(li);
    return li;
  };
  try {
    const { ok, status, body } = await getJson('/api/public/media-requests');
    list.replaceChildren();
    if (!ok) return void item(`Media requests unavailable (HTTP ${status})`);
    list.dataset.count = String(body.count);
    if (body.latest.length === 0) return void item('No media requests yet');
    for (const request of body.latest) item(`${request.title} (${request.mediaType})`).dataset.id = request.id;
  } catch {
    item('Media requests unavailable');
  }
}

Promise.all([renderVersion(), renderRequests()]).then(() => {
  document.body.dataset.ready = 'true';
});
