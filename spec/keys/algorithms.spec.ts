import { expect } from 'chai';
import { AuthX } from '../../src/authx';
import { Algorithm } from '../../src/core/algorithms';
import { AuthXError } from '../../src/core/errors';
import { catchError } from '../core/support';
import { forgeToken } from '../support/tokens';
import { PairKind, PemPair, accessClaims, generatePair, signWithKey, tokenHeader } from './key-pairs';
import { requestMe } from './support';

interface AlgorithmCase {
  label: string;
  algorithm: Algorithm;
  kind: PairKind;
}

const CASES: AlgorithmCase[] = [
  { label: 'RS256', algorithm: 'RS256', kind: 'rsa' },
  { label: 'RS384', algorithm: 'RS384', kind: 'rsa' },
  { label: 'RS512', algorithm: 'RS512', kind: 'rsa' },
  { label: 'PS256', algorithm: 'PS256', kind: 'rsa' },
  { label: 'PS384', algorithm: 'PS384', kind: 'rsa' },
  { label: 'PS512', algorithm: 'PS512', kind: 'rsa' },
  { label: 'ES256', algorithm: 'ES256', kind: 'prime256v1' },
  { label: 'ES384', algorithm: 'ES384', kind: 'secp384r1' },
  { label: 'ES512', algorithm: 'ES512', kind: 'secp521r1' },
  { label: 'EdDSA Ed25519', algorithm: 'EdDSA', kind: 'ed25519' },
  { label: 'EdDSA Ed448', algorithm: 'EdDSA', kind: 'ed448' },
];

/** Key pairs shared by the whole file, by kind and slot, because RSA generation is the slow part. */
const pairs = new Map<string, PemPair>();

function pairOf(kind: PairKind, slot: 'main' | 'other' = 'main'): PemPair {
  let pair = pairs.get(`${kind}/${slot}`);
  if (!pair) {
    pair = generatePair(kind);
    pairs.set(`${kind}/${slot}`, pair);
  }
  return pair;
}

async function expectInvalid(auth: AuthX, token: string): Promise<void> {
  const response = await requestMe(auth, token);
  expect(response.status, 'status').to.equal(401);
  expect(response.body, 'body').to.deep.equal({ message: 'Invalid Token', error_type: 'InvalidTokenError' });
  expect(response.headers['www-authenticate'], 'WWW-Authenticate').to.equal('Bearer error="invalid_token"');
}

describe('asymmetric algorithms over HTTP', () => {
  for (const { label, algorithm, kind } of CASES) {
    describe(label, () => {
      let signer: AuthX;
      let verifier: AuthX;
      let token: string;

      before(() => {
        const pair = pairOf(kind);
        signer = new AuthX({ JWT_ALGORITHM: algorithm, JWT_PRIVATE_KEY: pair.privateKey });
        verifier = new AuthX({ JWT_ALGORITHM: algorithm, JWT_PUBLIC_KEY: pair.publicKey });
        token = signer.createAccessToken({ uid: 'ada', audience: 'api' });
      });

      it('round trip', async () => {
        const response = await requestMe(signer, token);
        expect(response.status, 'status').to.equal(200);
        expect(response.body, 'body').to.deep.equal({ sub: 'ada', aud: 'api', iss: null });
      });

      it('alg header', () => {
        expect(tokenHeader(token).alg).to.equal(algorithm);
      });

      it('kid header', () => {
        expect(tokenHeader(token).kid).to.equal(signer.config.keys.kid);
      });

      it('verify-only service accepts it', async () => {
        const response = await requestMe(verifier, token);
        expect(response.status, 'status').to.equal(200);
        expect(response.body.sub, 'sub').to.equal('ada');
      });

      it('verify-only service cannot sign', () => {
        const error = catchError(() => verifier.createAccessToken({ uid: 'ada' }));
        expect(error, 'error class').to.be.instanceOf(AuthXError);
        expect(error.message, 'message').to.include('Set JWT_PRIVATE_KEY to issue tokens');
      });

      it('payload tampered', async () => {
        const [header, , signature] = token.split('.');
        const payload = Buffer.from(JSON.stringify(accessClaims('admin'))).toString('base64url');
        await expectInvalid(verifier, `${header}.${payload}.${signature}`);
      });

      it('signed by another key of the same kind', async () => {
        const other = pairOf(kind, 'other');
        const forged = signWithKey(other.privateKey, algorithm, signer.config.keys.kid, accessClaims('ada'));
        await expectInvalid(verifier, forged);
      });
    });
  }

  describe('algorithm confusion', () => {
    let rsa: PemPair;
    let rsaService: AuthX;

    before(() => {
      rsa = pairOf('rsa');
      rsaService = new AuthX({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: rsa.publicKey });
    });

    it('HS256 signed with the public key PEM', async () => {
      const token = forgeToken({ alg: 'HS256', typ: 'JWT', kid: rsaService.config.keys.kid }, accessClaims('admin'), rsa.publicKey);
      await expectInvalid(rsaService, token);
    });

    it('HS256 with the public key PEM, no kid', async () => {
      await expectInvalid(rsaService, forgeToken({ alg: 'HS256', typ: 'JWT' }, accessClaims('admin'), rsa.publicKey));
    });

    it('HS256 with the public key DER', async () => {
      const der = Buffer.from(rsa.publicKey.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64').toString('latin1');
      await expectInvalid(rsaService, forgeToken({ alg: 'HS256', typ: 'JWT' }, accessClaims('admin'), der));
    });

    it('EdDSA token to an RS256 service', async () => {
      const ed25519 = pairOf('ed25519');
      const token = signWithKey(ed25519.privateKey, 'EdDSA', rsaService.config.keys.kid, accessClaims('admin'));
      await expectInvalid(rsaService, token);
    });

    it('RS256 token to an EdDSA service', async () => {
      const ed25519 = pairOf('ed25519');
      const edService = new AuthX({ JWT_ALGORITHM: 'EdDSA', JWT_PUBLIC_KEY: ed25519.publicKey });
      const token = signWithKey(rsa.privateKey, 'RS256', edService.config.keys.kid, accessClaims('admin'));
      await expectInvalid(edService, token);
    });

    it('PS256 token to an RS256 service', async () => {
      const token = signWithKey(rsa.privateKey, 'PS256', rsaService.config.keys.kid, accessClaims('ada'));
      await expectInvalid(rsaService, token);
    });

    it('alg none to an EdDSA service', async () => {
      const ed25519 = pairOf('ed25519');
      const edService = new AuthX({ JWT_ALGORITHM: 'EdDSA', JWT_PUBLIC_KEY: ed25519.publicKey });
      const header = Buffer.from(JSON.stringify({ alg: 'none', kid: edService.config.keys.kid })).toString('base64url');
      const payload = Buffer.from(JSON.stringify(accessClaims('admin'))).toString('base64url');
      await expectInvalid(edService, `${header}.${payload}.AAAA`);
    });
  });
});
