import type { Context } from 'koa';
import type { Action } from 'routing-controllers';
import type { TokenPayload } from '../core/token-payload';
import type { RequestVerifier } from '../koa/request-verifier';
import { requirementFromRoles } from './roles';

/** routing-controllers' `authorizationChecker` signature. */
export type AuthorizationCheckerFunction = (action: Action, roles: unknown[]) => Promise<boolean>;

/** routing-controllers' `currentUserChecker` signature. */
export type CurrentUserCheckerFunction = (action: Action) => Promise<TokenPayload | undefined>;

/**
 * Builds the `authorizationChecker` behind `@Authorized()`. It never returns false: a request
 * that fails throws the koa-authx error that names the cause, which the error middleware turns into
 * a 401 or 403.
 */
export function createAuthorizationChecker(verifier: RequestVerifier): AuthorizationCheckerFunction {
  return async (action, roles) => {
    await verifier.verify(action.context as Context, requirementFromRoles(roles));
    return true;
  };
}

/**
 * Builds the `currentUserChecker` behind `@CurrentUser()`. It returns the payload a guard
 * already accepted on this request, or verifies the access token if there is one. With no
 * token it returns `undefined`, and `@CurrentUser({ required: true })` then gets the same
 * 401 as `@Authorized()`.
 */
export function createCurrentUserChecker(verifier: RequestVerifier): CurrentUserCheckerFunction {
  return async (action) => {
    const ctx = action.context as Context;
    const accepted = ctx.state.user as TokenPayload | undefined;
    if (accepted) return accepted;
    return verifier.verify(ctx, { optional: true });
  };
}
