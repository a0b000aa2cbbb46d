import { Algorithm } from './algorithms';
import { CONFIG_KEYS, ConfigKey, TokenLocation, isInvalid } from './config-schema';
import { AuthXConfigError } from './errors';
import { KeyRing, prepareKeyRing } from './keys';

/** Options accepted by {@link AuthXConfig}. Key names and defaults follow AuthX. */
export interface AuthXConfigOptions {
  /** HMAC secret for the HS* algorithms, at least as many bytes as the hash (32 for HS256). */
  JWT_SECRET_KEY?: string;
  /** PEM private key for the RS*, PS*, ES* and EdDSA algorithms. Leave unset on a verify-only service. */
  JWT_PRIVATE_KEY?: string;
  /** PEM public key for the RS*, PS*, ES* and EdDSA algorithms. Derived from the private key when unset. */
  JWT_PUBLIC_KEY?: string;
  /**
   * Retired HMAC secrets that still verify tokens (by their `kid`) but never sign, for key
   * rotation. Each gets the checks of `JWT_SECRET_KEY`. In the environment: one secret or a JSON list.
   */
  JWT_PREVIOUS_SECRET_KEY?: string | string[];
  /**
   * Public keys of retired key pairs that still verify tokens (by their `kid`) but never sign,
   * for key rotation. Each must fit one of `JWT_DECODE_ALGORITHMS`. In the environment: one PEM
   * key or a JSON list.
   */
  JWT_PREVIOUS_PUBLIC_KEY?: string | string[];
  /** Algorithm new tokens are signed with. Default `HS256`. */
  JWT_ALGORITHM?: Algorithm;
  /**
   * Maximum number of tokens kept after a successful verification, so a token seen again skips
   * the signature check. `exp`, `nbf`, `iat` and revocation are still checked on every request.
   * An entry for a 314-character token took about 740 bytes of heap (measured on Node 20), so the
   * default of 10,000 is about 7.5 MB, and larger tokens cost more. 0 turns the cache off.
   */
  JWT_VERIFIED_TOKEN_CACHE_SIZE?: number;
  /** Algorithms accepted when verifying. Default: `[JWT_ALGORITHM]`. All must use one key family. */
  JWT_DECODE_ALGORITHMS?: Algorithm[];
  /** Request locations searched for a token, in order. Default `['headers']`. */
  JWT_TOKEN_LOCATION?: TokenLocation[];
  /** Header that carries the token. Default `Authorization`. */
  JWT_HEADER_NAME?: string;
  /** Scheme before the token in the header, matched case-insensitively. Default `Bearer`; `''` for a bare token. */
  JWT_HEADER_TYPE?: string;
  /** Access token lifetime: seconds, a duration such as `"15m"`, or `false` for no `exp`. Default 15 minutes. */
  JWT_ACCESS_TOKEN_EXPIRES?: number | string | false;
  /** Refresh token lifetime, in the same forms. Default 20 days. */
  JWT_REFRESH_TOKEN_EXPIRES?: number | string | false;
  /** `iss` claim written into new tokens. */
  JWT_ENCODE_ISSUER?: string;
  /** `iss` value a token must carry to be accepted. */
  JWT_DECODE_ISSUER?: string;
  /** `aud` claim written into new tokens unless `createAccessToken` passes its own. */
  JWT_ENCODE_AUDIENCE?: string | string[];
  /** Audience a token must name (any one of them, when a list) to be accepted. */
  JWT_DECODE_AUDIENCE?: string | string[];
  /** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. Default 0. */
  JWT_DECODE_LEEWAY?: number;
  /** Whether new tokens carry an `nbf` claim equal to `iat`. Default false. */
  JWT_ENCODE_NBF?: boolean;

  /** Query parameter that carries the token for the `query` location. Default `token`. */
  JWT_QUERY_STRING_NAME?: string;
  /** JSON body field of an access token for the `json` location. Default `access_token`. */
  JWT_JSON_KEY?: string;
  /** JSON body field of a refresh token for the `json` location. Default `refresh_token`. */
  JWT_REFRESH_JSON_KEY?: string;

  /** Cookie of the access token. Default `access_token_cookie`. */
  JWT_ACCESS_COOKIE_NAME?: string;
  /** Cookie of the refresh token. Default `refresh_token_cookie`. */
  JWT_REFRESH_COOKIE_NAME?: string;
  /** Path of the access cookie. Default `/`. */
  JWT_ACCESS_COOKIE_PATH?: string;
  /** Path of the refresh cookie; narrow it to the refresh route to send it less often. Default `/`. */
  JWT_REFRESH_COOKIE_PATH?: string;
  /** `Secure` attribute of every cookie. Default false; turn it on wherever the site is served over HTTPS. */
  JWT_COOKIE_SECURE?: boolean;
  /** `HttpOnly` attribute of the token cookies (never of the CSRF cookies, which scripts must read). Default true. */
  JWT_COOKIE_HTTP_ONLY?: boolean;
  /** `SameSite` attribute of every cookie: `lax`, `strict` or `none`. Default `lax`. */
  JWT_COOKIE_SAMESITE?: 'lax' | 'strict' | 'none';
  /** `Domain` attribute of every cookie. Default: none, so the cookie stays on the host that set it. */
  JWT_COOKIE_DOMAIN?: string;
  /** `Max-Age` of persistent cookies in seconds. Default: the token's remaining lifetime. */
  JWT_COOKIE_MAX_AGE?: number | string;
  /** Whether cookies are session cookies, dropped when the browser closes (no `Max-Age`). Default true. */
  JWT_SESSION_COOKIE?: boolean;

  /** Whether cookie-borne tokens need the CSRF double submit on `JWT_CSRF_METHODS`. Default true. */
  JWT_COOKIE_CSRF_PROTECT?: boolean;
  /** Whether setting the token cookies also sets the script-readable CSRF cookies. Default true. */
  JWT_CSRF_IN_COOKIES?: boolean;
  /** CSRF cookie paired with the access cookie. Default `csrf_access_token`. */
  JWT_ACCESS_CSRF_COOKIE_NAME?: string;
  /** CSRF cookie paired with the refresh cookie. Default `csrf_refresh_token`. */
  JWT_REFRESH_CSRF_COOKIE_NAME?: string;
  /** Path of the access CSRF cookie. Default `/`. */
  JWT_ACCESS_CSRF_COOKIE_PATH?: string;
  /** Path of the refresh CSRF cookie. Default `/`. */
  JWT_REFRESH_CSRF_COOKIE_PATH?: string;
  /** Header that echoes the access CSRF value. Default `X-CSRF-TOKEN`. */
  JWT_ACCESS_CSRF_HEADER_NAME?: string;
  /** Header that echoes the refresh CSRF value. Default `X-CSRF-TOKEN`. */
  JWT_REFRESH_CSRF_HEADER_NAME?: string;
  /** Methods that need the CSRF value. Default `POST`, `PUT`, `PATCH`, `DELETE`. */
  JWT_CSRF_METHODS?: string[];
  /** Whether a form field may carry the CSRF value when the header is absent. Default false. */
  JWT_CSRF_CHECK_FORM?: boolean;
  /** Form field of the access CSRF value. Default `csrf_token`. */
  JWT_ACCESS_CSRF_FIELD_NAME?: string;
  /** Form field of the refresh CSRF value. Default `csrf_token`. */
  JWT_REFRESH_CSRF_FIELD_NAME?: string;

  /** Implicit refresh re-issues an access cookie that expires within this many seconds. Default 10 minutes. */
  JWT_IMPLICIT_REFRESH_DELTATIME?: number | string;
  /** When not empty, implicit refresh runs only on these paths (a trailing `*` matches a prefix). */
  JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE?: string[];
  /** Paths implicit refresh never runs on (a trailing `*` matches a prefix). */
  JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE?: string[];
  /** When not empty, implicit refresh runs only on these methods. */
  JWT_IMPLICIT_REFRESH_METHOD_INCLUDE?: string[];
  /** Methods implicit refresh never runs on. */
  JWT_IMPLICIT_REFRESH_METHOD_EXCLUDE?: string[];
}

const DEFAULTS = {
  JWT_ALGORITHM: 'HS256',
  JWT_TOKEN_LOCATION: ['headers'],
  JWT_HEADER_NAME: 'Authorization',
  JWT_HEADER_TYPE: 'Bearer',
  JWT_ACCESS_TOKEN_EXPIRES: 15 * 60,
  JWT_REFRESH_TOKEN_EXPIRES: 20 * 24 * 3600,
  JWT_DECODE_LEEWAY: 0,
  JWT_ENCODE_NBF: false,
  JWT_VERIFIED_TOKEN_CACHE_SIZE: 10_000,
  JWT_QUERY_STRING_NAME: 'token',
  JWT_JSON_KEY: 'access_token',
  JWT_REFRESH_JSON_KEY: 'refresh_token',
  JWT_ACCESS_COOKIE_NAME: 'access_token_cookie',
  JWT_REFRESH_COOKIE_NAME: 'refresh_token_cookie',
  JWT_ACCESS_COOKIE_PATH: '/',
  JWT_REFRESH_COOKIE_PATH: '/',
  JWT_COOKIE_SECURE: false,
  JWT_COOKIE_HTTP_ONLY: true,
  JWT_COOKIE_SAMESITE: 'lax',
  JWT_SESSION_COOKIE: true,
  JWT_COOKIE_CSRF_PROTECT: true,
  JWT_CSRF_IN_COOKIES: true,
  JWT_ACCESS_CSRF_COOKIE_NAME: 'csrf_access_token',
  JWT_REFRESH_CSRF_COOKIE_NAME: 'csrf_refresh_token',
  JWT_ACCESS_CSRF_COOKIE_PATH: '/',
  JWT_REFRESH_CSRF_COOKIE_PATH: '/',
  JWT_ACCESS_CSRF_HEADER_NAME: 'X-CSRF-TOKEN',
  JWT_REFRESH_CSRF_HEADER_NAME: 'X-CSRF-TOKEN',
  JWT_CSRF_METHODS: ['POST', 'PUT', 'PATCH', 'DELETE'],
  JWT_CSRF_CHECK_FORM: false,
  JWT_ACCESS_CSRF_FIELD_NAME: 'csrf_token',
  JWT_REFRESH_CSRF_FIELD_NAME: 'csrf_token',
  JWT_IMPLICIT_REFRESH_DELTATIME: 10 * 60,
  JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE: [],
  JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE: [],
  JWT_IMPLICIT_REFRESH_METHOD_INCLUDE: [],
  JWT_IMPLICIT_REFRESH_METHOD_EXCLUDE: [],
} as const;

/** Keys that keep `undefined` when unset. */
type OptionalKey = 'JWT_SECRET_KEY' | 'JWT_PRIVATE_KEY' | 'JWT_PUBLIC_KEY' | 'JWT_PREVIOUS_SECRET_KEY' | 'JWT_PREVIOUS_PUBLIC_KEY' | 'JWT_ENCODE_ISSUER' | 'JWT_DECODE_ISSUER'
  | 'JWT_ENCODE_AUDIENCE' | 'JWT_DECODE_AUDIENCE' | 'JWT_COOKIE_DOMAIN' | 'JWT_COOKIE_MAX_AGE';

/** Keys given as seconds or durations such as `"15m"`, held as seconds. */
type DurationKey = 'JWT_ACCESS_TOKEN_EXPIRES' | 'JWT_REFRESH_TOKEN_EXPIRES' | 'JWT_COOKIE_MAX_AGE' | 'JWT_IMPLICIT_REFRESH_DELTATIME';

type Resolved<Key extends keyof AuthXConfigOptions, T = Exclude<AuthXConfigOptions[Key], undefined>> =
  Key extends DurationKey ? Exclude<T, string> : T extends (infer Item)[] ? readonly Item[] : T;

type ResolvedOptions = {
  readonly [Key in keyof AuthXConfigOptions]-?: Key extends OptionalKey ? Resolved<Key> | undefined : Resolved<Key>;
};

// Declaration merging gives the class one read-only field per setting.
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface AuthXConfig extends ResolvedOptions {}

/**
 * Validated configuration of an {@link AuthX} instance. Every problem is reported at
 * construction, with the key to fix, so a misconfigured service fails at start-up rather than
 * on its first request. Keys are turned into `KeyObject`s here, once.
 *
 * @example
 * ```ts
 * const config = new AuthXConfig({
 *   JWT_SECRET_KEY: process.env.JWT_SECRET_KEY,
 *   JWT_TOKEN_LOCATION: ['headers'],
 * });
 * ```
 */
export class AuthXConfig {
  /** Signing and verification keys, prepared once from the key settings above. */
  readonly keys: KeyRing;

  constructor(options: AuthXConfigOptions) {
    if (options === null || typeof options !== 'object') {
      throw new AuthXConfigError('JWT_SECRET_KEY', 'AuthXConfig needs an options object, at least { JWT_SECRET_KEY }');
    }
    const values = checkKeys(options);
    Object.assign(this, DEFAULTS, values);
    for (const [key, value] of Object.entries(this)) {
      if (Array.isArray(value)) (this as Record<string, unknown>)[key] = [...value];
    }
    if (values.JWT_DECODE_ALGORITHMS === undefined) {
      (this as { JWT_DECODE_ALGORITHMS: readonly Algorithm[] }).JWT_DECODE_ALGORITHMS = [this.JWT_ALGORITHM];
    }

    this.keys = Object.freeze(prepareKeyRing(this));
    for (const value of Object.values(this)) {
      if (Array.isArray(value)) Object.freeze(value);
    }
    Object.freeze(this);
  }

  /**
   * Builds a config from environment variables with the same names as the keys. Lists are
   * comma-separated or JSON arrays, except the previous keys of a rotation, which are one key or
   * a JSON array. Booleans are `true`/`false`, lifetimes are seconds or durations such as
   * `15m`. `overrides` win over the environment.
   *
   * @example
   * ```ts
   * // JWT_SECRET_KEY=... JWT_TOKEN_LOCATION=headers,cookies node server.js
   * const config = AuthXConfig.fromEnv();
   * ```
   */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, overrides: AuthXConfigOptions = {}): AuthXConfig {
    const options: Record<string, unknown> = {};
    for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
      const text = env[key];
      if (text !== undefined && text !== '') options[key] = CONFIG_KEYS[key].fromEnv(text);
    }
    return new AuthXConfig({ ...options, ...overrides } as AuthXConfigOptions);
  }
}

function checkKeys(options: AuthXConfigOptions): Partial<Record<ConfigKey, unknown>> {
  const values: Partial<Record<ConfigKey, unknown>> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!Object.prototype.hasOwnProperty.call(CONFIG_KEYS, key)) {
      throw new AuthXConfigError(key, unknownKeyMessage(key));
    }
    if (value === undefined) continue;

    const spec = CONFIG_KEYS[key as ConfigKey];
    const checked = spec.check(value);
    if (isInvalid(checked)) {
      throw new AuthXConfigError(key, `${key} must be ${spec.expected}, got ${describe(value)}`);
    }
    values[key as ConfigKey] = checked;
  }
  return values;
}

function unknownKeyMessage(key: string): string {
  const suggestion = closestKey(key);
  const hint = suggestion ? `Did you mean ${suggestion}?` : `Known keys: ${Object.keys(CONFIG_KEYS).join(', ')}.`;
  return `Unknown config key ${key}. ${hint}`;
}

function closestKey(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of Object.keys(CONFIG_KEYS)) {
    const distance = editDistance(key.toUpperCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(4, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Describes a rejected value by type and size only, so a mistyped secret is never printed. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return 'a number';
  return typeof value;
}
