// router.mjs — method + path-pattern routing with 404 and 405 as wire Error bodies.
import { ApiError } from './errors.mjs';

/**
 * A router over `routes`: [method, pattern, handler] with patterns such as
 * '/activations/:activationId'. A trailing '*' segment matches the rest of the path (static
 * files). HEAD is served by the GET handler; Node's http drops the body.
 */
export function createRouter(routes) {
  const compiled = routes.map(([method, pattern, handler]) => ({ method, segments: pattern.split('/').slice(1), handler }));

  function match(segments, path) {
    const params = {};
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      if (seg === '*') {
        if (i >= path.length) return null;
        params['*'] = path.slice(i).join('/');
        return params;
      }
      if (i >= path.length) return null;
      if (seg.startsWith(':')) {
        if (path[i] === '') return null;
        params[seg.slice(1)] = path[i];
      } else if (seg !== path[i]) return null;
    }
    return segments.length === path.length ? params : null;
  }

  /** {handler, params} for the request, or throws the 400/404/405 ApiError. */
  return function route(method, pathname) {
    let path;
    try {
      path = pathname.split('/').slice(1).map(decodeURIComponent);
    } catch {
      throw new ApiError(400, 'path_invalid', 'the path has a malformed percent-encoding');
    }
    const allowed = new Set();
    for (const r of compiled) {
      const params = match(r.segments, path);
      if (!params) continue;
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) return { handler: r.handler, params };
      allowed.add(r.method);
    }
    if (allowed.size) {
      if (allowed.has('GET')) allowed.add('HEAD');
      const allow = [...allowed, 'OPTIONS'].join(', ');
      throw new ApiError(405, 'method_not_allowed', `${method} is not allowed here; allowed: ${allow}`, { headers: { allow } });
    }
    throw new ApiError(404, 'not_found', `no route for ${method} ${pathname}`);
  };
}
