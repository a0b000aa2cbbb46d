import { KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuthXConfig } from './config';
import { parseDuration } from './duration';
import { AuthXError } from './errors';
import { RESERVED_CLAIMS, TokenType, defineClaim } from './token-payload';

/** Options of `createAccessToken`, `createRefreshToken` and `createTokenPair`. */
export interface CreateTokenOptions<Extra extends object = Record<string, unknown>> {
  /** User id, written as the `sub` claim. */
  uid: string;
  /** Marks an access token as fresh (issued by a login). Ignored for refresh tokens. Default false. */
  fresh?: boolean;
  /** Lifetime in seconds or as a duration (`"15m"`), or `false` for no `exp`. Default: the config's. */
  expiry?: number | string | false;
  /** Extra claims. Reserved claims (`sub`, `exp`, `scopes`, ...) cannot be set here. */
  data?: Extra;
  /** Scopes granted to the token, written as the `scopes` claim. */
  scopes?: string[];
  /** `aud` claim; overrides `JWT_ENCODE_AUDIENCE`. */
  audience?: string | string[];
  /** Extra JOSE header parameters. `alg`, `kid` and `crit` are set by koa-authx. */
  headers?: Record<string, unknown>;
}

const RESERVED_HEADERS = new Set(['alg', 'kid', 'crit', 'jku', 'x5u', 'jwk', 'x5c']);

/** Signs a token of the given type with the config's current key. */
export function encodeToken(config: AuthXConfig, type: TokenType, options: CreateTokenOptions<object>): string {
  const signingKey = config.keys.signingKey;
  if (!signingKey) {
    throw new AuthXError('Cannot sign: this service has only JWT_PUBLIC_KEY, so it can verify tokens but not issue them. Set JWT_PRIVATE_KEY to issue tokens.');
  }
  checkUid(options.uid);

  const claims = buildClaims(config, type, options);
  const header = buildHeader(config, options.headers);
  if (config.JWT_ALGORITHM === 'EdDSA') return signEdDSA(header, claims, signingKey);
  return jwt.sign(claims, signingKey, { algorithm: config.JWT_ALGORITHM, header: header as unknown as jwt.JwtHeader });
}

/**
 * Builds and signs a compact JWS with EdDSA (RFC 8037, section 3.1), which jsonwebtoken 9 does
 * not support. Node signs Ed25519 and Ed448 with `sign(null, ...)`: the curve fixes the hash.
 */
function signEdDSA(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const signingInput = `${encodeJson(header)}.${encodeJson(claims)}`;
  const signature = sign(null, Buffer.from(signingInput), key);
  return `${signingInput}.${signature.toString('base64url')}`;
}

function encodeJson(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function buildClaims(config: AuthXConfig, type: TokenType, options: CreateTokenOptions<object>): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options.data ?? {})) {
    if (RESERVED_CLAIMS.has(name)) {
      throw new TypeError(`data.${name} is a reserved claim set by koa-authx; pass it through its own option or rename it`);
    }
    defineClaim(claims, name, value);
  }

  const now = Math.floor(Date.now() / 1000);
  const lifetime = resolveLifetime(options.expiry, type === 'access' ? config.JWT_ACCESS_TOKEN_EXPIRES : config.JWT_REFRESH_TOKEN_EXPIRES);
  const audience = options.audience ?? config.JWT_ENCODE_AUDIENCE;

  claims.sub = options.uid;
  claims.type = type;
  claims.jti = randomUUID();
  claims.iat = now;
  if (config.JWT_ENCODE_NBF) claims.nbf = now;
  if (lifetime !== false) {
    claims.exp = now + lifetime;
  } else if ((type === 'access' ? config.JWT_ACCESS_TOKEN_EXPIRES : config.JWT_REFRESH_TOKEN_EXPIRES) !== false) {
    const key = type === 'access' ? 'JWT_ACCESS_TOKEN_EXPIRES' : 'JWT_REFRESH_TOKEN_EXPIRES';
    throw new TypeError(`expiry: false makes a token this service would reject, because verification requires "exp" unless ${key} is false`);
  }
  if (type === 'access') claims.fresh = options.fresh === true;
  if (config.JWT_TOKEN_LOCATION.includes('cookies') && config.JWT_COOKIE_CSRF_PROTECT) {
    // The double-submit value: the cookie helpers copy it into the script-readable CSRF cookie.
    claims.csrf = randomBytes(16).toString('base64url');
  }
  if (options.scopes !== undefined) claims.scopes = checkScopes(options.scopes);
  if (config.JWT_ENCODE_ISSUER !== undefined) claims.iss = config.JWT_ENCODE_ISSUER;
  if (audience !== undefined) claims.aud = audience;
  return claims;
}

function buildHeader(config: AuthXConfig, extra: Record<string, unknown> = {}): Record<string, unknown> {
  for (const name of Object.keys(extra)) {
    if (RESERVED_HEADERS.has(name)) throw new TypeError(`headers.${name} is set by koa-authx and cannot be passed`);
  }
  return { ...extra, alg: config.JWT_ALGORITHM, typ: extra.typ ?? 'JWT', kid: config.keys.kid };
}

function resolveLifetime(expiry: number | string | false | undefined, fallback: number | false): number | false {
  if (expiry === undefined) return fallback;
  if (expiry === false) return false;
  const seconds = typeof expiry === 'string' ? parseDuration(expiry) : expiry;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new TypeError('expiry must be a positive number of seconds, a duration such as "15m", or false');
  }
  return Math.floor(seconds);
}

function checkUid(uid: unknown): void {
  if (typeof uid !== 'string' || uid === '') {
    throw new TypeError(`uid must be a non-empty string, got ${uid === '' ? 'an empty string' : typeof uid}; convert numeric ids with String(id)`);
  }
}

function checkScopes(scopes: unknown): string[] {
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string' && scope !== '' && !/\s/.test(scope))) {
    throw new TypeError('scopes must be an array of non-empty strings without spaces');
  }
  return [...scopes];
}
