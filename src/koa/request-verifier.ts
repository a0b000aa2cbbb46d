import type { Context } from 'koa';
import type { AuthXConfig } from '../core/config';
import { FreshTokenRequiredError, MissingTokenError, InsufficientScopeError, WrongTokenTypeError } from '../core/errors';
import { missingScopes } from '../core/scopes';
import type { TokenPayload } from '../core/token-payload';
import type { TokenLocation } from '../core/config-schema';
import { CsrfChecker } from './csrf';
import { TokenLocator } from './locations';
import type { MergedRequirement } from './requirement';

/** Verifies a token string: signature and claims (and revocation, once a store is configured). */
export type TokenVerifier = (token: string) => Promise<TokenPayload>;

const VERIFIED = Symbol('koa-authx verified tokens');

const LOCATION = Symbol('koa-authx token location');

interface VerifiedState {
  [VERIFIED]?: Map<string, Promise<TokenPayload>>;
  [LOCATION]?: TokenLocation;
  user?: TokenPayload;
}

/**
 * Checks a request against a {@link TokenRequirement}. A token is verified once per request,
 * however many guards and `@CurrentUser()` parameters ask for it: the result is kept on
 * `ctx.state` under a private symbol, and the accepted payload on `ctx.state.user`.
 */
export class RequestVerifier {
  private readonly locator: TokenLocator;
  private readonly csrf: CsrfChecker;

  constructor(config: AuthXConfig, private readonly verifyToken: TokenVerifier) {
    this.locator = new TokenLocator(config);
    this.csrf = new CsrfChecker(config);
  }

  /**
   * Returns the payload of the request's token once it meets `requirement`.
   *
   * @throws AuthXError subclasses: missing, invalid, expired, wrong type, not fresh, CSRF, scopes.
   */
  async verify(ctx: Context, requirement: MergedRequirement = {}): Promise<TokenPayload | undefined> {
    const type = requirement.type ?? 'access';
    const found = this.locator.find(ctx, type, requirement.locations);
    if (!found) {
      if (requirement.optional) return undefined;
      throw this.locator.missing(type, requirement.locations);
    }

    const payload = await this.verifyOnce(ctx, found.token);
    checkRequirement(payload, type, requirement);
    if (found.location === 'cookies' && requirement.csrf !== false && this.csrf.applies(ctx)) {
      this.csrf.check(ctx, payload, type);
    }

    const state = ctx.state as VerifiedState;
    state.user = payload;
    state[LOCATION] = found.location;
    return payload;
  }

  /** Returns where the accepted token of this request came from, or `undefined` before a guard accepted one. */
  tokenLocation(ctx: Context): TokenLocation | undefined {
    return (ctx.state as VerifiedState)[LOCATION];
  }

  /**
   * Verifies the token found in `location`, if any, without type or CSRF checks. Used by
   * implicit refresh, which needs the access cookie's payload after the route has run.
   */
  async verifyIn(ctx: Context, type: 'access' | 'refresh', location: TokenLocation): Promise<TokenPayload | undefined> {
    const found = this.locator.find(ctx, type, [location]);
    return found ? this.verifyOnce(ctx, found.token) : undefined;
  }

  /** Builds the 401 for a request that carries no access token in any configured location. */
  missingTokenError(): MissingTokenError {
    return this.locator.missing('access');
  }

  private verifyOnce(ctx: Context, token: string): Promise<TokenPayload> {
    const state = ctx.state as VerifiedState;
    const verified = state[VERIFIED] ?? (state[VERIFIED] = new Map());

    let pending = verified.get(token);
    if (!pending) {
      pending = this.verifyToken(token);
      verified.set(token, pending);
    }
    return pending;
  }
}

function checkRequirement(payload: TokenPayload, type: 'access' | 'refresh', requirement: MergedRequirement): void {
  if (payload.type !== type) throw new WrongTokenTypeError(type);
  if (requirement.fresh && !payload.fresh) throw new FreshTokenRequiredError();

  if (requirement.scopes && requirement.scopes.length > 0) {
    const missing = missingScopes(payload.scopes, requirement.scopes);
    if (missing.length > 0) throw new InsufficientScopeError(requirement.scopes, missing);
  }
  const groups = requirement.anyScopes && requirement.anyScopes.length > 0
    ? [requirement.anyScopes, ...(requirement.anyScopeGroups ?? [])]
    : requirement.anyScopeGroups ?? [];
  for (const group of groups) {
    const missing = missingScopes(payload.scopes, group);
    if (missing.length === group.length) throw new InsufficientScopeError(group, missing, true);
  }
}
