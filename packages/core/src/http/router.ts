/**
 * A tiny path router: patterns like `/workflows/:name`, matched segment by
 * segment (segments are percent-decoded), with 405 for a known path and an
 * unknown method.
 * @internal
 */
import { HttpError } from './errors.js';

/** A route: a method, a pattern, and what to do. */
export interface Route<C> {
  method: string;
  pattern: string;
  handle: (ctx: C, params: Record<string, string>) => Promise<void>;
}

/** What {@link matchRoute} found. */
export type RouteMatch<C> = { route: Route<C>; params: Record<string, string> };

function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const s = segments[i]!;
    if (p.startsWith(':')) params[p.slice(1)] = s;
    else if (p !== s) return undefined;
  }
  return params;
}

/**
 * Find the route for `method` and `path` (relative to the base path). Literal
 * segments win over parameters because routes are tried in order.
 * @returns the match, or a 404/405 {@link HttpError}.
 */
export function matchRoute<C>(routes: ReadonlyArray<Route<C>>, method: string, path: string): RouteMatch<C> {
  let segments: string[];
  try {
    segments = path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', `the path "${path}" is not correctly percent-encoded`);
  }
  const allowed = new Set<string>();
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    if (route.method === method) return { route, params };
    allowed.add(route.method);
  }
  if (allowed.size > 0) {
    const allow = [...allowed].sort().join(', ');
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${path} (allowed: ${allow})`, { headers: { allow } });
  }
  throw new HttpError(404, 'NOT_FOUND', `no endpoint ${path}`, { hint: 'see docs/http-api.md for the endpoints' });
}
