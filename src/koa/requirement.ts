import type { TokenLocation } from '../core/config-schema';
import type { TokenType } from '../core/token-payload';

/** Conditions a route sets on the request's token. Every field is optional. */
export interface TokenRequirement {
  /** Token type the route accepts. Default `access`. */
  type?: TokenType;
  /** Require a fresh access token. Default false. */
  fresh?: boolean;
  /** Scopes the token must all grant. */
  scopes?: string[];
  /** Scopes of which the token must grant at least one. */
  anyScopes?: string[];
  /** Locations to look in, narrowing `JWT_TOKEN_LOCATION`. */
  locations?: TokenLocation[];
  /** Check the CSRF double submit for tokens that came from cookies. Default true; set false to opt a route out. */
  csrf?: boolean;
  /** Resolve to `undefined` instead of throwing when the request has no token. A token that is present is still verified. */
  optional?: boolean;
}

/**
 * A requirement after the class-level and method-level ones are merged: each group of
 * `anyScopeGroups` needs at least one of its scopes.
 */
export interface MergedRequirement extends TokenRequirement {
  anyScopeGroups?: string[][];
}
