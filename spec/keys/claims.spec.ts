import { expect } from 'chai';
import { AuthX } from '../../src/authx';
import { AuthXConfigOptions } from '../../src/core/config';
import { SECRET, forgeToken } from '../support/tokens';
import { accessClaims, now } from './key-pairs';
import { requestMe } from './support';

/**
 * Leeway of the time cases. Each case keeps at least 2 s between its claim and the edge, so
 * a slow request cannot move it to the other side.
 */
const LEEWAY = 30;

interface ClaimCase {
  label: string;
  options: AuthXConfigOptions;
  /** Claims set over those of a valid access token, computed when the case runs. */
  claims: () => Record<string, unknown>;
  expected: 200 | 'InvalidTokenError' | 'TokenExpiredError';
}

const CASES: ClaimCase[] = [
  // Audience.
  { label: 'aud string matches', options: { JWT_DECODE_AUDIENCE: 'api' }, claims: () => ({ aud: 'api' }), expected: 200 },
  { label: 'aud list contains the audience', options: { JWT_DECODE_AUDIENCE: 'api' }, claims: () => ({ aud: ['web', 'api'] }), expected: 200 },
  { label: 'aud string in the accepted list', options: { JWT_DECODE_AUDIENCE: ['api', 'admin'] }, claims: () => ({ aud: 'admin' }), expected: 200 },
  { label: 'aud list overlaps the accepted list', options: { JWT_DECODE_AUDIENCE: ['api', 'admin'] }, claims: () => ({ aud: ['web', 'admin'] }), expected: 200 },
  { label: 'aud mismatch', options: { JWT_DECODE_AUDIENCE: 'api' }, claims: () => ({ aud: 'web' }), expected: 'InvalidTokenError' },
  { label: 'aud list outside the accepted list', options: { JWT_DECODE_AUDIENCE: ['api', 'admin'] }, claims: () => ({ aud: ['web', 'mobile'] }), expected: 'InvalidTokenError' },
  { label: 'aud missing when required', options: { JWT_DECODE_AUDIENCE: 'api' }, claims: () => ({}), expected: 'InvalidTokenError' },
  { label: 'aud empty list when required', options: { JWT_DECODE_AUDIENCE: 'api' }, claims: () => ({ aud: [] }), expected: 'InvalidTokenError' },
  { label: 'aud prefix of the audience', options: { JWT_DECODE_AUDIENCE: 'api' }, claims: () => ({ aud: 'ap' }), expected: 'InvalidTokenError' },
  { label: 'aud not checked when not configured', options: {}, claims: () => ({ aud: 'anything' }), expected: 200 },

  // Issuer.
  { label: 'iss matches', options: { JWT_DECODE_ISSUER: 'https://auth.example' }, claims: () => ({ iss: 'https://auth.example' }), expected: 200 },
  { label: 'iss mismatch', options: { JWT_DECODE_ISSUER: 'https://auth.example' }, claims: () => ({ iss: 'https://evil.example' }), expected: 'InvalidTokenError' },
  { label: 'iss missing when required', options: { JWT_DECODE_ISSUER: 'https://auth.example' }, claims: () => ({}), expected: 'InvalidTokenError' },
  { label: 'iss in a list', options: { JWT_DECODE_ISSUER: 'https://auth.example' }, claims: () => ({ iss: ['https://auth.example'] }), expected: 'InvalidTokenError' },

  // Expiry without and with leeway.
  { label: 'exp 3 s ahead, no leeway', options: {}, claims: () => ({ exp: now() + 3 }), expected: 200 },
  { label: 'exp 1 s ago, no leeway', options: {}, claims: () => ({ exp: now() - 1 }), expected: 'TokenExpiredError' },
  { label: 'exp just inside leeway', options: { JWT_DECODE_LEEWAY: LEEWAY }, claims: () => ({ exp: now() - LEEWAY + 2 }), expected: 200 },
  { label: 'exp at the leeway edge', options: { JWT_DECODE_LEEWAY: LEEWAY }, claims: () => ({ exp: now() - LEEWAY }), expected: 'TokenExpiredError' },
  { label: 'exp just outside leeway', options: { JWT_DECODE_LEEWAY: LEEWAY }, claims: () => ({ exp: now() - LEEWAY - 2 }), expected: 'TokenExpiredError' },

  // Not-before without and with leeway.
  { label: 'nbf now, no leeway', options: {}, claims: () => ({ nbf: now() }), expected: 200 },
  { label: 'nbf 5 s ahead, no leeway', options: {}, claims: () => ({ nbf: now() + 5 }), expected: 'InvalidTokenError' },
  { label: 'nbf just inside leeway', options: { JWT_DECODE_LEEWAY: LEEWAY }, claims: () => ({ nbf: now() + LEEWAY - 2 }), expected: 200 },
  { label: 'nbf just outside leeway', options: { JWT_DECODE_LEEWAY: LEEWAY }, claims: () => ({ nbf: now() + LEEWAY + 3 }), expected: 'InvalidTokenError' },
  { label: 'iat just inside leeway', options: { JWT_DECODE_LEEWAY: LEEWAY }, claims: () => ({ iat: now() + LEEWAY - 2 }), expected: 200 },
  { label: 'iat just outside leeway', options: { JWT_DECODE_LEEWAY: LEEWAY }, claims: () => ({ iat: now() + LEEWAY + 3 }), expected: 'InvalidTokenError' },
];

const MESSAGES = { InvalidTokenError: 'Invalid Token', TokenExpiredError: 'Token has expired' };

function buildToken(claims: Record<string, unknown>): string {
  return forgeToken({ alg: 'HS256', typ: 'JWT' }, accessClaims('ada', claims));
}

describe('claims over HTTP', () => {
  for (const { label, options, claims, expected } of CASES) {
    it(label, async () => {
      const auth = new AuthX({ JWT_SECRET_KEY: SECRET, ...options });
      const response = await requestMe(auth, buildToken(claims()));

      if (expected === 200) {
        expect(response.status, 'status').to.equal(200);
        expect(response.body.sub, 'sub').to.equal('ada');
      } else {
        expect(response.status, 'status').to.equal(401);
        expect(response.body, 'body').to.deep.equal({ message: MESSAGES[expected], error_type: expected });
      }
    });
  }

  describe('tokens issued by AuthX', () => {
    const issuer = new AuthX({
      JWT_SECRET_KEY: SECRET,
      JWT_ENCODE_ISSUER: 'https://auth.example',
      JWT_ENCODE_AUDIENCE: ['api', 'reports'],
      JWT_ENCODE_NBF: true,
    });
    const api = new AuthX({ JWT_SECRET_KEY: SECRET, JWT_DECODE_ISSUER: 'https://auth.example', JWT_DECODE_AUDIENCE: 'api' });
    const reports = new AuthX({ JWT_SECRET_KEY: SECRET, JWT_DECODE_ISSUER: 'https://auth.example', JWT_DECODE_AUDIENCE: 'reports' });
    const billing = new AuthX({ JWT_SECRET_KEY: SECRET, JWT_DECODE_AUDIENCE: 'billing' });

    it('accepted by the api audience', async () => {
      const response = await requestMe(api, issuer.createAccessToken({ uid: 'ada' }));
      expect(response.body).to.deep.equal({ sub: 'ada', aud: ['api', 'reports'], iss: 'https://auth.example' });
    });

    it('accepted by the reports audience', async () => {
      const response = await requestMe(reports, issuer.createAccessToken({ uid: 'ada' }));
      expect(response.status).to.equal(200);
    });

    it('rejected by another audience', async () => {
      const response = await requestMe(billing, issuer.createAccessToken({ uid: 'ada' }));
      expect(response.body.error_type).to.equal('InvalidTokenError');
    });

    it('audience option narrows one token', async () => {
      const response = await requestMe(api, issuer.createAccessToken({ uid: 'ada', audience: 'reports' }));
      expect(response.body.error_type).to.equal('InvalidTokenError');
    });

    it('nbf from JWT_ENCODE_NBF accepted at once', async () => {
      const token = issuer.createAccessToken({ uid: 'ada' });
      const response = await requestMe(api, token);
      expect(response.status, 'status').to.equal(200);
      expect(issuer.decodeToken(token).nbf, 'nbf').to.equal(issuer.decodeToken(token).iat);
    });

    it('issuer of another service rejected', async () => {
      const other = new AuthX({ JWT_SECRET_KEY: SECRET, JWT_ENCODE_ISSUER: 'https://other.example', JWT_ENCODE_AUDIENCE: 'api' });
      const response = await requestMe(api, other.createAccessToken({ uid: 'ada' }));
      expect(response.body.error_type).to.equal('InvalidTokenError');
    });
  });
});
