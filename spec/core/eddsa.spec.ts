import { expect } from 'chai';
import { AuthX } from '../../src/authx';
import { AuthXConfig } from '../../src/core/config';
import { decodeToken } from '../../src/core/decode';
import { InvalidTokenError, TokenExpiredError } from '../../src/core/errors';
import { generatePair, signEdDSA, signWithKey } from '../keys/key-pairs';
import { nowSeconds } from '../support/tokens';
import { catchError, readSegment } from './support';

const NOW = nowSeconds();

function validClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub: 'user-1', type: 'access', jti: 'jti-1', iat: NOW, exp: NOW + 900, ...overrides };
}

function encodeSegment(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

describe('EdDSA', () => {
  const ed25519 = generatePair('ed25519');
  const ed448 = generatePair('ed448');
  const otherEd25519 = generatePair('ed25519');
  const config = new AuthXConfig({ JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: ed25519.privateKey });
  const kid = config.keys.kid;
  const auth = new AuthX(config);

  function signRaw(header: unknown, payload: unknown): string {
    return signEdDSA(ed25519.privateKey, header, payload);
  }

  describe('encoding', () => {
    const token = auth.createAccessToken({ uid: 'ada', headers: { cty: 'example' } });

    it('alg header', () => {
      expect(readSegment(token, 0).alg).to.equal('EdDSA');
    });

    it('kid header', () => {
      expect(readSegment(token, 0).kid).to.equal(kid);
    });

    it('typ header', () => {
      expect(readSegment(token, 0).typ).to.equal('JWT');
    });

    it('extra header kept', () => {
      expect(readSegment(token, 0).cty).to.equal('example');
    });

    it('signature of 64 bytes for Ed25519', () => {
      expect(Buffer.from(token.split('.')[2], 'base64url')).to.have.length(64);
    });

    it('signature of 114 bytes for Ed448', () => {
      const ed448Auth = new AuthX({ JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: ed448.privateKey });
      expect(Buffer.from(ed448Auth.createAccessToken({ uid: 'ada' }).split('.')[2], 'base64url')).to.have.length(114);
    });

    it('claims', () => {
      const payload = readSegment(token, 1);
      expect([payload.sub, payload.type]).to.deep.equal(['ada', 'access']);
    });

    it('refresh token round trip', () => {
      expect(auth.decodeToken(auth.createRefreshToken({ uid: 'ada' })).type).to.equal('refresh');
    });

    it('extra claims round trip', () => {
      const withData = new AuthX<{ tenant: string }>(config);
      expect(withData.decodeToken(withData.createAccessToken({ uid: 'ada', data: { tenant: 'acme' } })).extra.tenant).to.equal('acme');
    });
  });

  describe('accepted', () => {
    it('with kid', () => {
      expect(decodeToken(config, signWithKey(ed25519.privateKey, 'EdDSA', kid, validClaims()), NOW).sub).to.equal('user-1');
    });

    it('without kid', () => {
      expect(decodeToken(config, signWithKey(ed25519.privateKey, 'EdDSA', undefined, validClaims()), NOW).sub).to.equal('user-1');
    });

    it('raw segments signed by the key', () => {
      expect(decodeToken(config, signRaw({ alg: 'EdDSA' }, validClaims()), NOW).sub).to.equal('user-1');
    });
  });

  describe('rejected', () => {
    const valid = signWithKey(ed25519.privateKey, 'EdDSA', kid, validClaims());
    const [validHeader, validPayload, validSignature] = valid.split('.');

    const cases: { label: string; token: () => string; reason: string }[] = [
      { label: 'other Ed25519 key', token: () => signWithKey(otherEd25519.privateKey, 'EdDSA', kid, validClaims()), reason: 'invalid signature' },
      { label: 'Ed448 key', token: () => signWithKey(ed448.privateKey, 'EdDSA', kid, validClaims()), reason: 'invalid signature' },
      { label: 'payload swapped', token: () => `${validHeader}.${encodeSegment(validClaims({ sub: 'admin' }))}.${validSignature}`, reason: 'invalid signature' },
      { label: 'header swapped', token: () => `${encodeSegment({ alg: 'EdDSA', kid, typ: 'at+jwt' })}.${validPayload}.${validSignature}`, reason: 'invalid signature' },
      { label: 'signature truncated', token: () => `${validHeader}.${validPayload}.${validSignature.slice(0, -4)}`, reason: 'invalid signature' },
      { label: 'signature doubled', token: () => `${validHeader}.${validPayload}.${validSignature}${validSignature}`, reason: 'invalid signature' },
      { label: 'signature one byte', token: () => `${validHeader}.${validPayload}.AA`, reason: 'invalid signature' },
      { label: 'signature zeros', token: () => `${validHeader}.${validPayload}.${Buffer.alloc(64).toString('base64url')}`, reason: 'invalid signature' },
      { label: 'alg none', token: () => `${encodeSegment({ alg: 'none', kid })}.${validPayload}.${validSignature}`, reason: '"alg"' },
      { label: 'alg Ed25519', token: () => signRaw({ alg: 'Ed25519', kid }, validClaims()), reason: '"alg"' },
      { label: 'alg eddsa', token: () => signRaw({ alg: 'eddsa', kid }, validClaims()), reason: '"alg"' },
      { label: 'alg ES256', token: () => signRaw({ alg: 'ES256', kid }, validClaims()), reason: '"alg"' },
      { label: 'crit header', token: () => signRaw({ alg: 'EdDSA', kid, crit: ['exp'] }, validClaims()), reason: '"crit"' },
      { label: 'kid unknown', token: () => signRaw({ alg: 'EdDSA', kid: 'retired-key' }, validClaims()), reason: '"kid" names no key' },
      { label: 'kid number', token: () => signRaw({ alg: 'EdDSA', kid: 7 }, validClaims()), reason: '"kid" header' },
      { label: 'header not JSON', token: () => signRaw('not json', validClaims()), reason: 'header' },
      { label: 'payload not JSON', token: () => signRaw({ alg: 'EdDSA', kid }, 'not json'), reason: 'payload is not base64url-encoded JSON' },
      { label: 'payload array', token: () => signRaw({ alg: 'EdDSA', kid }, [validClaims()]), reason: 'payload is not a JSON object' },
      { label: 'payload null', token: () => signRaw({ alg: 'EdDSA', kid }, 'null'), reason: 'payload is not a JSON object' },
      { label: 'sub missing', token: () => signRaw({ alg: 'EdDSA', kid }, { ...validClaims(), sub: undefined }), reason: '"sub"' },
      { label: 'exp string', token: () => signRaw({ alg: 'EdDSA', kid }, validClaims({ exp: String(NOW + 900) })), reason: '"exp"' },
      { label: 'exp missing', token: () => signRaw({ alg: 'EdDSA', kid }, { ...validClaims(), exp: undefined }), reason: '"exp"' },
      { label: 'nbf in the future', token: () => signRaw({ alg: 'EdDSA', kid }, validClaims({ nbf: NOW + 60 })), reason: '"nbf"' },
      { label: 'five parts', token: () => `${valid}.${validSignature}.${validSignature}`, reason: 'compact JWS' },
      { label: 'empty signature', token: () => `${validHeader}.${validPayload}.`, reason: 'compact JWS' },
    ];

    for (const { label, token, reason } of cases) {
      it(label, () => {
        const error = catchError(() => decodeToken(config, token(), NOW));
        expect(error, 'error class').to.be.instanceOf(InvalidTokenError);
        expect(error.message, 'message').to.equal('Invalid Token');
        expect((error as InvalidTokenError).reason, 'reason').to.include(reason);
      });
    }

    it('expired', () => {
      const error = catchError(() => decodeToken(config, signWithKey(ed25519.privateKey, 'EdDSA', kid, validClaims({ exp: NOW - 1 })), NOW));
      expect(error).to.be.instanceOf(TokenExpiredError);
    });

    it('expired with a bad signature is invalid', () => {
      const token = signWithKey(otherEd25519.privateKey, 'EdDSA', kid, validClaims({ exp: NOW - 1 }));
      const error = catchError(() => decodeToken(config, token, NOW));
      expect(error).to.be.instanceOf(InvalidTokenError);
    });
  });
});
