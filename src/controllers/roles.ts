import { checkScopeSyntax } from '../core/scopes';
import type { MergedRequirement, TokenRequirement } from '../koa/requirement';

const merged = new WeakMap<readonly unknown[], MergedRequirement>();

/**
 * Merges the `roles` that routing-controllers passes from `@Authorized(...)` on a class and its
 * method into one requirement. Strings are scopes the token must all grant; objects are
 * {@link TokenRequirement}s, such as those the koa-authx decorators pass. Each `anyScopes` list
 * stays its own group, so a class and a method that both list alternatives each need one.
 * routing-controllers passes the same array on every request, so the result is kept per array.
 *
 * @throws TypeError for a role of another type or a scope with invalid characters.
 */
export function requirementFromRoles(roles: readonly unknown[] | undefined): MergedRequirement {
  if (!roles) return {};
  const known = merged.get(roles);
  if (known) return known;

  const requirement: MergedRequirement = {};
  const scopes: string[] = [];
  for (const role of roles) {
    if (typeof role === 'string') {
      scopes.push(role);
    } else if (role !== null && typeof role === 'object' && !Array.isArray(role)) {
      mergeRequirement(requirement, role as TokenRequirement, scopes);
    } else {
      throw new TypeError(`@Authorized() takes scope strings or koa-authx requirements, got ${Array.isArray(role) ? 'a nested array' : typeof role}`);
    }
  }

  if (scopes.length > 0) requirement.scopes = scopes;
  checkScopeSyntax(scopes);
  for (const group of requirement.anyScopeGroups ?? []) checkScopeSyntax(group);

  merged.set(roles, requirement);
  return requirement;
}

function mergeRequirement(target: MergedRequirement, source: TokenRequirement, scopes: string[]): void {
  if (source.type !== undefined) target.type = source.type;
  if (source.fresh) target.fresh = true;
  if (source.locations) target.locations = source.locations;
  if (source.csrf === false) target.csrf = false;
  if (source.scopes) scopes.push(...source.scopes);
  if (source.anyScopes && source.anyScopes.length > 0) {
    target.anyScopeGroups = [...(target.anyScopeGroups ?? []), [...source.anyScopes]];
  }
}
