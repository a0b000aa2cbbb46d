import type Koa from 'koa';
import type { Context, Middleware } from 'koa';
import { AuthXConfig, AuthXConfigOptions } from './core/config';
import { decodeToken } from './core/decode';
import { CreateTokenOptions, encodeToken } from './core/encode';
import { AuthXLogger, consoleLogger } from './core/logger';
import { TokenPayload } from './core/token-payload';
import { AuthorizationCheckerFunction, CurrentUserCheckerFunction, createAuthorizationChecker, createCurrentUserChecker } from './controllers/checkers';
import type { TokenLocation } from './core/config-schema';
import { CookieWriter } from './koa/cookies';
import { createErrorMiddleware } from './koa/error-middleware';
import { createImplicitRefresh } from './koa/implicit-refresh';
import { createGuard } from './koa/guards';
import { RequestVerifier } from './koa/request-verifier';
import type { TokenRequirement } from './koa/requirement';

/** Options of the {@link AuthX} instance itself, apart from the JWT settings. */
export interface AuthXOptions {
  /** Receives start-up warnings and the errors hidden behind a 500. Default: the console. */
  logger?: AuthXLogger;
}

/** Response body of a login that issues both tokens, with AuthX's field names. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
}

/**
 * JWT authentication for a Koa app: issues tokens, verifies requests, and plugs into
 * routing-controllers and Koa. `Extra` types the claims added through `data`.
 *
 * @example
 * ```ts
 * const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: process.env.JWT_SECRET_KEY }));
 * const app = new Koa();
 * auth.handleErrors(app);
 * useKoaServer(app, {
 *   controllers: [UserController],
 *   authorizationChecker: auth.authorizationChecker,
 *   currentUserChecker: auth.currentUserChecker,
 *   defaultErrorHandler: false,
 * });
 * ```
 */
export class AuthX<Extra extends object = Record<string, unknown>> {
  readonly config: AuthXConfig;
  readonly logger: AuthXLogger;

  /** routing-controllers `authorizationChecker`: `@Authorized()`, `@Authorized('scope')`, `@Authorized(['a', 'b'])`. */
  readonly authorizationChecker: AuthorizationCheckerFunction;
  /** routing-controllers `currentUserChecker`: `@CurrentUser()` receives the verified {@link TokenPayload}. */
  readonly currentUserChecker: CurrentUserCheckerFunction;

  /** Koa middleware that requires a valid access token. */
  readonly accessTokenRequired: Middleware;
  /** Koa middleware that requires a valid refresh token. */
  readonly refreshTokenRequired: Middleware;
  /** Koa middleware that requires a valid, fresh access token. */
  readonly freshTokenRequired: Middleware;

  private readonly verifier: RequestVerifier;
  private readonly cookies: CookieWriter;

  constructor(config: AuthXConfig | AuthXConfigOptions, options: AuthXOptions = {}) {
    this.config = config instanceof AuthXConfig ? config : new AuthXConfig(config);
    this.logger = options.logger ?? consoleLogger;
    this.verifier = new RequestVerifier(this.config, (token) => this.verifyToken(token) as Promise<TokenPayload>);
    this.cookies = new CookieWriter(this.config);

    this.authorizationChecker = createAuthorizationChecker(this.verifier);
    this.currentUserChecker = createCurrentUserChecker(this.verifier);
    this.accessTokenRequired = this.tokenRequired({ type: 'access' });
    this.refreshTokenRequired = this.tokenRequired({ type: 'refresh' });
    this.freshTokenRequired = this.tokenRequired({ type: 'access', fresh: true });
  }

  /** Signs an access token for `uid`. Its lifetime defaults to `JWT_ACCESS_TOKEN_EXPIRES`. */
  createAccessToken(options: CreateTokenOptions<Extra>): string {
    return encodeToken(this.config, 'access', options);
  }

  /** Signs a refresh token for `uid`. Its lifetime defaults to `JWT_REFRESH_TOKEN_EXPIRES`. */
  createRefreshToken(options: CreateTokenOptions<Extra>): string {
    return encodeToken(this.config, 'refresh', options);
  }

  /** Signs an access token and a refresh token for `uid`, in AuthX's response shape. */
  createTokenPair(options: CreateTokenOptions<Extra>): TokenPair {
    return {
      access_token: this.createAccessToken(options),
      refresh_token: this.createRefreshToken({ ...options, fresh: false }),
      token_type: 'bearer',
    };
  }

  /**
   * Verifies a token's signature and claims, synchronously, without the revocation check.
   *
   * @throws InvalidTokenError or TokenExpiredError.
   */
  decodeToken(token: string): TokenPayload<Extra> {
    return decodeToken(this.config, token) as TokenPayload<Extra>;
  }

  /**
   * Verifies a token as the guards do. Every guard and `@CurrentUser()` goes through this
   * method, so it is where revocation is checked.
   *
   * @throws InvalidTokenError or TokenExpiredError.
   */
  async verifyToken(token: string): Promise<TokenPayload<Extra>> {
    // TODO: check the jti against a revocation store; revokeToken and the stores do not exist yet.
    return this.decodeToken(token);
  }

  /**
   * Verifies the token of a Koa request against `requirement` and returns its payload, which
   * is also left on `ctx.state.user`. With `optional: true` a request without a token resolves
   * to `undefined`.
   */
  async verifyRequest(ctx: Context, requirement: TokenRequirement = {}): Promise<TokenPayload<Extra> | undefined> {
    return (await this.verifier.verify(ctx, requirement)) as TokenPayload<Extra> | undefined;
  }

  /** Builds Koa middleware that requires a token meeting `requirement`. */
  tokenRequired(requirement: TokenRequirement): Middleware {
    return createGuard(this.verifier, requirement);
  }

  /** Builds Koa middleware that requires an access token granting every one of `scopes`. */
  scopesRequired(...scopes: string[]): Middleware {
    return this.tokenRequired({ type: 'access', scopes });
  }

  /** Returns where the accepted token of this request came from: `headers`, `cookies`, `query` or `json`. */
  tokenLocation(ctx: Context): TokenLocation | undefined {
    return this.verifier.tokenLocation(ctx);
  }

  /**
   * Sets the access token cookie and, with CSRF protection on, the script-readable
   * `csrf_access_token` cookie holding the token's `csrf` claim.
   */
  setAccessCookies(ctx: Context, token: string): void {
    this.cookies.set(ctx, 'access', token, this.decodeToken(token) as TokenPayload);
  }

  /** Sets the refresh token cookie and its CSRF cookie. */
  setRefreshCookies(ctx: Context, token: string): void {
    this.cookies.set(ctx, 'refresh', token, this.decodeToken(token) as TokenPayload);
  }

  /** Clears the access token cookie and its CSRF cookie. */
  unsetAccessCookies(ctx: Context): void {
    this.cookies.unset(ctx, 'access');
  }

  /** Clears the refresh token cookie and its CSRF cookie. */
  unsetRefreshCookies(ctx: Context): void {
    this.cookies.unset(ctx, 'refresh');
  }

  /** Clears every token and CSRF cookie, as a logout does. */
  unsetCookies(ctx: Context): void {
    this.unsetAccessCookies(ctx);
    this.unsetRefreshCookies(ctx);
  }

  /**
   * Builds middleware that re-issues an access cookie about to expire, after a successful
   * response. The new token is not fresh and keeps the scopes, audience and extra claims of the
   * old one. Register it with `app.use` before the routes.
   */
  implicitRefresh(): Middleware {
    return createImplicitRefresh(this.config, {
      verifyAccessCookie: (ctx) => this.verifier.verifyIn(ctx, 'access', 'cookies'),
      reissue: (ctx, payload) => {
        const token = this.createAccessToken({
          uid: payload.sub,
          fresh: false,
          scopes: payload.scopes ? [...payload.scopes] : undefined,
          audience: payload.aud,
          data: { ...payload.extra } as Extra,
        });
        this.setAccessCookies(ctx, token);
      },
    });
  }

  /** Builds the error middleware without registering it; {@link handleErrors} is the usual way. */
  errorMiddleware(): Middleware {
    return createErrorMiddleware({
      scheme: this.config.JWT_HEADER_TYPE,
      logger: this.logger,
      missingToken: () => this.verifier.missingTokenError(),
    });
  }

  /**
   * Puts the error middleware first in `app`'s stack, wherever this is called, so every
   * authentication failure becomes a JSON 401/403 with `WWW-Authenticate`, and nothing else
   * leaks a stack trace.
   */
  handleErrors(app: Koa<any, any>): void {
    app.middleware.unshift(this.errorMiddleware());
  }
}
