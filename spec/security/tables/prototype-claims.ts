import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ADMIN_CHALLENGE, ConformanceRow, ConformanceTable } from '../../support/conformance';
import { hmacToken } from '../../support/forge';
import { SECRET, nowSeconds } from '../../support/tokens';
import { bearer, hs256Service } from './fixtures';

const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };

/** Valid claims as JSON members, for payloads written as text so `__proto__` stays a member name. */
function validMembers(): string {
  const now = nowSeconds();
  return `"sub":"user-1","type":"access","jti":"${randomUUID()}","iat":${now},"exp":${now + 600}`;
}

function payloadText(text: () => string, header = '{"alg":"HS256","typ":"JWT"}'): ConformanceRow['request'] {
  return () => ({ headers: bearer(hmacToken(header, text(), SECRET)) });
}

let prototypeNames: string[] = [];

/**
 * Claim and header names are data. `JSON.parse` makes `__proto__` an own member instead of
 * setting the prototype, and koa-authx copies extra claims with `defineProperty`, so a token
 * can neither change `Object.prototype` nor lend a claim to the object it is read from.
 * Every token here is signed with the service secret, as a token from a careless issuer
 * that copies user input into claims would be.
 */
export const prototypeClaimsTable: ConformanceTable = {
  title: '__proto__ and constructor claims (HS256 service)',
  service: (logger) => hs256Service(logger),
  before: async () => {
    prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
  },
  rows: [
    { name: '__proto__ with admin scopes gains none', request: async (auth) => ({ ...(await payloadText(() => `{${validMembers()},"__proto__":{"scopes":["admin"]}}`)(auth)), path: '/security/admin' }), status: 403, errorType: 'InsufficientScopeError', wwwAuthenticate: ADMIN_CHALLENGE },
    { name: '__proto__ with another sub', request: payloadText(() => `{${validMembers()},"__proto__":{"sub":"admin"}}`), status: 200, sub: 'user-1' },
    { name: '__proto__ with a polluting member', request: payloadText(() => `{${validMembers()},"__proto__":{"polluted":true}}`), status: 200, sub: 'user-1' },
    { name: 'constructor.prototype member', request: payloadText(() => `{${validMembers()},"constructor":{"prototype":{"polluted":true}}}`), status: 200, sub: 'user-1' },
    { name: 'prototype member', request: payloadText(() => `{${validMembers()},"prototype":{"polluted":true}}`), status: 200, sub: 'user-1' },
    { name: 'claims only inside __proto__', request: payloadText(() => `{"__proto__":{${validMembers()}}}`), ...INVALID },
    { name: 'header alg only inside __proto__', request: payloadText(() => `{${validMembers()}}`, '{"typ":"JWT","__proto__":{"alg":"HS256"}}'), ...INVALID },
    { name: 'header __proto__ with alg none', request: payloadText(() => `{${validMembers()}}`, '{"alg":"HS256","__proto__":{"alg":"none"}}'), status: 200, sub: 'user-1' },
  ],
  checks: [
    {
      name: 'Object.prototype unchanged',
      run: () => {
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(prototypeNames);
        const probe: Record<string, unknown> = {};
        expect(probe.polluted, 'polluted').to.equal(undefined);
        expect(probe.scopes, 'scopes').to.equal(undefined);
        expect(probe.sub, 'sub').to.equal(undefined);
        expect(probe.alg, 'alg').to.equal(undefined);
      },
    },
  ],
};
