import type { ConformanceRow, ConformanceTable } from '../../support/conformance';
import { hmacToken } from '../../support/forge';
import { SECRET, nowSeconds } from '../../support/tokens';
import { bearer, claims, hs256Service } from './fixtures';

const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };
const EXPIRED = { status: 401, errorType: 'TokenExpiredError', wwwAuthenticate: 'Bearer error="invalid_token"' };
const PASSES = { status: 200, sub: 'user-1' };
const HEADER = { alg: 'HS256', typ: 'JWT' };

/** Sends a token whose claims are built when the row runs, from the current second. */
function timed(overrides: (now: number) => Record<string, unknown>): ConformanceRow['request'] {
  return () => ({ headers: bearer(hmacToken(HEADER, claims(overrides(nowSeconds())), SECRET)) });
}

/** Sends a token whose payload JSON has `name` set to a literal that `JSON.stringify` cannot write, such as `1e400`. */
function literal(name: string, text: string): ConformanceRow['request'] {
  return () => {
    const json = JSON.stringify(claims({ [name]: 0 })).replace(`"${name}":0`, `"${name}":${text}`);
    return { headers: bearer(hmacToken(HEADER, json, SECRET)) };
  };
}

/**
 * RFC 7519, sections 4.1.4 to 4.1.6: `exp` is required (this service has expiring tokens),
 * every time claim is a finite number of seconds, `now >= exp` is expired, and `nbf` or `iat`
 * in the future is invalid. Leeway is 0 here. Rows that must pass keep a margin of a few
 * seconds, so a second boundary during the request cannot change the outcome.
 */
export const timeClaimsTable: ConformanceTable = {
  title: 'time claims, no leeway (HS256 service)',
  service: (logger) => hs256Service(logger),
  rows: [
    { name: 'exp in 5 s passes', request: timed((now) => ({ exp: now + 5 })), ...PASSES },
    { name: 'exp missing', request: timed(() => ({ exp: undefined })), ...INVALID },
    { name: 'exp a string', request: timed((now) => ({ exp: String(now + 600) })), ...INVALID },
    { name: 'exp null', request: timed(() => ({ exp: null })), ...INVALID },
    { name: 'exp true', request: timed(() => ({ exp: true })), ...INVALID },
    { name: 'exp an array', request: timed((now) => ({ exp: [now + 600] })), ...INVALID },
    { name: 'exp 1e400 (Infinity)', request: literal('exp', '1e400'), ...INVALID },
    { name: 'exp -1e400 (-Infinity)', request: literal('exp', '-1e400'), ...INVALID },
    { name: 'exp equal to now', request: timed((now) => ({ exp: now })), ...EXPIRED },
    { name: 'exp 1 s ago', request: timed((now) => ({ exp: now - 1 })), ...EXPIRED },
    { name: 'exp 0', request: timed(() => ({ exp: 0 })), ...EXPIRED },
    { name: 'exp negative', request: timed(() => ({ exp: -1 })), ...EXPIRED },
    { name: 'nbf now passes', request: timed((now) => ({ nbf: now })), ...PASSES },
    { name: 'nbf in 3 s', request: timed((now) => ({ nbf: now + 3 })), ...INVALID },
    { name: 'nbf in 10 minutes', request: timed((now) => ({ nbf: now + 600 })), ...INVALID },
    { name: 'nbf a string', request: timed((now) => ({ nbf: String(now) })), ...INVALID },
    { name: 'nbf null', request: timed(() => ({ nbf: null })), ...INVALID },
    { name: 'nbf 1e400', request: literal('nbf', '1e400'), ...INVALID },
    { name: 'iat now passes', request: timed((now) => ({ iat: now })), ...PASSES },
    { name: 'iat in 10 minutes', request: timed((now) => ({ iat: now + 600 })), ...INVALID },
    { name: 'iat a string', request: timed(() => ({ iat: 'yesterday' })), ...INVALID },
    { name: 'iat an ISO date', request: timed(() => ({ iat: new Date().toISOString() })), ...INVALID },
    { name: 'iat -1e400', request: literal('iat', '-1e400'), ...INVALID },
  ],
};

const LEEWAY = 30;

/**
 * `JWT_DECODE_LEEWAY` widens each time check by the same number of seconds, at both edges:
 * `exp` fails once `now >= exp + leeway`, `nbf` and `iat` pass until `now + leeway < value`.
 */
export const leewayTable: ConformanceTable = {
  title: `time claims, leeway ${LEEWAY} s (HS256 service)`,
  service: (logger) => hs256Service(logger, { JWT_DECODE_LEEWAY: LEEWAY }),
  rows: [
    { name: 'exp 28 s ago passes', request: timed((now) => ({ exp: now - LEEWAY + 2 })), ...PASSES },
    { name: 'exp exactly leeway ago', request: timed((now) => ({ exp: now - LEEWAY })), ...EXPIRED },
    { name: 'exp 31 s ago', request: timed((now) => ({ exp: now - LEEWAY - 1 })), ...EXPIRED },
    { name: 'nbf exactly leeway ahead passes', request: timed((now) => ({ nbf: now + LEEWAY })), ...PASSES },
    { name: 'nbf 33 s ahead', request: timed((now) => ({ nbf: now + LEEWAY + 3 })), ...INVALID },
    { name: 'iat exactly leeway ahead passes', request: timed((now) => ({ iat: now + LEEWAY })), ...PASSES },
    { name: 'iat 33 s ahead', request: timed((now) => ({ iat: now + LEEWAY + 3 })), ...INVALID },
    { name: 'exp a string, within leeway', request: timed((now) => ({ exp: String(now) })), ...INVALID },
  ],
};
