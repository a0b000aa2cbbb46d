import { Algorithm } from './algorithms';
import { CONFIG_KEYS, ConfigKey, TokenLocation, isInvalid } from './config-schema';
import { AuthXConfigError } from './errors';
import { KeyRing, prepareKeyRing } from './keys';

/** Options accepted by {@link AuthXConfig}. Key names and defaults follow AuthX. */
export interface AuthXConfigOptions {
  /** HMAC secret for the HS* algorithms, at least as many bytes as the hash (32 for HS256). */
  JWT_SECRET_KEY?: string;
  /** PEM private key for the RS*, PS* and ES* algorithms. Leave unset on a verify-only service. */
  JWT_PRIVATE_KEY?: string;
  /** PEM public key for the RS*, PS* and ES* algorithms. Derived from the private key when unset. */
  JWT_PUBLIC_KEY?: string;
  /** Algorithm new tokens are signed with. Default `HS256`. */
  JWT_ALGORITHM?: Algorithm;
  /** Algorithms accepted when verifying. Default: `[JWT_ALGORITHM]`. All must use one key family. */
  JWT_DECODE_ALGORITHMS?: Algorithm[];
  /** Where tokens are looked for, in order. Default `['headers']`. */
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
}

type Resolved = Required<Omit<AuthXConfigOptions,
  'JWT_SECRET_KEY' | 'JWT_PRIVATE_KEY' | 'JWT_PUBLIC_KEY' | 'JWT_ENCODE_ISSUER' | 'JWT_DECODE_ISSUER'
  | 'JWT_ENCODE_AUDIENCE' | 'JWT_DECODE_AUDIENCE' | 'JWT_ACCESS_TOKEN_EXPIRES' | 'JWT_REFRESH_TOKEN_EXPIRES'>>;

const DEFAULTS: Omit<Resolved, 'JWT_DECODE_ALGORITHMS'> = {
  JWT_ALGORITHM: 'HS256',
  JWT_TOKEN_LOCATION: ['headers'],
  JWT_HEADER_NAME: 'Authorization',
  JWT_HEADER_TYPE: 'Bearer',
  JWT_DECODE_LEEWAY: 0,
  JWT_ENCODE_NBF: false,
};

const DEFAULT_ACCESS_EXPIRES = 15 * 60;
const DEFAULT_REFRESH_EXPIRES = 20 * 24 * 3600;

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
  readonly JWT_SECRET_KEY?: string;
  readonly JWT_PRIVATE_KEY?: string;
  readonly JWT_PUBLIC_KEY?: string;
  readonly JWT_ALGORITHM: Algorithm;
  readonly JWT_DECODE_ALGORITHMS: readonly Algorithm[];
  readonly JWT_TOKEN_LOCATION: readonly TokenLocation[];
  readonly JWT_HEADER_NAME: string;
  readonly JWT_HEADER_TYPE: string;
  /** Access token lifetime in seconds, or `false` for tokens without `exp`. */
  readonly JWT_ACCESS_TOKEN_EXPIRES: number | false;
  /** Refresh token lifetime in seconds, or `false` for tokens without `exp`. */
  readonly JWT_REFRESH_TOKEN_EXPIRES: number | false;
  readonly JWT_ENCODE_ISSUER?: string;
  readonly JWT_DECODE_ISSUER?: string;
  readonly JWT_ENCODE_AUDIENCE?: string | readonly string[];
  readonly JWT_DECODE_AUDIENCE?: string | readonly string[];
  readonly JWT_DECODE_LEEWAY: number;
  readonly JWT_ENCODE_NBF: boolean;

  /** Signing and verification keys, prepared once from the key settings above. */
  readonly keys: KeyRing;

  constructor(options: AuthXConfigOptions) {
    if (options === null || typeof options !== 'object') {
      throw new AuthXConfigError('JWT_SECRET_KEY', 'AuthXConfig needs an options object, at least { JWT_SECRET_KEY }');
    }
    const values = checkKeys(options);

    this.JWT_SECRET_KEY = values.JWT_SECRET_KEY as string | undefined;
    this.JWT_PRIVATE_KEY = values.JWT_PRIVATE_KEY as string | undefined;
    this.JWT_PUBLIC_KEY = values.JWT_PUBLIC_KEY as string | undefined;
    this.JWT_ALGORITHM = (values.JWT_ALGORITHM as Algorithm | undefined) ?? DEFAULTS.JWT_ALGORITHM;
    this.JWT_DECODE_ALGORITHMS = (values.JWT_DECODE_ALGORITHMS as Algorithm[] | undefined) ?? [this.JWT_ALGORITHM];
    this.JWT_TOKEN_LOCATION = (values.JWT_TOKEN_LOCATION as TokenLocation[] | undefined) ?? DEFAULTS.JWT_TOKEN_LOCATION;
    this.JWT_HEADER_NAME = (values.JWT_HEADER_NAME as string | undefined) ?? DEFAULTS.JWT_HEADER_NAME;
    this.JWT_HEADER_TYPE = (values.JWT_HEADER_TYPE as string | undefined) ?? DEFAULTS.JWT_HEADER_TYPE;
    this.JWT_ACCESS_TOKEN_EXPIRES = (values.JWT_ACCESS_TOKEN_EXPIRES as number | false | undefined) ?? DEFAULT_ACCESS_EXPIRES;
    this.JWT_REFRESH_TOKEN_EXPIRES = (values.JWT_REFRESH_TOKEN_EXPIRES as number | false | undefined) ?? DEFAULT_REFRESH_EXPIRES;
    this.JWT_ENCODE_ISSUER = values.JWT_ENCODE_ISSUER as string | undefined;
    this.JWT_DECODE_ISSUER = values.JWT_DECODE_ISSUER as string | undefined;
    this.JWT_ENCODE_AUDIENCE = values.JWT_ENCODE_AUDIENCE as string | string[] | undefined;
    this.JWT_DECODE_AUDIENCE = values.JWT_DECODE_AUDIENCE as string | string[] | undefined;
    this.JWT_DECODE_LEEWAY = (values.JWT_DECODE_LEEWAY as number | undefined) ?? DEFAULTS.JWT_DECODE_LEEWAY;
    this.JWT_ENCODE_NBF = (values.JWT_ENCODE_NBF as boolean | undefined) ?? DEFAULTS.JWT_ENCODE_NBF;

    this.keys = prepareKeyRing(this);
    Object.freeze(this);
  }

  /**
   * Builds a config from environment variables with the same names as the keys. Lists are
   * comma-separated or JSON arrays, booleans are `true`/`false`, lifetimes are seconds or
   * durations such as `15m`. `overrides` win over the environment.
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
  return bestDistance <= Math.max(3, Math.floor(key.length / 4)) ? best : undefined;
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
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}
