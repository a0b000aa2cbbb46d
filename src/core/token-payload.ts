/** The two kinds of token koa-authx issues, stored in the `type` claim. */
export type TokenType = 'access' | 'refresh';

/** Claims koa-authx writes and reads itself. `data` passed to token creation cannot set them. */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'sub', 'type', 'jti', 'iat', 'nbf', 'exp', 'fresh', 'csrf', 'scopes', 'iss', 'aud',
]);

/** Claims of a verified token, as {@link TokenPayload} stores them. */
export interface TokenClaims {
  sub: string;
  type: TokenType;
  jti: string;
  iat?: number;
  nbf?: number;
  exp?: number;
  fresh: boolean;
  csrf?: string;
  scopes?: string[];
  iss?: string;
  aud?: string | string[];
}

/**
 * The verified claims of a token. `Extra` types the claims an app adds through `data`; they
 * are in {@link TokenPayload.extra}. Times are seconds since the epoch, as in the token.
 *
 * @example
 * ```ts
 * @Get('/me')
 * me(@CurrentUser() user: TokenPayload) {
 *   return { user_id: user.sub, expires_in: user.timeUntilExpiry() };
 * }
 * ```
 */
export class TokenPayload<Extra extends object = Record<string, unknown>> implements TokenClaims {
  /** Subject: the user id passed as `uid`. */
  readonly sub: string;
  readonly type: TokenType;
  /** Unique token id, the key of revocation. */
  readonly jti: string;
  readonly iat?: number;
  readonly nbf?: number;
  readonly exp?: number;
  /** True for an access token issued by a login rather than by a refresh. */
  readonly fresh: boolean;
  /** CSRF value a cookie-borne token must be sent with. */
  readonly csrf?: string;
  readonly scopes?: string[];
  readonly iss?: string;
  readonly aud?: string | string[];
  /** Claims added by the app through `data`, without the reserved ones. */
  readonly extra: Extra;

  constructor(claims: TokenClaims, extra: Extra) {
    this.sub = claims.sub;
    this.type = claims.type;
    this.jti = claims.jti;
    this.iat = claims.iat;
    this.nbf = claims.nbf;
    this.exp = claims.exp;
    this.fresh = claims.fresh;
    this.csrf = claims.csrf;
    this.scopes = claims.scopes;
    this.iss = claims.iss;
    this.aud = claims.aud;
    this.extra = extra;
    Object.freeze(this.scopes);
    Object.freeze(this.aud);
    Object.freeze(this.extra);
    Object.freeze(this);
  }

  /** Time the token was issued, or `undefined` when it has no `iat`. */
  get issuedAt(): Date | undefined {
    return this.iat === undefined ? undefined : new Date(this.iat * 1000);
  }

  /** Time the token expires, or `undefined` when it has no `exp`. */
  get expiresAt(): Date | undefined {
    return this.exp === undefined ? undefined : new Date(this.exp * 1000);
  }

  /** Seconds left before `exp` (negative once expired), or `Infinity` when the token has no `exp`. */
  timeUntilExpiry(now: number = Date.now()): number {
    return this.exp === undefined ? Infinity : this.exp - now / 1000;
  }

  /** Claims as one plain object, extra claims included, the way they appear in the token. */
  toJSON(): Record<string, unknown> {
    const claims: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(this.extra)) defineClaim(claims, name, value);
    for (const name of RESERVED_CLAIMS) {
      const value = (this as unknown as Record<string, unknown>)[name];
      if (value !== undefined) claims[name] = value;
    }
    return claims;
  }
}

/** Sets a claim as an own property, so names such as `__proto__` stay plain data. */
export function defineClaim(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}
