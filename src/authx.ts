import type Koa from 'koa';
import type { Context, Middleware } from 'koa';
import { AuthXConfig, AuthXConfigOptions } from './core/config';
import { decodeToken } from './core/decode';
import { VerifiedTokenCache } from './core/verified-cache';
import { CreateTokenOptions, encodeToken } from './core/encode';
import { InvalidTokenError, RevokedTokenError, TokenExpiredError, UnknownSubjectError } from './core/errors';
import { AuthXLogger, consoleLogger } from './core/logger';
import { TokenPayload } from './core/token-payload';
import { AuthorizationCheckerFunction, CurrentUserCheckerFunction, createAuthorizationChecker, createCurrentUserChecker } from './controllers/checkers';
import type { TokenLocation } from './core/config-schema';
import { CookieWriter } from './koa/cookies';
import { bindSubjectLoader } from './controllers/current-subject';
import { createErrorMiddleware } from './koa/error-middleware';
import { createImplicitRefresh } from './koa/implicit-refresh';
import { createGuard } from './koa/guards';
import { RequestVerifier } from './koa/request-verifier';
import type { TokenRequirement } from './koa/requirement';
import { CallbackRevocationStore, TokenBlocklist } from './stores/callback-store';
import { MemoryRevocationStore } from './stores/memory-store';
import { RevocationChecker } from './stores/revocation-checker';
import type { RevocationStore } from './stores/revocation-store';

/** Options of the {@link AuthX} instance itself, apart from the JWT settings. */
export interface AuthXOptions {
  /** Receives start-up warnings and the errors hidden behind a 500. Default: the console. */
  logger?: AuthXLogger;
  /** Store of revoked token ids. Default: a {@link MemoryRevocationStore} in this process. */
  revocationStore?: RevocationStore;
  /** Status sent when the revocation store cannot be reached: 503 (default) or 401. */
  revocationFailureStatus?: 401 | 503;
}

/** Returns the app's user for a token subject, or null/undefined when there is none. */
export type SubjectGetter<Subject, Extra extends object> = (uid: string, payload: TokenPayload<Extra>) => Subject | null | undefined | Promise<Subject | null | undefined>;

const SUBJECT = Symbol('koa-authx subject');

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
  private readonly revocation: RevocationChecker;
  private readonly verifiedTokens: VerifiedTokenCache;
  private subjectGetter?: SubjectGetter<unknown, Extra>;

  constructor(config: AuthXConfig | AuthXConfigOptions, options: AuthXOptions = {}) {
    this.config = config instanceof AuthXConfig ? config : new AuthXConfig(config);
    this.logger = options.logger ?? consoleLogger;
    this.verifier = new RequestVerifier(this.config, (token) => this.verifyToken(token) as Promise<TokenPayload>);
    this.cookies = new CookieWriter(this.config);
    this.verifiedTokens = new VerifiedTokenCache(this.config);
    const store = options.revocationStore ?? new MemoryRevocationStore({
      onFull: (max) => this.logger.warn(`the in-memory revocation store reached ${max} entries and drops the oldest revocations; use RedisRevocationStore or raise maxEntries`),
    });
    this.revocation = new RevocationChecker(store, this.logger, options.revocationFailureStatus ?? 503);

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
    const now = Date.now() / 1000;
    const cached = this.verifiedTokens.get(token, now);
    if (cached) return cached as TokenPayload<Extra>;

    const payload = decodeToken(this.config, token, now);
    this.verifiedTokens.set(token, payload);
    return payload as TokenPayload<Extra>;
  }

  /**
   * Verifies a token as the guards do: signature and claims, then revocation. Every guard and
   * `@CurrentUser()` goes through this method.
   *
   * @throws InvalidTokenError, TokenExpiredError, RevokedTokenError, or RevocationCheckFailedError when the store is down.
   */
  async verifyToken(token: string): Promise<TokenPayload<Extra>> {
    const payload = this.decodeToken(token);
    if (await this.revocation.isRevoked(payload)) throw new RevokedTokenError();
    return payload;
  }

  /**
   * Revokes a token until its `exp`: every guard rejects it from then on, in every instance
   * that shares the store. Accepts the verified payload (`@CurrentUser()`) or the token string.
   * Revoking an expired token does nothing.
   *
   * @throws InvalidTokenError when given a string that is not a valid token.
   */
  async revokeToken(payloadOrToken: TokenPayload<object> | string): Promise<void> {
    let payload: TokenPayload<object>;
    try {
      payload = typeof payloadOrToken === 'string' ? this.decodeToken(payloadOrToken) : payloadOrToken;
    } catch (error) {
      if (error instanceof TokenExpiredError) return;
      throw error;
    }
    if (!(payload instanceof TokenPayload)) throw new InvalidTokenError('revokeToken needs a TokenPayload or a token string');
    await this.revocation.revoke(payload.jti, payload.exp);
  }

  /** Replaces the revocation store, for example with a {@link RedisRevocationStore}. */
  setRevocationStore(store: RevocationStore): void {
    this.revocation.store = store;
  }

  /**
   * Checks revocation with the app's own callback instead of a store. The app then records
   * revocations itself, and {@link revokeToken} throws.
   */
  setTokenBlocklist(isRevoked: TokenBlocklist): void {
    this.setRevocationStore(new CallbackRevocationStore(isRevoked));
  }

  /**
   * Sets the function `@CurrentSubject()` and {@link loadSubject} use to turn a token's `sub`
   * into the app's user.
   */
  setSubjectGetter<Subject>(getter: SubjectGetter<Subject, Extra>): void {
    this.subjectGetter = getter;
  }

  /**
   * Returns the user of the request's access token, loaded once per request through the
   * subject getter.
   *
   * @throws the usual 401 errors without a valid token, and UnknownSubjectError when the getter finds no user.
   */
  async loadSubject<Subject = unknown>(ctx: Context): Promise<Subject> {
    const getter = this.subjectGetter;
    if (!getter) throw new TypeError('loadSubject needs a subject getter: call auth.setSubjectGetter(async (uid) => user) first');

    const state = ctx.state as { [SUBJECT]?: Promise<unknown> };
    state[SUBJECT] ??= (async () => {
      const payload = (ctx.state.user as TokenPayload<Extra> | undefined) ?? (await this.verifyRequest(ctx)) as TokenPayload<Extra>;
      const subject = await getter(payload.sub, payload);
      if (subject === null || subject === undefined) throw new UnknownSubjectError();
      return subject;
    })();
    return state[SUBJECT] as Promise<Subject>;
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
   * leaks a stack trace. It also makes this instance the one `@CurrentSubject()` uses in `app`.
   */
  handleErrors(app: Koa<any, any>): void {
    app.middleware.unshift(this.errorMiddleware());
    bindSubjectLoader(app, this);
  }
}
