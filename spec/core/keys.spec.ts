import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { AuthX } from '../../src/authx';
import { AuthXConfig, AuthXConfigOptions } from '../../src/core/config';
import { decodeToken } from '../../src/core/decode';
import { AuthXConfigError, InvalidTokenError } from '../../src/core/errors';
import { generatePair } from '../keys/key-pairs';
import { SECRET, forgeToken, nowSeconds } from '../support/tokens';
import { catchError, readSegment } from './support';

const OLD_SECRET = 'old-secret-retired-by-the-rotation-0123456789-abcdefghijklmnopq';
const SHORT_SECRET = 'ten-bytes!';

/** Builds a config from options that the type system would reject, as JavaScript callers can. */
function buildConfig(options: Record<string, unknown>): AuthXConfig {
  return new AuthXConfig(options as AuthXConfigOptions);
}

function catchConfigError(options: Record<string, unknown>): AuthXConfigError {
  const error = catchError(() => buildConfig(options));
  expect(error, 'error class').to.be.instanceOf(AuthXConfigError);
  return error as AuthXConfigError;
}

function catchEnvError(env: Record<string, string>): AuthXConfigError {
  const error = catchError(() => AuthXConfig.fromEnv(env));
  expect(error, 'error class').to.be.instanceOf(AuthXConfigError);
  return error as AuthXConfigError;
}

function generatePssPair(hashAlgorithm?: string): { publicKey: string; privateKey: string } {
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  if (hashAlgorithm === undefined) {
    return generateKeyPairSync('rsa-pss', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding });
  }
  return generateKeyPairSync('rsa-pss', {
    modulusLength: 2048,
    hashAlgorithm,
    mgf1HashAlgorithm: hashAlgorithm,
    publicKeyEncoding,
    privateKeyEncoding,
  });
}

function generateSmallRsaPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 1024,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

describe('key ring', () => {
  const rsa = generatePair('rsa');
  const oldRsa = generatePair('rsa');
  const p256 = generatePair('prime256v1');
  const p384 = generatePair('secp384r1');
  const ed25519 = generatePair('ed25519');
  const ed448 = generatePair('ed448');

  describe('JWT_PREVIOUS_SECRET_KEY', () => {
    it('one secret', () => {
      const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: OLD_SECRET });
      expect(config.keys.previousKids).to.have.length(1);
    });

    it('list of secrets', () => {
      const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: [OLD_SECRET, `${OLD_SECRET}-2`] });
      expect(config.keys.previousKids).to.have.length(2);
    });

    it('previous kids in configured order', () => {
      const first = new AuthXConfig({ JWT_SECRET_KEY: OLD_SECRET }).keys.kid;
      const second = new AuthXConfig({ JWT_SECRET_KEY: `${OLD_SECRET}-2` }).keys.kid;
      const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: [OLD_SECRET, `${OLD_SECRET}-2`] });
      expect(config.keys.previousKids).to.deep.equal([first, second]);
    });

    it('empty list means none', () => {
      const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: [] });
      expect(config.keys.previousKids).to.deep.equal([]);
    });

    it('current kid unchanged by previous secrets', () => {
      const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: OLD_SECRET });
      expect(config.keys.kid).to.equal(new AuthXConfig({ JWT_SECRET_KEY: SECRET }).keys.kid);
    });

    it('signing uses the current secret', () => {
      const auth = new AuthX({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: OLD_SECRET });
      const current = new AuthX({ JWT_SECRET_KEY: SECRET });
      expect(current.decodeToken(auth.createAccessToken({ uid: 'ada' })).sub).to.equal('ada');
    });

    it('short', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: SHORT_SECRET });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_SECRET_KEY');
      expect(error.message, 'message').to.include('JWT_PREVIOUS_SECRET_KEY is 10 bytes long; HS256 needs at least 32');
    });

    it('short entry of a list', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: [OLD_SECRET, SHORT_SECRET] });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_SECRET_KEY');
      expect(error.message, 'message').to.include('JWT_PREVIOUS_SECRET_KEY[1] is 10 bytes long');
    });

    it('short for HS512 in JWT_DECODE_ALGORITHMS', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_DECODE_ALGORITHMS: ['HS256', 'HS512'], JWT_PREVIOUS_SECRET_KEY: 'x'.repeat(40) });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_SECRET_KEY');
      expect(error.message, 'message').to.include('HS512 needs at least 64');
    });

    it('current secret message names the strictest algorithm', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: 'x'.repeat(40), JWT_DECODE_ALGORITHMS: ['HS256', 'HS512'] });
      expect(error.key, 'key').to.equal('JWT_SECRET_KEY');
      expect(error.message, 'message').to.include('HS512 needs at least 64');
    });

    it('empty string', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: '' });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_SECRET_KEY');
      expect(error.message, 'message').to.include('is empty');
    });

    const keyLike: [string, string][] = [
      ['PEM public key', rsa.publicKey],
      ['PEM private key', rsa.privateKey],
      ['JWK', '{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0xMjM0"}'],
    ];
    for (const [label, value] of keyLike) {
      it(label, () => {
        const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: [value] });
        expect(error.key, 'key').to.equal('JWT_PREVIOUS_SECRET_KEY');
        expect(error.message, 'message').to.include('looks like a PEM or JWK key');
      });
    }

    it('with RS256', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_SECRET_KEY: OLD_SECRET });
      expect(error.key).to.equal('JWT_PREVIOUS_SECRET_KEY');
    });

    it('message omits the secret', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: SHORT_SECRET });
      expect(error.message).not.to.include(SHORT_SECRET);
    });

    const wrongTypes: [string, unknown][] = [['number', 42], ['list with a number', [OLD_SECRET, 1]], ['object', { secret: OLD_SECRET }], ['null', null]];
    for (const [label, value] of wrongTypes) {
      it(`wrong type: ${label}`, () => {
        const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: value });
        expect(error.key, 'key').to.equal('JWT_PREVIOUS_SECRET_KEY');
        expect(error.message, 'message').to.include('must be a string or a list of strings');
      });
    }
  });

  describe('JWT_PREVIOUS_PUBLIC_KEY', () => {
    it('one key', () => {
      const config = new AuthXConfig({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_PUBLIC_KEY: oldRsa.publicKey });
      expect(config.keys.previousKids).to.deep.equal([new AuthXConfig({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: oldRsa.publicKey }).keys.kid]);
    });

    it('verify-only service with previous keys', () => {
      const config = new AuthXConfig({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: rsa.publicKey, JWT_PREVIOUS_PUBLIC_KEY: [oldRsa.publicKey] });
      expect(config.keys.signingKey).to.equal(undefined);
    });

    it('previous key equal to the current one', () => {
      const config = new AuthXConfig({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_PUBLIC_KEY: rsa.publicKey });
      expect(config.keys.previousKids).to.deep.equal([]);
    });

    it('1024-bit RSA key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_PUBLIC_KEY: generateSmallRsaPair().publicKey });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_PUBLIC_KEY');
      expect(error.message, 'key size').to.include('1024-bit');
      expect(error.message, 'needed size').to.include('2048');
    });

    it('EC key with RS256', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_PUBLIC_KEY: p256.publicKey });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_PUBLIC_KEY');
      expect(error.message, 'message').to.include('needs an RSA key');
    });

    it('P-384 key with ES256', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: p256.privateKey, JWT_PREVIOUS_PUBLIC_KEY: p384.publicKey });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_PUBLIC_KEY');
      expect(error.message, 'message').to.include('secp384r1');
    });

    it('P-384 key with ES256 and ES384 accepted', () => {
      const config = new AuthXConfig({ JWT_ALGORITHM: 'ES256', JWT_DECODE_ALGORITHMS: ['ES256', 'ES384'], JWT_PRIVATE_KEY: p256.privateKey, JWT_PREVIOUS_PUBLIC_KEY: p384.publicKey });
      expect(config.keys.previousKids).to.have.length(1);
    });

    it('Ed448 key with Ed25519 current key', () => {
      const config = new AuthXConfig({ JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: ed25519.privateKey, JWT_PREVIOUS_PUBLIC_KEY: ed448.publicKey });
      expect(config.keys.previousKids).to.have.length(1);
    });

    it('RSA key with EdDSA', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: ed25519.privateKey, JWT_PREVIOUS_PUBLIC_KEY: rsa.publicKey });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_PUBLIC_KEY');
      expect(error.message, 'message').to.include('Ed25519 or Ed448');
    });

    it('entry of a list named by index', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_PUBLIC_KEY: [oldRsa.publicKey, p256.publicKey] });
      expect(error.message).to.include('JWT_PREVIOUS_PUBLIC_KEY[1] is an EC key');
    });

    it('not PEM', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_PUBLIC_KEY: 'not a key' });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_PUBLIC_KEY');
      expect(error.message, 'message').to.include('not a valid PEM public key');
    });

    it('private key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_PUBLIC_KEY: oldRsa.privateKey });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_PUBLIC_KEY');
      expect(error.message, 'message').to.include('contains a private key');
    });

    it('private key message omits the key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_PUBLIC_KEY: oldRsa.privateKey });
      expect(error.message).not.to.include(oldRsa.privateKey.split('\n')[1]);
    });

    it('with HS256', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_PUBLIC_KEY: rsa.publicKey });
      expect(error.key).to.equal('JWT_PREVIOUS_PUBLIC_KEY');
    });

    it('empty list with HS256', () => {
      expect(new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_PUBLIC_KEY: [] }).keys.family).to.equal('hmac');
    });
  });

  describe('JWT_PUBLIC_KEY', () => {
    it('private key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: rsa.privateKey });
      expect(error.key, 'key').to.equal('JWT_PUBLIC_KEY');
      expect(error.message, 'message').to.include('contains a private key');
    });
  });

  describe('EdDSA', () => {
    it('Ed25519 key', () => {
      expect(new AuthXConfig({ JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: ed25519.privateKey }).keys.family).to.equal('okp');
    });

    it('Ed448 key', () => {
      expect(new AuthXConfig({ JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: ed448.privateKey }).keys.family).to.equal('okp');
    });

    it('Ed25519 public key only', () => {
      expect(new AuthXConfig({ JWT_ALGORITHM: 'EdDSA', JWT_PUBLIC_KEY: ed25519.publicKey }).keys.signingKey).to.equal(undefined);
    });

    it('RSA key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: rsa.privateKey });
      expect(error.key, 'key').to.equal('JWT_PRIVATE_KEY');
      expect(error.message, 'message').to.include('2048-bit RSA key, but EdDSA needs an Ed25519 or Ed448 key');
    });

    it('EC key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'EdDSA', JWT_PUBLIC_KEY: p256.publicKey });
      expect(error.key).to.equal('JWT_PUBLIC_KEY');
    });

    it('X25519 key', () => {
      const x25519 = generateKeyPairSync('x25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      const error = catchConfigError({ JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: x25519.privateKey });
      expect(error.message).to.include('x25519');
    });

    it('Ed25519 key with ES256', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: ed25519.privateKey });
      expect(error.message).to.include('an Ed25519 key, but ES256 needs an EC key on P-256');
    });

    it('Ed25519 key with RS256', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: ed25519.privateKey });
      expect(error.key).to.equal('JWT_PRIVATE_KEY');
    });

    it('mixed with ES256 in JWT_DECODE_ALGORITHMS', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: ed25519.privateKey, JWT_DECODE_ALGORITHMS: ['EdDSA', 'ES256'] });
      expect(error.key).to.equal('JWT_DECODE_ALGORITHMS');
    });

    it('with JWT_SECRET_KEY', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: ed25519.privateKey, JWT_SECRET_KEY: SECRET });
      expect(error.key).to.equal('JWT_SECRET_KEY');
    });

    it('HS256 with an Ed25519 JWT_PRIVATE_KEY', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_PRIVATE_KEY: ed25519.privateKey });
      expect(error.message).to.include('EdDSA');
    });
  });

  describe('RSA-PSS keys', () => {
    const pss256 = generatePssPair('sha256');

    it('PS256 round trip', () => {
      const auth = new AuthX({ JWT_ALGORITHM: 'PS256', JWT_PRIVATE_KEY: pss256.privateKey });
      expect(auth.decodeToken(auth.createAccessToken({ uid: 'ada' })).sub).to.equal('ada');
    });

    it('RS256', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: pss256.privateKey });
      expect(error.key, 'key').to.equal('JWT_PRIVATE_KEY');
      expect(error.message, 'message').to.include('RSA-PSS key restricted to sha256');
    });

    it('PS384 with a SHA-256 key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'PS384', JWT_PRIVATE_KEY: pss256.privateKey });
      expect(error.message).to.include('restricted to SHA-384');
    });

    it('PS256 with an unrestricted key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'PS256', JWT_PRIVATE_KEY: generatePssPair().privateKey });
      expect(error.key).to.equal('JWT_PRIVATE_KEY');
    });

    it('RS256 in JWT_DECODE_ALGORITHMS', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'PS256', JWT_DECODE_ALGORITHMS: ['PS256', 'RS256'], JWT_PRIVATE_KEY: pss256.privateKey });
      expect(error.key, 'key').to.equal('JWT_DECODE_ALGORITHMS');
      expect(error.message, 'message').to.include('lists RS256');
    });
  });

  describe('JWT_DECODE_ALGORITHMS without a fitting key', () => {
    it('ES384 next to a P-256 key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'ES256', JWT_DECODE_ALGORITHMS: ['ES256', 'ES384'], JWT_PRIVATE_KEY: p256.privateKey });
      expect(error.key, 'key').to.equal('JWT_DECODE_ALGORITHMS');
      expect(error.message, 'message').to.include('P-384');
    });
  });

  describe('fromEnv', () => {
    const pemWithCommas = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'Proc-Type: 4,ENCRYPTED',
      'DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF',
      '',
      'AAAA',
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');

    it('secret with commas is one secret', () => {
      const secret = `${OLD_SECRET},with,commas`;
      const config = AuthXConfig.fromEnv({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: secret });
      expect(config.JWT_PREVIOUS_SECRET_KEY).to.equal(secret);
    });

    it('JSON list of secrets', () => {
      const config = AuthXConfig.fromEnv({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: JSON.stringify([OLD_SECRET, `${OLD_SECRET}-2`]) });
      expect(config.keys.previousKids).to.have.length(2);
    });

    it('empty JSON list', () => {
      const config = AuthXConfig.fromEnv({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: '[]' });
      expect(config.keys.previousKids).to.deep.equal([]);
    });

    it('PEM public key', () => {
      const config = AuthXConfig.fromEnv({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_PUBLIC_KEY: oldRsa.publicKey });
      expect(config.keys.previousKids).to.have.length(1);
    });

    it('JSON list of PEM public keys', () => {
      const env = { JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: ed25519.privateKey, JWT_PREVIOUS_PUBLIC_KEY: JSON.stringify([ed448.publicKey, generatePair('ed25519').publicKey]) };
      expect(AuthXConfig.fromEnv(env).keys.previousKids).to.have.length(2);
    });

    it('PEM text with commas not split', () => {
      const error = catchEnvError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_PUBLIC_KEY: pemWithCommas });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_PUBLIC_KEY');
      expect(error.message, 'message').to.include('contains a private key');
    });

    it('list that is not JSON', () => {
      const error = catchEnvError({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: `["${OLD_SECRET}"` });
      expect(error.key, 'key').to.equal('JWT_PREVIOUS_SECRET_KEY');
      expect(error.message, 'message').to.include('not a JSON list of strings');
    });

    it('JSON list of numbers', () => {
      const error = catchEnvError({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: '[1, 2]' });
      expect(error.key).to.equal('JWT_PREVIOUS_SECRET_KEY');
    });

    it('JSON list message omits the value', () => {
      const error = catchEnvError({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: `["${OLD_SECRET}"` });
      expect(error.message).not.to.include(OLD_SECRET);
    });
  });

  describe('lookup', () => {
    const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: OLD_SECRET, JWT_DECODE_ALGORITHMS: ['HS256', 'HS384'] });
    const previousKid = config.keys.previousKids[0];

    it('no kid gives the current key', () => {
      expect(config.keys.verificationKey(undefined)?.kid).to.equal(config.keys.kid);
    });

    it('current kid', () => {
      expect(config.keys.verificationKey(config.keys.kid)?.kid).to.equal(config.keys.kid);
    });

    it('previous kid', () => {
      expect(config.keys.verificationKey(previousKid)?.kid).to.equal(previousKid);
    });

    it('unknown kid', () => {
      expect(config.keys.verificationKey('AAAAAAAAAAAAAAAA')).to.equal(undefined);
    });

    it('inherited property name as kid', () => {
      expect(config.keys.verificationKey('constructor')).to.equal(undefined);
    });

    it('algorithms of an HMAC key', () => {
      expect(config.keys.verificationKey(previousKid)?.algorithms).to.deep.equal(['HS256', 'HS384']);
    });

    it('previous kids frozen', () => {
      expect(Object.isFrozen(config.keys.previousKids)).to.equal(true);
    });

    it('entry frozen', () => {
      expect(Object.isFrozen(config.keys.verificationKey(previousKid))).to.equal(true);
    });

    it('kid is 16 base64url characters', () => {
      expect(previousKid).to.match(/^[A-Za-z0-9_-]{16}$/);
    });
  });

  describe('decodeToken with previous keys', () => {
    const NOW = nowSeconds();
    const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_PREVIOUS_SECRET_KEY: OLD_SECRET });
    const claims = { sub: 'ada', type: 'access', jti: 'jti-1', iat: NOW, exp: NOW + 900 };
    const oldKid = config.keys.previousKids[0];

    it('previous kid accepted', () => {
      expect(decodeToken(config, forgeToken({ alg: 'HS256', kid: oldKid }, claims, OLD_SECRET), NOW).sub).to.equal('ada');
    });

    it('previous secret without kid', () => {
      const error = catchError(() => decodeToken(config, forgeToken({ alg: 'HS256' }, claims, OLD_SECRET), NOW));
      expect((error as InvalidTokenError).reason).to.include('invalid signature');
    });

    it('unknown kid reason', () => {
      const error = catchError(() => decodeToken(config, forgeToken({ alg: 'HS256', kid: 'AAAAAAAAAAAAAAAA' }, claims, OLD_SECRET), NOW));
      expect((error as InvalidTokenError).reason).to.include('"kid" names no key');
    });

    it('current secret under the previous kid', () => {
      const error = catchError(() => decodeToken(config, forgeToken({ alg: 'HS256', kid: oldKid }, claims, SECRET), NOW));
      expect((error as InvalidTokenError).reason).to.include('invalid signature');
    });

    it('alg that does not fit the kid', () => {
      const es = new AuthXConfig({ JWT_ALGORITHM: 'ES256', JWT_DECODE_ALGORITHMS: ['ES256', 'ES384'], JWT_PRIVATE_KEY: p256.privateKey, JWT_PREVIOUS_PUBLIC_KEY: p384.publicKey });
      const header = { alg: 'ES384', kid: es.keys.kid };
      const token = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.AAAA`;
      const error = catchError(() => decodeToken(es, token, NOW));
      expect((error as InvalidTokenError).reason).to.include('"alg" does not fit');
    });

    it('tokens carry the current kid', () => {
      const auth = new AuthX(config);
      expect(readSegment(auth.createAccessToken({ uid: 'ada' }), 0).kid).to.equal(config.keys.kid);
    });
  });
});
