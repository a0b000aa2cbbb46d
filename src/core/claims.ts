import { AuthXConfig } from './config';
import { InvalidTokenError, TokenExpiredError } from './errors';
import { RESERVED_CLAIMS, TokenPayload, TokenType, defineClaim } from './token-payload';

/**
 * Checks the claims of a payload whose signature is already verified, and builds the
 * {@link TokenPayload}. Times are compared with `now` in seconds, allowing
 * `JWT_DECODE_LEEWAY` of clock skew; `now >= exp` counts as expired (RFC 7519, 4.1.4).
 */
export function checkClaims(config: AuthXConfig, payload: unknown, now: number): TokenPayload {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new InvalidTokenError('payload is not a JSON object');
  }
  const claims = payload as Record<string, unknown>;

  const sub = requireString(claims, 'sub');
  const jti = requireString(claims, 'jti');
  const type = readType(claims);
  const exp = readTime(claims, 'exp');
  const nbf = readTime(claims, 'nbf');
  const iat = readTime(claims, 'iat');
  const fresh = readOptional(claims, 'fresh', 'boolean') ?? false;
  const csrf = readOptional(claims, 'csrf', 'string');
  const scopes = readScopes(claims);
  const iss = readOptional(claims, 'iss', 'string');
  const aud = readAudience(claims);

  checkTimes(config, { exp, nbf, iat }, type, now);
  checkIssuer(config, iss);
  checkAudience(config, aud);

  return new TokenPayload({ sub, type, jti, exp, nbf, iat, fresh, csrf, scopes, iss, aud }, extraClaims(claims));
}

/**
 * Checks `exp`, `nbf` and `iat` against `now` (seconds) with `JWT_DECODE_LEEWAY`. Runs on every
 * verification, cached ones included.
 *
 * @throws InvalidTokenError for a missing `exp` or a time in the future, TokenExpiredError once `exp` has passed.
 */
export function checkTimes(config: AuthXConfig, times: { exp?: number; nbf?: number; iat?: number }, type: TokenType, now: number): void {
  const leeway = config.JWT_DECODE_LEEWAY;
  const lifetime = type === 'access' ? config.JWT_ACCESS_TOKEN_EXPIRES : config.JWT_REFRESH_TOKEN_EXPIRES;

  if (times.exp === undefined && lifetime !== false) {
    throw new InvalidTokenError('"exp" claim is missing');
  }
  if (times.nbf !== undefined && now + leeway < times.nbf) {
    throw new InvalidTokenError('"nbf" claim is in the future');
  }
  if (times.iat !== undefined && now + leeway < times.iat) {
    throw new InvalidTokenError('"iat" claim is in the future');
  }
  if (times.exp !== undefined && now >= times.exp + leeway) {
    throw new TokenExpiredError();
  }
}

function checkIssuer(config: AuthXConfig, iss: string | undefined): void {
  if (config.JWT_DECODE_ISSUER !== undefined && iss !== config.JWT_DECODE_ISSUER) {
    throw new InvalidTokenError('"iss" claim does not match JWT_DECODE_ISSUER');
  }
}

function checkAudience(config: AuthXConfig, aud: string | string[] | undefined): void {
  const expected = config.JWT_DECODE_AUDIENCE;
  if (expected === undefined) return;

  const accepted = typeof expected === 'string' ? [expected] : expected;
  let presented: string[] = [];
  if (typeof aud === 'string') presented = [aud];
  else if (aud !== undefined) presented = aud;
  if (!presented.some((value) => accepted.includes(value))) {
    throw new InvalidTokenError('"aud" claim names none of JWT_DECODE_AUDIENCE');
  }
}

function requireString(claims: Record<string, unknown>, name: string): string {
  const value = claims[name];
  if (typeof value !== 'string' || value === '') throw new InvalidTokenError(`"${name}" claim must be a non-empty string`);
  return value;
}

function readType(claims: Record<string, unknown>): TokenType {
  const type = claims.type;
  if (type !== 'access' && type !== 'refresh') throw new InvalidTokenError('"type" claim must be "access" or "refresh"');
  return type;
}

function readTime(claims: Record<string, unknown>, name: 'exp' | 'nbf' | 'iat'): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidTokenError(`"${name}" claim must be a finite number of seconds`);
  }
  return value;
}

function readOptional(claims: Record<string, unknown>, name: string, type: 'boolean'): boolean | undefined;
function readOptional(claims: Record<string, unknown>, name: string, type: 'string'): string | undefined;
function readOptional(claims: Record<string, unknown>, name: string, type: 'boolean' | 'string'): unknown {
  const value = claims[name];
  if (value !== undefined && typeof value !== type) throw new InvalidTokenError(`"${name}" claim must be a ${type}`);
  return value;
}

function readScopes(claims: Record<string, unknown>): string[] | undefined {
  const scopes = claims.scopes;
  if (scopes === undefined) return undefined;
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')) {
    throw new InvalidTokenError('"scopes" claim must be an array of strings');
  }
  return scopes;
}

function readAudience(claims: Record<string, unknown>): string | string[] | undefined {
  const aud = claims.aud;
  if (aud === undefined || typeof aud === 'string') return aud;
  if (Array.isArray(aud) && aud.every((value) => typeof value === 'string')) return aud;
  throw new InvalidTokenError('"aud" claim must be a string or an array of strings');
}

function extraClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const name of Object.keys(claims)) {
    if (!RESERVED_CLAIMS.has(name)) defineClaim(extra, name, claims[name]);
  }
  return extra;
}
