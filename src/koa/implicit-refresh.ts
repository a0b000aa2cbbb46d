import type { Context, Middleware } from 'koa';
import type { AuthXConfig } from '../core/config';
import type { TokenPayload } from '../core/token-payload';

export interface ImplicitRefreshHooks {
  /** Verifies the access cookie of the request; undefined when there is none. */
  verifyAccessCookie(ctx: Context): Promise<TokenPayload | undefined>;
  /** Signs the replacement token and sets it as the access cookie. */
  reissue(ctx: Context, payload: TokenPayload): void;
}

/**
 * Builds middleware that, after a successful response, replaces an access cookie that expires
 * within `JWT_IMPLICIT_REFRESH_DELTATIME` seconds. A cookie that is invalid or expired is never
 * replaced, nor one the route itself set or cleared, and the route and method filters of the
 * config apply.
 */
export function createImplicitRefresh(config: AuthXConfig, hooks: ImplicitRefreshHooks): Middleware {
  const applies = requestFilter(config);

  return async function authxImplicitRefresh(ctx, next) {
    await next();
    if (ctx.status >= 400 || !applies(ctx) || setsCookie(ctx, config.JWT_ACCESS_COOKIE_NAME)) return;

    let payload: TokenPayload | undefined;
    try {
      payload = await hooks.verifyAccessCookie(ctx);
    } catch {
      return;
    }
    if (!payload || payload.type !== 'access') return;
    if (payload.timeUntilExpiry() > config.JWT_IMPLICIT_REFRESH_DELTATIME) return;

    hooks.reissue(ctx, payload);
  };
}

/** True when the route already set or cleared the access cookie, as a login, refresh or logout does. */
function setsCookie(ctx: Context, name: string): boolean {
  const lines = ctx.response.get('Set-Cookie') as unknown as string[] | string;
  return ([] as string[]).concat(lines || []).some((line) => line.startsWith(`${name}=`));
}

function requestFilter(config: AuthXConfig): (ctx: Context) => boolean {
  const routeInclude = config.JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE;
  const routeExclude = config.JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE;
  const methodInclude = new Set(config.JWT_IMPLICIT_REFRESH_METHOD_INCLUDE);
  const methodExclude = new Set(config.JWT_IMPLICIT_REFRESH_METHOD_EXCLUDE);

  return (ctx) => {
    if (routeInclude.length > 0 && !routeInclude.some((pattern) => pathMatches(pattern, ctx.path))) return false;
    if (routeExclude.some((pattern) => pathMatches(pattern, ctx.path))) return false;
    if (methodInclude.size > 0 && !methodInclude.has(ctx.method)) return false;
    return !methodExclude.has(ctx.method);
  };
}

/** Exact match, or a prefix match when the pattern ends in `*`. */
function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}
