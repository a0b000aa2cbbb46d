import { SUPPORTED_ALGORITHMS, isAlgorithm } from './algorithms';
import { parseDuration } from './duration';
import { AuthXConfigError } from './errors';

/** Places a request may carry a token in, tried in the configured order. */
export type TokenLocation = 'headers' | 'cookies' | 'query' | 'json';

export const TOKEN_LOCATIONS: readonly TokenLocation[] = ['headers', 'cookies', 'query', 'json'];

/**
 * Checker and environment reader of one configuration key. `check` returns the
 * normalized value, or the invalid marker when the value does not fit.
 */
export interface KeySpec {
  /** Description of the accepted values, used in error messages: "a string", "a number of seconds". */
  expected: string;
  check(value: unknown): unknown;
  fromEnv(text: string): unknown;
}

const INVALID = Symbol('invalid');

function invalid(): typeof INVALID {
  return INVALID;
}

export function isInvalid(value: unknown): value is typeof INVALID {
  return value === INVALID;
}

const string: KeySpec = {
  expected: 'a string',
  check: (value) => (typeof value === 'string' ? value : invalid()),
  fromEnv: (text) => text,
};

const stringOrList: KeySpec = {
  expected: 'a string or a list of strings',
  check: (value) => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) return [...value];
    return invalid();
  },
  fromEnv: (text) => (text.includes(',') || text.trim().startsWith('[') ? splitList(text) : text),
};

/**
 * Previous keys of a rotation: one key or a list. In the environment a list is a JSON array;
 * any other text is one key. Text is never split on commas, because HMAC secrets and
 * encrypted PEM headers (`DEK-Info: AES-128-CBC,...`) may contain them.
 */
function keyList(name: string): KeySpec {
  return {
    expected: 'a string or a list of strings',
    check: (value) => {
      if (typeof value === 'string') return value;
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value];
      return invalid();
    },
    fromEnv: (text) => {
      if (!text.trim().startsWith('[')) return text;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
        throw new AuthXConfigError(name, `${name} starts with "[" but is not a JSON list of strings. Write a list such as ["first key", "second key"], with "\\n" for the line breaks of PEM text.`);
      }
      return parsed;
    },
  };
}

const cacheSize: KeySpec = {
  expected: 'a whole number of entries, 0 to turn the cache off',
  check: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : invalid()),
  fromEnv: (text) => (/^\d+$/.test(text.trim()) ? Number(text) : text),
};

const nonNegativeNumber: KeySpec = {
  expected: 'a number of seconds, 0 or more',
  check: (value) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : invalid()),
  fromEnv: (text) => (/^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text),
};

const boolean: KeySpec = {
  expected: 'true or false',
  check: (value) => (typeof value === 'boolean' ? value : invalid()),
  fromEnv: (text) => parseBoolean(text) ?? text,
};

const expiry: KeySpec = {
  expected: 'a positive number of seconds, a duration such as "15m", or false for tokens that never expire',
  check: (value) => {
    if (value === false) return false;
    const seconds = typeof value === 'string' ? parseDuration(value) : value;
    return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : invalid();
  },
  fromEnv: (text) => (text.trim().toLowerCase() === 'false' ? false : text),
};

const algorithm: KeySpec = {
  expected: `one of ${SUPPORTED_ALGORITHMS.join(', ')}`,
  check: (value) => (isAlgorithm(value) ? value : invalid()),
  fromEnv: (text) => text.trim(),
};

const algorithmList: KeySpec = {
  expected: `a non-empty list of ${SUPPORTED_ALGORITHMS.join(', ')}`,
  check: (value) => {
    const list = typeof value === 'string' ? [value] : value;
    return Array.isArray(list) && list.length > 0 && list.every(isAlgorithm) ? [...new Set(list)] : invalid();
  },
  fromEnv: splitList,
};

const locationList: KeySpec = {
  expected: `a non-empty list of ${TOKEN_LOCATIONS.join(', ')}`,
  check: (value) => {
    const list = typeof value === 'string' ? [value] : value;
    const valid = Array.isArray(list) && list.length > 0 && list.every((item) => TOKEN_LOCATIONS.includes(item));
    return valid ? [...new Set(list as TokenLocation[])] : invalid();
  },
  fromEnv: splitList,
};

const headerName: KeySpec = {
  expected: 'an HTTP header name (letters, digits and dashes)',
  check: (value) => (typeof value === 'string' && /^[A-Za-z0-9-]+$/.test(value) ? value : invalid()),
  fromEnv: (text) => text.trim(),
};

const headerType: KeySpec = {
  expected: 'an authentication scheme such as "Bearer", or "" for a bare token',
  check: (value) => (typeof value === 'string' && /^[A-Za-z0-9._~+/-]*$/.test(value) ? value : invalid()),
  fromEnv: (text) => text.trim(),
};

const cookieName: KeySpec = {
  expected: 'a cookie name (letters, digits and !#$%&\'*+-.^_`|~)',
  check: (value) => (typeof value === 'string' && /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(value) ? value : invalid()),
  fromEnv: (text) => text.trim(),
};

const cookiePath: KeySpec = {
  expected: 'a path starting with "/"',
  check: (value) => (typeof value === 'string' && /^\/[\x21-\x3a\x3c-\x7e]*$/.test(value) ? value : invalid()),
  fromEnv: (text) => text.trim(),
};

const cookieDomain: KeySpec = {
  expected: 'a domain name such as "example.com"',
  check: (value) => (typeof value === 'string' && /^\.?[A-Za-z0-9.-]+$/.test(value) ? value : invalid()),
  fromEnv: (text) => text.trim(),
};

const sameSite: KeySpec = {
  expected: '"lax", "strict" or "none"',
  check: (value) => {
    const lower = typeof value === 'string' ? value.toLowerCase() : undefined;
    return lower === 'lax' || lower === 'strict' || lower === 'none' ? lower : invalid();
  },
  fromEnv: (text) => text.trim(),
};

const positiveSeconds: KeySpec = {
  expected: 'a positive number of seconds or a duration such as "10m"',
  check: (value) => {
    const seconds = typeof value === 'string' ? parseDuration(value) : value;
    return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : invalid();
  },
  fromEnv: (text) => text.trim(),
};

const methodList: KeySpec = {
  expected: 'a list of HTTP methods such as ["POST", "PUT"]',
  check: (value) => {
    const list = typeof value === 'string' ? [value] : value;
    const valid = Array.isArray(list) && list.every((item) => typeof item === 'string' && /^[A-Za-z]+$/.test(item));
    return valid ? [...new Set((list as string[]).map((item) => item.toUpperCase()))] : invalid();
  },
  fromEnv: splitList,
};

const pathList: KeySpec = {
  expected: 'a list of paths starting with "/", each optionally ending in "*"',
  check: (value) => {
    const list = typeof value === 'string' ? [value] : value;
    const valid = Array.isArray(list) && list.every((item) => typeof item === 'string' && item.startsWith('/'));
    return valid ? [...list] : invalid();
  },
  fromEnv: splitList,
};

const jsonKey: KeySpec = {
  expected: 'a non-empty string',
  check: (value) => (typeof value === 'string' && value !== '' ? value : invalid()),
  fromEnv: (text) => text.trim(),
};

/**
 * Every configuration key, with AuthX's names. Adding a key here without reading it anywhere
 * is a bug: each key below is used by the code that its documentation names.
 */
export const CONFIG_KEYS = {
  JWT_SECRET_KEY: string,
  JWT_PRIVATE_KEY: string,
  JWT_PUBLIC_KEY: string,
  JWT_PREVIOUS_SECRET_KEY: keyList('JWT_PREVIOUS_SECRET_KEY'),
  JWT_PREVIOUS_PUBLIC_KEY: keyList('JWT_PREVIOUS_PUBLIC_KEY'),
  JWT_ALGORITHM: algorithm,
  JWT_DECODE_ALGORITHMS: algorithmList,
  JWT_TOKEN_LOCATION: locationList,
  JWT_HEADER_NAME: headerName,
  JWT_HEADER_TYPE: headerType,
  JWT_ACCESS_TOKEN_EXPIRES: expiry,
  JWT_REFRESH_TOKEN_EXPIRES: expiry,
  JWT_ENCODE_ISSUER: string,
  JWT_DECODE_ISSUER: string,
  JWT_ENCODE_AUDIENCE: stringOrList,
  JWT_DECODE_AUDIENCE: stringOrList,
  JWT_DECODE_LEEWAY: nonNegativeNumber,
  JWT_ENCODE_NBF: boolean,
  JWT_VERIFIED_TOKEN_CACHE_SIZE: cacheSize,
  JWT_QUERY_STRING_NAME: jsonKey,
  JWT_JSON_KEY: jsonKey,
  JWT_REFRESH_JSON_KEY: jsonKey,
  JWT_ACCESS_COOKIE_NAME: cookieName,
  JWT_REFRESH_COOKIE_NAME: cookieName,
  JWT_ACCESS_COOKIE_PATH: cookiePath,
  JWT_REFRESH_COOKIE_PATH: cookiePath,
  JWT_COOKIE_SECURE: boolean,
  JWT_COOKIE_HTTP_ONLY: boolean,
  JWT_COOKIE_SAMESITE: sameSite,
  JWT_COOKIE_DOMAIN: cookieDomain,
  JWT_COOKIE_MAX_AGE: positiveSeconds,
  JWT_SESSION_COOKIE: boolean,
  JWT_COOKIE_CSRF_PROTECT: boolean,
  JWT_CSRF_IN_COOKIES: boolean,
  JWT_ACCESS_CSRF_COOKIE_NAME: cookieName,
  JWT_REFRESH_CSRF_COOKIE_NAME: cookieName,
  JWT_ACCESS_CSRF_COOKIE_PATH: cookiePath,
  JWT_REFRESH_CSRF_COOKIE_PATH: cookiePath,
  JWT_ACCESS_CSRF_HEADER_NAME: headerName,
  JWT_REFRESH_CSRF_HEADER_NAME: headerName,
  JWT_CSRF_METHODS: methodList,
  JWT_CSRF_CHECK_FORM: boolean,
  JWT_ACCESS_CSRF_FIELD_NAME: jsonKey,
  JWT_REFRESH_CSRF_FIELD_NAME: jsonKey,
  JWT_IMPLICIT_REFRESH_DELTATIME: positiveSeconds,
  JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE: pathList,
  JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE: pathList,
  JWT_IMPLICIT_REFRESH_METHOD_INCLUDE: methodList,
  JWT_IMPLICIT_REFRESH_METHOD_EXCLUDE: methodList,
} satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_KEYS;

function splitList(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: fall back to a comma-separated list.
    }
  }
  return trimmed.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function parseBoolean(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  return undefined;
}
