import { Authorized } from 'routing-controllers';
import type { TokenRequirement } from '../koa/requirement';

type ControllerDecorator = (target: object, propertyKey?: string | symbol) => void;

/**
 * `@Authorized()` with a full {@link TokenRequirement}: token type, freshness, scopes (all of
 * or any of), locations and the CSRF opt-out. Works on methods and on controller classes.
 *
 * @example
 * ```ts
 * @TokenRequired({ anyScopes: ['reports:read', 'reports:admin'], locations: ['headers'] })
 * @Get('/reports')
 * reports() { ... }
 * ```
 */
export function TokenRequired(requirement: TokenRequirement): ControllerDecorator {
  return Authorized(requirement as unknown as string) as ControllerDecorator;
}

/** Requires a refresh token instead of an access token, as a refresh route does. */
export function RefreshTokenRequired(requirement: Omit<TokenRequirement, 'type' | 'fresh'> = {}): ControllerDecorator {
  return TokenRequired({ ...requirement, type: 'refresh' });
}

/** Requires a fresh access token: one issued by a login, not by a refresh. */
export function FreshTokenRequired(requirement: Omit<TokenRequirement, 'type' | 'fresh'> = {}): ControllerDecorator {
  return TokenRequired({ ...requirement, type: 'access', fresh: true });
}

/**
 * Builds a requirement that the token grants at least one of `scopes`, for
 * `@Authorized(anyScope('reports:read', 'reports:admin'))`. Plain strings passed to
 * `@Authorized` are all required.
 */
export function anyScope(...scopes: string[]): TokenRequirement {
  return { anyScopes: scopes };
}
