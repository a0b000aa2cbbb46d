import { expect } from 'chai';
import { AuthX, AuthXConfig, RevocationStore } from '../../../src';
import type { ConformanceTable } from '../../support/conformance';
import { hmacToken } from '../../support/forge';
import { SECRET } from '../../support/tokens';
import { bearer, claims } from './fixtures';

/** A revocation store that is down: every call throws, and the calls are counted. */
class UnreachableStore implements RevocationStore {
  calls = 0;

  async revoke(): Promise<void> {
    this.calls++;
    throw new Error('connect ECONNREFUSED (revocation store unreachable)');
  }

  async isRevoked(): Promise<boolean> {
    this.calls++;
    throw new Error('connect ECONNREFUSED (revocation store unreachable)');
  }
}

let store = new UnreachableStore();
const FAILED = { status: 401, errorType: 'RevocationCheckFailedError', wwwAuthenticate: 'Bearer error="invalid_token"' };

/**
 * Revocation fails closed: when the store throws, a valid token is rejected (401 here, as
 * `revocationFailureStatus` is set, 503 by default) and never let through. The store is
 * queried only for tokens whose signature and claims passed.
 */
export const storeFailureTable: ConformanceTable = {
  title: 'revocation store down, failure status 401 (HS256 service)',
  service: (logger) => {
    store = new UnreachableStore();
    return new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }), { logger, revocationStore: store, revocationFailureStatus: 401 });
  },
  rows: [
    { name: 'valid token refused', request: (auth) => ({ headers: bearer(auth.createAccessToken({ uid: 'user-1' })) }), ...FAILED },
    { name: 'valid token refused again', request: (auth) => ({ headers: bearer(auth.createAccessToken({ uid: 'user-2' })) }), ...FAILED },
    { name: 'forged token invalid', request: () => ({ headers: bearer(hmacToken({ alg: 'HS256' }, claims(), 'forged-secret-0123456789-0123456789')) }), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' },
    { name: 'expired token expired', request: () => ({ headers: bearer(hmacToken({ alg: 'HS256' }, claims({ exp: 1 }), SECRET)) }), status: 401, errorType: 'TokenExpiredError', wwwAuthenticate: 'Bearer error="invalid_token"' },
  ],
  checks: [
    {
      name: 'store asked about valid tokens only',
      run: () => {
        expect(store.calls).to.equal(2);
      },
    },
  ],
};
