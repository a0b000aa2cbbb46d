import { randomUUID } from 'node:crypto';
import { ADMIN_CHALLENGE, ConformanceRow, ConformanceTable } from '../../support/conformance';
import { hmacToken } from '../../support/forge';
import { SECRET, nowSeconds } from '../../support/tokens';
import { bearer, hs256Service } from './fixtures';

const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };

/**
 * Sends a payload written as JSON text, so a member name can appear twice. `members` is the
 * text between the braces; the helper adds the claims it does not mention.
 */
function payload(members: (now: number) => string, header = '{"alg":"HS256","typ":"JWT"}'): ConformanceRow['request'] {
  return () => {
    const now = nowSeconds();
    const text = members(now);
    const defaults: string[] = [];
    if (!text.includes('"sub"') && !text.includes('"s\\u0075b"')) defaults.push('"sub":"user-1"');
    if (!text.includes('"type"')) defaults.push('"type":"access"');
    if (!text.includes('"exp"')) defaults.push(`"exp":${now + 600}`);
    defaults.push(`"jti":"${randomUUID()}"`);
    return { headers: bearer(hmacToken(header, `{${[...defaults, text].join(',')}}`, SECRET)) };
  };
}

/**
 * RFC 7519, section 4, and RFC 7515, section 5.2: a parser either rejects duplicate member
 * names or keeps the lexically last one. `JSON.parse` keeps the last, in the header and the
 * payload alike, and the claim checks, jsonwebtoken and the route all read that one parsed
 * object. So whichever value a duplicate carries, the value that was checked is the value the
 * route receives, and a duplicate cannot slip a `sub` or `exp` past the checks.
 */
export const duplicateClaimsTable: ConformanceTable = {
  title: 'duplicate member names, the last one wins (HS256 service)',
  service: (logger) => hs256Service(logger),
  rows: [
    { name: 'sub admin then user-1', request: payload(() => '"sub":"admin","sub":"user-1"'), status: 200, sub: 'user-1' },
    { name: 'sub user-1 then admin', request: payload(() => '"sub":"user-1","sub":"admin"'), status: 200, sub: 'admin' },
    { name: 'sub string then number', request: payload(() => '"sub":"user-1","sub":42'), ...INVALID },
    { name: 'sub spelled with an escape', request: payload(() => '"sub":"admin","s\\u0075b":"user-1"'), status: 200, sub: 'user-1' },
    { name: 'exp future then past', request: payload((now) => `"exp":${now + 600},"exp":${now - 600}`), status: 401, errorType: 'TokenExpiredError', wwwAuthenticate: 'Bearer error="invalid_token"' },
    { name: 'exp past then future', request: payload((now) => `"exp":${now - 600},"exp":${now + 600}`), status: 200, sub: 'user-1' },
    { name: 'exp number then string', request: payload((now) => `"exp":${now + 600},"exp":"${now + 600}"`), ...INVALID },
    { name: 'type access then refresh', request: payload(() => '"type":"access","type":"refresh"'), status: 401, errorType: 'AccessTokenRequiredError', wwwAuthenticate: 'Bearer error="invalid_token"' },
    { name: 'type refresh then access', request: payload(() => '"type":"refresh","type":"access"'), status: 200, sub: 'user-1' },
    { name: 'scopes admin then none', request: async (auth) => ({ ...(await payload(() => '"scopes":["admin"],"scopes":[]')(auth)), path: '/security/admin' }), status: 403, errorType: 'InsufficientScopeError', wwwAuthenticate: ADMIN_CHALLENGE },
    { name: 'header alg none then HS256', request: payload(() => '"x":1', '{"alg":"none","alg":"HS256"}'), status: 200, sub: 'user-1' },
    { name: 'header alg HS256 then none', request: payload(() => '"x":1', '{"alg":"HS256","alg":"none"}'), ...INVALID },
    { name: 'header alg HS256 then HS512', request: payload(() => '"x":1', '{"alg":"HS256","alg":"HS512"}'), ...INVALID },
  ],
};
