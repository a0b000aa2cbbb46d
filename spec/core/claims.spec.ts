import { expect } from 'chai';
import { AuthX } from '../../src/authx';
import { AuthXConfig, AuthXConfigOptions } from '../../src/core/config';
import { decodeToken } from '../../src/core/decode';
import { InvalidTokenError, TokenExpiredError } from '../../src/core/errors';
import { SECRET, forgeToken, nowSeconds } from '../support/tokens';
import { catchError } from './support';

/** One clock for the whole file, passed to decodeToken so no case depends on timing. */
const NOW = nowSeconds();

const HEADER = { alg: 'HS256', typ: 'JWT' };

function buildToken(overrides: Record<string, unknown>): string {
  return forgeToken(HEADER, { sub: 'user-1', type: 'access', jti: 'jti-1', iat: NOW - 60, exp: NOW + 900, ...overrides });
}

function buildConfig(options: AuthXConfigOptions): AuthXConfig {
  return new AuthXConfig({ JWT_SECRET_KEY: SECRET, ...options });
}

interface EdgeCase {
  label: string;
  options: AuthXConfigOptions;
  claims: Record<string, unknown>;
  /** Clock of the verifying service, in seconds. Default NOW. */
  now?: number;
  expected: 'accepted' | 'invalid' | 'expired';
  /** Part of `InvalidTokenError.reason` for an invalid case. */
  reason?: string;
}

const CASES: EdgeCase[] = [
  // exp, compared as now >= exp + leeway.
  { label: 'exp half a second ahead', options: {}, claims: { exp: NOW + 1 }, now: NOW + 0.5, expected: 'accepted' },
  { label: 'exp reached exactly', options: {}, claims: { exp: NOW + 1 }, now: NOW + 1, expected: 'expired' },
  { label: 'exp 9 s ago with leeway 10', options: { JWT_DECODE_LEEWAY: 10 }, claims: { exp: NOW - 9 }, expected: 'accepted' },
  { label: 'exp 9.9 s ago with leeway 10', options: { JWT_DECODE_LEEWAY: 10 }, claims: { exp: NOW - 10 }, now: NOW - 0.1, expected: 'accepted' },
  { label: 'exp 11 s ago with leeway 10', options: { JWT_DECODE_LEEWAY: 10 }, claims: { exp: NOW - 11 }, expected: 'expired' },
  { label: 'exp 2 s ago with leeway 2.5', options: { JWT_DECODE_LEEWAY: 2.5 }, claims: { exp: NOW - 2 }, expected: 'accepted' },
  { label: 'exp 3 s ago with leeway 2.5', options: { JWT_DECODE_LEEWAY: 2.5 }, claims: { exp: NOW - 3 }, expected: 'expired' },
  { label: 'fractional exp', options: {}, claims: { exp: NOW + 0.75 }, now: NOW + 0.5, expected: 'accepted' },
  { label: 'fractional exp passed', options: {}, claims: { exp: NOW + 0.25 }, now: NOW + 0.5, expected: 'expired' },
  { label: 'leeway does not excuse a missing exp', options: { JWT_DECODE_LEEWAY: 3600 }, claims: { exp: undefined }, expected: 'invalid', reason: '"exp" claim is missing' },

  // nbf, compared as now + leeway < nbf.
  { label: 'nbf reached', options: {}, claims: { nbf: NOW }, expected: 'accepted' },
  { label: 'nbf half a second ahead', options: {}, claims: { nbf: NOW + 1 }, now: NOW + 0.5, expected: 'invalid', reason: '"nbf"' },
  { label: 'nbf at the leeway edge', options: { JWT_DECODE_LEEWAY: 10 }, claims: { nbf: NOW + 10 }, expected: 'accepted' },
  { label: 'nbf just past the leeway edge', options: { JWT_DECODE_LEEWAY: 10 }, claims: { nbf: NOW + 10.5 }, expected: 'invalid', reason: '"nbf"' },
  { label: 'nbf with an expired exp', options: {}, claims: { nbf: NOW - 100, exp: NOW - 10 }, expected: 'expired' },
  { label: 'nbf after exp, both in the past', options: {}, claims: { nbf: NOW - 5, exp: NOW - 10 }, expected: 'expired' },

  // Audience.
  { label: 'aud empty string', options: { JWT_DECODE_AUDIENCE: 'api' }, claims: { aud: '' }, expected: 'invalid', reason: '"aud"' },
  { label: 'aud list with duplicates', options: { JWT_DECODE_AUDIENCE: 'api' }, claims: { aud: ['api', 'api'] }, expected: 'accepted' },
  { label: 'aud missing, list configured', options: { JWT_DECODE_AUDIENCE: ['api', 'admin'] }, claims: {}, expected: 'invalid', reason: '"aud" claim names none of JWT_DECODE_AUDIENCE' },
  { label: 'aud with surrounding space', options: { JWT_DECODE_AUDIENCE: 'api' }, claims: { aud: ' api' }, expected: 'invalid', reason: '"aud"' },
  { label: 'aud list nested', options: { JWT_DECODE_AUDIENCE: 'api' }, claims: { aud: [['api']] }, expected: 'invalid', reason: '"aud" claim must be' },

  // Issuer.
  { label: 'iss empty string', options: { JWT_DECODE_ISSUER: 'https://auth.example' }, claims: { iss: '' }, expected: 'invalid', reason: '"iss" claim does not match' },
  { label: 'iss differs in case', options: { JWT_DECODE_ISSUER: 'https://auth.example' }, claims: { iss: 'https://AUTH.example' }, expected: 'invalid', reason: '"iss"' },
  { label: 'iss and aud both required', options: { JWT_DECODE_ISSUER: 'https://auth.example', JWT_DECODE_AUDIENCE: 'api' }, claims: { iss: 'https://auth.example', aud: 'api' }, expected: 'accepted' },
  { label: 'iss right, aud wrong', options: { JWT_DECODE_ISSUER: 'https://auth.example', JWT_DECODE_AUDIENCE: 'api' }, claims: { iss: 'https://auth.example', aud: 'web' }, expected: 'invalid', reason: '"aud"' },
];

describe('claim checks', () => {
  describe('edges', () => {
    for (const { label, options, claims, now, expected, reason } of CASES) {
      it(label, () => {
        const config = buildConfig(options);
        const token = buildToken(claims);

        if (expected === 'accepted') {
          expect(decodeToken(config, token, now ?? NOW).sub).to.equal('user-1');
          return;
        }
        const error = catchError(() => decodeToken(config, token, now ?? NOW));
        if (expected === 'expired') {
          expect(error, 'error class').to.be.instanceOf(TokenExpiredError);
        } else {
          expect(error, 'error class').to.be.instanceOf(InvalidTokenError);
          expect((error as InvalidTokenError).reason, 'reason').to.include(reason);
        }
      });
    }
  });

  describe('issued by AuthX', () => {
    it('JWT_ENCODE_NBF token verified at once', () => {
      const auth = new AuthX({ JWT_SECRET_KEY: SECRET, JWT_ENCODE_NBF: true });
      const payload = auth.decodeToken(auth.createAccessToken({ uid: 'ada' }));
      expect(payload.nbf).to.equal(payload.iat);
    });

    it('JWT_ENCODE_NBF token before its nbf', () => {
      const auth = new AuthX({ JWT_SECRET_KEY: SECRET, JWT_ENCODE_NBF: true });
      const token = auth.createAccessToken({ uid: 'ada' });
      const error = catchError(() => decodeToken(auth.config, token, Date.now() / 1000 - 5));
      expect(error).to.be.instanceOf(InvalidTokenError);
    });

    it('encode and decode audience of one service', () => {
      const auth = new AuthX({ JWT_SECRET_KEY: SECRET, JWT_ENCODE_AUDIENCE: 'api', JWT_DECODE_AUDIENCE: 'api' });
      expect(auth.decodeToken(auth.createAccessToken({ uid: 'ada' })).aud).to.equal('api');
    });

    it('audience option outside JWT_DECODE_AUDIENCE', () => {
      const auth = new AuthX({ JWT_SECRET_KEY: SECRET, JWT_DECODE_AUDIENCE: 'api' });
      const error = catchError(() => auth.decodeToken(auth.createAccessToken({ uid: 'ada', audience: 'web' })));
      expect(error).to.be.instanceOf(InvalidTokenError);
    });

    it('encode and decode issuer of one service', () => {
      const auth = new AuthX({ JWT_SECRET_KEY: SECRET, JWT_ENCODE_ISSUER: 'https://auth.example', JWT_DECODE_ISSUER: 'https://auth.example' });
      expect(auth.decodeToken(auth.createAccessToken({ uid: 'ada' })).iss).to.equal('https://auth.example');
    });
  });
});
