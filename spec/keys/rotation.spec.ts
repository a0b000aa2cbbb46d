import { expect } from 'chai';
import { AuthX } from '../../src/authx';
import { Algorithm } from '../../src/core/algorithms';
import { AuthXConfigOptions } from '../../src/core/config';
import { forgeToken } from '../support/tokens';
import { PairKind, PemPair, accessClaims, generatePair, now, signWithKey, tokenHeader } from './key-pairs';
import { requestMe } from './support';

const OLD_SECRET = 'old-secret-retired-by-the-rotation-0123456789-abcdefghijklmnopq';
const NEW_SECRET = 'new-secret-introduced-by-the-rotation-0123456789-abcdefghijklmn';
const THIRD_SECRET = 'third-secret-from-an-earlier-rotation-0123456789-abcdefghijklm';

async function expectAccepted(auth: AuthX<any>, token: string, sub: string): Promise<void> {
  const response = await requestMe(auth, token);
  expect(response.status, 'status').to.equal(200);
  expect(response.body.sub, 'sub').to.equal(sub);
}

async function expectRejected(auth: AuthX<any>, token: string, errorType: 'InvalidTokenError' | 'TokenExpiredError'): Promise<void> {
  const response = await requestMe(auth, token);
  expect(response.status, 'status').to.equal(401);
  expect(response.body.error_type, 'error_type').to.equal(errorType);
  expect(response.body.message, 'message').to.equal(errorType === 'InvalidTokenError' ? 'Invalid Token' : 'Token has expired');
}

describe('key rotation', () => {
  describe('HMAC secret', () => {
    const oldService = new AuthX({ JWT_SECRET_KEY: OLD_SECRET });
    const rotated = new AuthX({ JWT_SECRET_KEY: NEW_SECRET, JWT_PREVIOUS_SECRET_KEY: OLD_SECRET });
    const finished = new AuthX({ JWT_SECRET_KEY: NEW_SECRET });
    const oldKid = oldService.config.keys.kid;
    const newKid = finished.config.keys.kid;

    it('old token accepted', async () => {
      await expectAccepted(rotated, oldService.createAccessToken({ uid: 'ada' }), 'ada');
    });

    it('old refresh token decodes', () => {
      expect(rotated.decodeToken(oldService.createRefreshToken({ uid: 'ada' })).type).to.equal('refresh');
    });

    it('new token accepted', async () => {
      await expectAccepted(rotated, rotated.createAccessToken({ uid: 'ada' }), 'ada');
    });

    it('new token carries the new kid', () => {
      expect(tokenHeader(rotated.createAccessToken({ uid: 'ada' })).kid).to.equal(newKid);
    });

    it('new kid differs from the old one', () => {
      expect(newKid).not.to.equal(oldKid);
    });

    it('ring lists the old kid', () => {
      expect(rotated.config.keys.previousKids).to.deep.equal([oldKid]);
    });

    it('old token rejected once the old secret is removed', async () => {
      await expectRejected(finished, oldService.createAccessToken({ uid: 'ada' }), 'InvalidTokenError');
    });

    it('expired old token reported as expired', async () => {
      const token = forgeToken({ alg: 'HS256', typ: 'JWT', kid: oldKid }, accessClaims('ada', { iat: now() - 1000, exp: now() - 100 }), OLD_SECRET);
      await expectRejected(rotated, token, 'TokenExpiredError');
    });

    it('expired old token invalid once removed', async () => {
      const token = forgeToken({ alg: 'HS256', typ: 'JWT', kid: oldKid }, accessClaims('ada', { iat: now() - 1000, exp: now() - 100 }), OLD_SECRET);
      await expectRejected(finished, token, 'InvalidTokenError');
    });

    it('old secret under the new kid rejected', async () => {
      const token = forgeToken({ alg: 'HS256', typ: 'JWT', kid: newKid }, accessClaims('ada'), OLD_SECRET);
      await expectRejected(rotated, token, 'InvalidTokenError');
    });

    it('old token without kid rejected', async () => {
      const token = forgeToken({ alg: 'HS256', typ: 'JWT' }, accessClaims('ada'), OLD_SECRET);
      await expectRejected(rotated, token, 'InvalidTokenError');
    });

    it('new token without kid accepted', async () => {
      const token = forgeToken({ alg: 'HS256', typ: 'JWT' }, accessClaims('ada'), NEW_SECRET);
      await expectAccepted(rotated, token, 'ada');
    });

    it('unknown kid rejected', async () => {
      const token = forgeToken({ alg: 'HS256', typ: 'JWT', kid: 'AAAAAAAAAAAAAAAA' }, accessClaims('ada'), NEW_SECRET);
      await expectRejected(rotated, token, 'InvalidTokenError');
    });

    it('two previous secrets', async () => {
      const oldest = new AuthX({ JWT_SECRET_KEY: THIRD_SECRET });
      const ring = new AuthX({ JWT_SECRET_KEY: NEW_SECRET, JWT_PREVIOUS_SECRET_KEY: [OLD_SECRET, THIRD_SECRET] });
      await expectAccepted(ring, oldService.createAccessToken({ uid: 'ada' }), 'ada');
      await expectAccepted(ring, oldest.createAccessToken({ uid: 'bob' }), 'bob');
    });

    it('previous secret equal to the current one', () => {
      const same = new AuthX({ JWT_SECRET_KEY: NEW_SECRET, JWT_PREVIOUS_SECRET_KEY: NEW_SECRET });
      expect(same.config.keys.previousKids).to.deep.equal([]);
    });

    it('new key staged as a previous key', async () => {
      // First step of a rotation across several instances: they learn the new key before any signs with it.
      const staged = new AuthX({ JWT_SECRET_KEY: OLD_SECRET, JWT_PREVIOUS_SECRET_KEY: NEW_SECRET });
      await expectAccepted(staged, finished.createAccessToken({ uid: 'ada' }), 'ada');
      expect(tokenHeader(staged.createAccessToken({ uid: 'ada' })).kid, 'signing kid').to.equal(oldKid);
    });
  });

  interface AsymmetricCase {
    label: string;
    old: { algorithm: Algorithm; kind: PairKind };
    next: { algorithm: Algorithm; kind: PairKind };
  }

  const cases: AsymmetricCase[] = [
    { label: 'RS256 key pair', old: { algorithm: 'RS256', kind: 'rsa' }, next: { algorithm: 'RS256', kind: 'rsa' } },
    { label: 'RS256 to PS256', old: { algorithm: 'RS256', kind: 'rsa' }, next: { algorithm: 'PS256', kind: 'rsa' } },
    { label: 'ES256 to ES384', old: { algorithm: 'ES256', kind: 'prime256v1' }, next: { algorithm: 'ES384', kind: 'secp384r1' } },
    { label: 'Ed25519 to Ed448', old: { algorithm: 'EdDSA', kind: 'ed25519' }, next: { algorithm: 'EdDSA', kind: 'ed448' } },
  ];

  for (const { label, old, next } of cases) {
    describe(label, () => {
      let oldPair: PemPair;
      let newPair: PemPair;
      let oldService: AuthX;
      let rotated: AuthX;
      let rotatedVerifier: AuthX;
      let finished: AuthX;

      before(() => {
        oldPair = generatePair(old.kind);
        newPair = generatePair(next.kind);
        const decodeAlgorithms = [...new Set([next.algorithm, old.algorithm])];
        const rotation: AuthXConfigOptions = { JWT_ALGORITHM: next.algorithm, JWT_DECODE_ALGORITHMS: decodeAlgorithms, JWT_PREVIOUS_PUBLIC_KEY: [oldPair.publicKey] };

        oldService = new AuthX({ JWT_ALGORITHM: old.algorithm, JWT_PRIVATE_KEY: oldPair.privateKey });
        rotated = new AuthX({ ...rotation, JWT_PRIVATE_KEY: newPair.privateKey });
        rotatedVerifier = new AuthX({ ...rotation, JWT_PUBLIC_KEY: newPair.publicKey });
        finished = new AuthX({ JWT_ALGORITHM: next.algorithm, JWT_PRIVATE_KEY: newPair.privateKey });
      });

      it('old token accepted', async () => {
        await expectAccepted(rotated, oldService.createAccessToken({ uid: 'ada' }), 'ada');
      });

      it('old token accepted by a verify-only service', async () => {
        await expectAccepted(rotatedVerifier, oldService.createAccessToken({ uid: 'ada' }), 'ada');
      });

      it('new token accepted by a verify-only service', async () => {
        await expectAccepted(rotatedVerifier, rotated.createAccessToken({ uid: 'ada' }), 'ada');
      });

      it('new token carries the new kid and algorithm', () => {
        const header = tokenHeader(rotated.createAccessToken({ uid: 'ada' }));
        expect(header.kid, 'kid').to.equal(finished.config.keys.kid);
        expect(header.alg, 'alg').to.equal(next.algorithm);
      });

      it('old token rejected once the old key is removed', async () => {
        await expectRejected(finished, oldService.createAccessToken({ uid: 'ada' }), 'InvalidTokenError');
      });

      it('expired old token reported as expired', async () => {
        const claims = accessClaims('ada', { iat: now() - 1000, exp: now() - 100 });
        const token = signWithKey(oldPair.privateKey, old.algorithm, oldService.config.keys.kid, claims);
        await expectRejected(rotated, token, 'TokenExpiredError');
      });

      it('old token without kid rejected', async () => {
        const token = signWithKey(oldPair.privateKey, old.algorithm, undefined, accessClaims('ada'));
        await expectRejected(rotated, token, 'InvalidTokenError');
      });

      it('old key under the new kid rejected', async () => {
        const token = signWithKey(oldPair.privateKey, old.algorithm, rotated.config.keys.kid, accessClaims('ada'));
        await expectRejected(rotated, token, 'InvalidTokenError');
      });
    });
  }

  describe('key and algorithm bound together', () => {
    let p256: PemPair;
    let p384: PemPair;
    let service: AuthX;

    before(() => {
      p256 = generatePair('prime256v1');
      p384 = generatePair('secp384r1');
      service = new AuthX({
        JWT_ALGORITHM: 'ES384',
        JWT_DECODE_ALGORITHMS: ['ES384', 'ES256'],
        JWT_PRIVATE_KEY: p384.privateKey,
        JWT_PREVIOUS_PUBLIC_KEY: p256.publicKey,
      });
    });

    it('ES256 under the kid of the P-384 key rejected', async () => {
      const attacker = generatePair('prime256v1');
      const token = signWithKey(attacker.privateKey, 'ES256', service.config.keys.kid, accessClaims('ada'));
      await expectRejected(service, token, 'InvalidTokenError');
    });

    it('ES256 with the previous P-256 key accepted', async () => {
      const kid = service.config.keys.previousKids[0];
      await expectAccepted(service, signWithKey(p256.privateKey, 'ES256', kid, accessClaims('ada')), 'ada');
    });

    it('ES384 label on the P-256 kid rejected', async () => {
      const kid = service.config.keys.previousKids[0];
      await expectRejected(service, signWithKey(p384.privateKey, 'ES384', kid, accessClaims('ada')), 'InvalidTokenError');
    });
  });
});
