import type { TokenRequirement } from '../koa/requirement';

/**
 * Merges the `roles` that routing-controllers passes from `@Authorized(...)` into one
 * requirement. Strings are scopes the token must all grant; objects are
 * {@link TokenRequirement}s, such as those the koa-authx decorators pass.
 */
export function requirementFromRoles(roles: readonly unknown[] | undefined): TokenRequirement {
  const requirement: TokenRequirement = {};
  const scopes: string[] = [];

  for (const role of roles ?? []) {
    if (typeof role === 'string') {
      scopes.push(role);
    } else if (role !== null && typeof role === 'object' && !Array.isArray(role)) {
      mergeRequirement(requirement, role as TokenRequirement, scopes);
    } else {
      throw new TypeError(`@Authorized() takes scope strings or koa-authx requirements, got ${Array.isArray(role) ? 'a nested array' : typeof role}`);
    }
  }

  if (scopes.length > 0) requirement.scopes = scopes;
  return requirement;
}

function mergeRequirement(target: TokenRequirement, source: TokenRequirement, scopes: string[]): void {
  if (source.type !== undefined) target.type = source.type;
  if (source.fresh) target.fresh = true;
  if (source.locations) target.locations = source.locations;
  if (source.csrf === false) target.csrf = false;
  if (source.scopes) scopes.push(...source.scopes);
  if (source.anyScopes) target.anyScopes = [...(target.anyScopes ?? []), ...source.anyScopes];
}
