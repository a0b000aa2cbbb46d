/**
 * Base class of every error koa-authx throws. `code` is stable across releases, so callers can
 * `switch (err.code)` instead of matching messages. `status` is the HTTP status the error
 * middleware sends, and `errorType` is the `error_type` field of the JSON body.
 */
export class AuthXError extends Error {
  /** Stable identifier, such as `ERR_TOKEN_EXPIRED`. */
  readonly code: string = 'ERR_AUTHX';
  /** HTTP status code the error middleware sends. */
  readonly status: number = 401;
  /** Whether the message is safe to send to the client. */
  readonly expose: boolean = true;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  /** Value of the `error_type` field in the JSON error body. */
  get errorType(): string {
    return this.name;
  }

  /**
   * Value of the `WWW-Authenticate` response header (RFC 6750, section 3), or `undefined` when
   * the failure is not about the credentials themselves.
   */
  wwwAuthenticate(scheme: string): string | undefined {
    return `${scheme} error="invalid_token"`;
  }
}

/** No token was found in any of the locations the request was allowed to use. */
export class MissingTokenError extends AuthXError {
  override readonly code = 'ERR_MISSING_TOKEN';

  constructor(message = 'Missing JWT in request') {
    super(message);
  }

  override wwwAuthenticate(scheme: string): string {
    return scheme;
  }
}

/**
 * The token could not be decoded or verified: malformed, bad signature, algorithm not allowed,
 * or a claim of the wrong type or value. The message sent to the client never names the cause,
 * so a forger learns nothing. `reason` records it for the server's own code.
 */
export class InvalidTokenError extends AuthXError {
  override readonly code: string = 'ERR_INVALID_TOKEN';
  /** Cause of the failure, for the server only: it is never sent to the client. */
  readonly reason: string;

  constructor(reason: string, message = 'Invalid Token') {
    super(message);
    this.reason = reason;
  }
}

/** The token is well formed and correctly signed, but its `exp` claim is in the past. */
export class TokenExpiredError extends AuthXError {
  override readonly code = 'ERR_TOKEN_EXPIRED';

  constructor(message = 'Token has expired') {
    super(message);
  }
}

/** The request sent a refresh token where an access token is required, or the reverse. */
export class WrongTokenTypeError extends AuthXError {
  override readonly code = 'ERR_WRONG_TOKEN_TYPE';
  readonly expected: 'access' | 'refresh';

  constructor(expected: 'access' | 'refresh') {
    super(expected === 'access' ? 'Access token required, not a refresh token' : 'Refresh token required, not an access token');
    this.expected = expected;
  }

  override get errorType(): string {
    return this.expected === 'access' ? 'AccessTokenRequiredError' : 'RefreshTokenRequiredError';
  }
}

/** The route requires a fresh access token, one issued by a login rather than a refresh. */
export class FreshTokenRequiredError extends AuthXError {
  override readonly code = 'ERR_FRESH_TOKEN_REQUIRED';

  constructor(message = 'Fresh token required: log in again to get one') {
    super(message);
  }
}

/** The token's `jti` is in the revocation store. */
export class RevokedTokenError extends AuthXError {
  override readonly code = 'ERR_TOKEN_REVOKED';

  constructor(message = 'Token has been revoked') {
    super(message);
  }
}

/** A cookie-borne token arrived on an unsafe method without a matching CSRF value. */
export class CSRFError extends AuthXError {
  override readonly code: string = 'ERR_CSRF';

  override wwwAuthenticate(): undefined {
    return undefined;
  }
}

/** The valid token lacks one or more of the scopes the route requires. */
export class InsufficientScopeError extends AuthXError {
  override readonly code = 'ERR_INSUFFICIENT_SCOPE';
  override readonly status = 403;
  /** The scopes the route asked for that the token does not grant. */
  readonly missingScopes: readonly string[];
  /** All scopes the route requires, in the form the route declared them. */
  readonly requiredScopes: readonly string[];

  constructor(requiredScopes: readonly string[], missingScopes: readonly string[], anyOf = false) {
    const lacking = anyOf ? `one of the scopes ${requiredScopes.join(', ')}` : `the scopes ${missingScopes.join(', ')}`;
    super(`Insufficient scope: the token lacks ${lacking}`);
    this.requiredScopes = requiredScopes;
    this.missingScopes = missingScopes;
  }

  override wwwAuthenticate(scheme: string): string {
    return `${scheme} error="insufficient_scope", scope="${this.requiredScopes.join(' ')}"`;
  }
}

/** The request itself is malformed, for example two `Authorization` headers. */
export class InvalidRequestError extends AuthXError {
  override readonly code = 'ERR_INVALID_REQUEST';
  override readonly status = 400;

  override wwwAuthenticate(scheme: string): string {
    return `${scheme} error="invalid_request"`;
  }
}

/**
 * The revocation store could not be reached, so the request is refused rather than let
 * through unchecked. `status` is 503 or 401, as configured.
 */
export class RevocationCheckFailedError extends AuthXError {
  override readonly code = 'ERR_REVOCATION_CHECK_FAILED';
  override readonly status: number;

  constructor(status: 401 | 503, message = 'Token revocation could not be checked; try again later') {
    super(message);
    this.status = status;
  }

  override wwwAuthenticate(scheme: string): string | undefined {
    return this.status === 401 ? `${scheme} error="invalid_token"` : undefined;
  }
}

/** The configuration is invalid. Thrown at start-up, never while serving a request. */
export class AuthXConfigError extends Error {
  readonly code = 'ERR_AUTHX_CONFIG';
  /** The configuration key to fix. */
  readonly key: string;

  constructor(key: string, message: string) {
    super(message);
    this.name = 'AuthXConfigError';
    this.key = key;
  }
}

/** The token is valid, but the subject getter found no user for its `sub`. */
export class UnknownSubjectError extends AuthXError {
  override readonly code = 'ERR_UNKNOWN_SUBJECT';

  constructor(message = 'Unknown subject: the user of this token no longer exists') {
    super(message);
  }
}
