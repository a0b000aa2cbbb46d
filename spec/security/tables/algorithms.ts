import type { ConformanceRow, ConformanceTable } from '../../support/conformance';
import { hmacToken, unsignedToken } from '../../support/forge';
import { SECRET } from '../../support/tokens';
import { bearer, claims, hs256Service } from './fixtures';

const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };

function noneRows(): ConformanceRow[] {
  const spellings = ['none', 'None', 'NONE', 'nOnE', 'NoNe', 'none ', ' none'];
  return spellings.flatMap((alg) => [
    { name: `alg ${JSON.stringify(alg)}, no signature`, request: () => ({ headers: bearer(unsignedToken({ alg, typ: 'JWT' }, claims())) }), ...INVALID },
    { name: `alg ${JSON.stringify(alg)}, HMAC signature`, request: () => ({ headers: bearer(hmacToken({ alg, typ: 'JWT' }, claims(), SECRET)) }), ...INVALID },
  ]);
}

function signedAs(alg: unknown, hash = 'sha256'): ConformanceRow['request'] {
  return () => ({ headers: bearer(hmacToken({ alg, typ: 'JWT' }, claims(), SECRET, hash)) });
}

/**
 * RFC 8725, sections 2.1 and 3.1, and RFC 7515, section 4.1.1: the service accepts only the
 * algorithms it was configured with (HS256 here), never `none` in any spelling, and only a
 * string `alg`. Every token below is signed with the service's own secret where a signature
 * is present, so only the algorithm check can reject it.
 */
export const algorithmTable: ConformanceTable = {
  title: 'algorithm allow-list (HS256 service)',
  service: (logger) => hs256Service(logger),
  rows: [
    { name: 'HS256 token passes', request: signedAs('HS256'), status: 200, sub: 'user-1' },
    ...noneRows(),
    { name: 'alg HS384 not configured', request: signedAs('HS384', 'sha384'), ...INVALID },
    { name: 'alg HS512 not configured', request: signedAs('HS512', 'sha512'), ...INVALID },
    { name: 'alg hs256 in lower case', request: signedAs('hs256'), ...INVALID },
    { name: 'alg "HS256 " with a space', request: signedAs('HS256 '), ...INVALID },
    { name: 'alg RS256 with an HMAC signature', request: signedAs('RS256'), ...INVALID },
    { name: 'alg PS256 with an HMAC signature', request: signedAs('PS256'), ...INVALID },
    { name: 'alg ES256 with an HMAC signature', request: signedAs('ES256'), ...INVALID },
    { name: 'alg EdDSA with an HMAC signature', request: signedAs('EdDSA'), ...INVALID },
    { name: 'alg HS1, unknown', request: signedAs('HS1', 'sha1'), ...INVALID },
    { name: 'alg a number', request: signedAs(256), ...INVALID },
    { name: 'alg null', request: signedAs(null), ...INVALID },
    { name: 'alg true', request: signedAs(true), ...INVALID },
    { name: 'alg an array', request: signedAs(['HS256']), ...INVALID },
    { name: 'alg an object', request: signedAs({ name: 'HS256' }), ...INVALID },
    { name: 'alg missing', request: () => ({ headers: bearer(hmacToken({ typ: 'JWT' }, claims(), SECRET)) }), ...INVALID },
    { name: 'jwk header with an attacker oct key', request: () => {
      const attackerSecret = 'attacker-chosen-secret-0123456789-0123456789';
      const jwk = { kty: 'oct', k: Buffer.from(attackerSecret).toString('base64url') };
      return { headers: bearer(hmacToken({ alg: 'HS256', jwk }, claims(), attackerSecret)) };
    }, ...INVALID },
  ],
};
