import type { AuthX } from '../../../src';
import type { ConformanceRow, ConformanceTable } from '../../support/conformance';
import { hmacToken } from '../../support/forge';
import { SECRET } from '../../support/tokens';
import { bearer, claims, hs256Service } from './fixtures';

const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };

/** Sends a token signed with the service secret under a header with `extra` parameters. */
function withHeader(extra: (auth: AuthX<any>) => Record<string, unknown>): ConformanceRow['request'] {
  return (auth) => ({ headers: bearer(hmacToken({ alg: 'HS256', typ: 'JWT', ...extra(auth) }, claims(), SECRET)) });
}

function invalidKids(values: Record<string, unknown>): ConformanceRow[] {
  return Object.entries(values).map(([label, kid]) => ({ name: `kid ${label}`, request: withHeader(() => ({ kid })), ...INVALID }));
}

/**
 * RFC 7515, section 4.1.11: a recipient that does not understand a `crit` extension rejects
 * the token, and koa-authx understands none, so any `crit` is rejected. RFC 8725, section
 * 3.10: `kid` is only looked up in the configured key ring, never used as a path or a query,
 * so a hostile `kid` fails like an unknown one.
 */
export const headerParametersTable: ConformanceTable = {
  title: 'crit and kid header parameters (HS256 service)',
  service: (logger) => hs256Service(logger),
  rows: [
    { name: 'kid of the current key passes', request: withHeader((auth) => ({ kid: auth.config.keys.kid })), status: 200, sub: 'user-1' },
    { name: 'no kid passes', request: withHeader(() => ({})), status: 200, sub: 'user-1' },
    { name: 'crit exp', request: withHeader(() => ({ crit: ['exp'] })), ...INVALID },
    { name: 'crit b64 with b64 false', request: withHeader(() => ({ b64: false, crit: ['b64'] })), ...INVALID },
    { name: 'crit private parameter', request: withHeader(() => ({ 'x-policy': 'strict', crit: ['x-policy'] })), ...INVALID },
    { name: 'crit an empty list', request: withHeader(() => ({ crit: [] })), ...INVALID },
    { name: 'crit a string', request: withHeader(() => ({ crit: 'exp' })), ...INVALID },
    { name: 'crit null', request: withHeader(() => ({ crit: null })), ...INVALID },
    ...invalidKids({
      'with path traversal': '../../../../etc/passwd',
      'with Windows path traversal': '..\\..\\keys\\secret.pem',
      'with a NUL byte': 'key\u0000.pem',
      'with double quotes': '" OR "1"="1',
      'with single quotes': "'; DROP TABLE keys; --",
      'a URL': 'http://127.0.0.1:1/jwks.json',
      'of 300 characters': 'k'.repeat(300),
      'of 10 KB': 'k'.repeat(10 * 1024),
      empty: '',
      'a number': 1,
      null: null,
      'an array': ['a'],
      'an object': { id: 'a' },
    }),
    { name: 'kid of the current key, alg HS512', request: (auth) => ({ headers: bearer(hmacToken({ alg: 'HS512', kid: auth.config.keys.kid }, claims(), SECRET, 'sha512')) }), ...INVALID },
  ],
};
