import type { MetadataArgsStorage } from 'routing-controllers';
import { requirementFromRoles } from '../controllers/roles';
import type { MergedRequirement } from '../koa/requirement';

/** Token requirement of an action, read from its routing-controllers decorators. */
export interface RouteGuard {
  requirement: MergedRequirement;
  /**
   * True when the action runs without a token but verifies one that is sent, as an optional
   * `@CurrentUser()` does.
   */
  optional: boolean;
}

/**
 * Finds the guard of the action `method` of the controller class `target`: `@Authorized(...)` on
 * the class, on the method or on both (their roles add up, as routing-controllers does), else
 * a `@CurrentUser()` parameter. Returns `undefined` for a public action.
 *
 * @throws TypeError when `@Authorized(...)` was given something other than scopes or requirements.
 */
export function findRouteGuard(storage: MetadataArgsStorage, target: Function, method: string): RouteGuard | undefined {
  const authorized = storage.responseHandlers.filter((handler) => handler.type === 'authorized' && handler.target === target);
  const onClass = authorized.find((handler) => !handler.method);
  const onMethod = authorized.find((handler) => handler.method === method);
  if (onClass || onMethod) {
    const roles = ([] as unknown[]).concat(onClass?.value ?? [], onMethod?.value ?? []);
    return { requirement: requirementFromRoles(roles), optional: false };
  }

  const currentUser = storage.params.find((param) => param.type === 'current-user' && param.object?.constructor === target && param.method === method);
  if (currentUser) {
    return { requirement: {}, optional: !currentUser.required };
  }
  return undefined;
}
