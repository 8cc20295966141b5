// Minimal router: path patterns with :params, 404 and 405 decided here.
import { HttpError } from './http.js';

function compile(path) {
  const names = [];
  const source = path.replace(/:([a-zA-Z]+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${source}$`), names };
}

function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'invalid_path', 'the path contains an invalid percent-encoding');
  }
}

export function createRouter(routes) {
  const compiled = routes.map((route) => ({ ...route, ...compile(route.path) }));
  return function match(method, pathname) {
    const candidates = [];
    for (const route of compiled) {
      const m = route.regex.exec(pathname);
      if (!m) continue;
      const params = Object.fromEntries(route.names.map((name, i) => [name, decode(m[i + 1])]));
      candidates.push({ route, params });
    }
    if (candidates.length === 0) throw new HttpError(404, 'not_found', `no route for ${method} ${pathname}`);
    const hit = candidates.find(
      ({ route }) => route.method === method || (method === 'HEAD' && route.method === 'GET'),
    );
    if (!hit) {
      const allow = [...new Set(candidates.map(({ route }) => route.method))].join(', ');
      throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${pathname}`, { Allow: allow });
    }
    return { handler: hit.route.handler, label: hit.route.path, params: hit.params };
  };
}
