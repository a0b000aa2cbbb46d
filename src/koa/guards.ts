import type { Middleware } from 'koa';
import { checkScopeSyntax } from '../core/scopes';
import type { RequestVerifier } from './request-verifier';
import type { TokenRequirement } from './requirement';

/**
 * Builds Koa middleware that lets a request through only when its token meets `requirement`,
 * for apps that route with @koa/router instead of controllers. The payload is on
 * `ctx.state.user` for the handlers after it.
 */
export function createGuard(verifier: RequestVerifier, requirement: TokenRequirement): Middleware {
  checkScopeSyntax(requirement.scopes ?? []);
  checkScopeSyntax(requirement.anyScopes ?? []);

  return async function authxGuard(ctx, next) {
    await verifier.verify(ctx, requirement);
    await next();
  };
}
