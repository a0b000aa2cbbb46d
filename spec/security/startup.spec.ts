import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { AuthX, AuthXConfig, AuthXConfigError, AuthXConfigOptions } from '../../src';
import { generatePair } from '../keys/key-pairs';
import { SILENT_LOGGER } from '../support/conformance';

interface StartupRow {
  name: string;
  options: () => AuthXConfigOptions;
  /** The config key the error must name. */
  key: string;
}

function rsaPair(bits: number) {
  return generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

const weakRsa = rsaPair(1024);
const rsa = generatePair('rsa');
const ec = generatePair('prime256v1');
const publicJwk = JSON.stringify(createPublicKey(rsa.publicKey).export({ format: 'jwk' }));
const pkcs1Public = createPublicKey(rsa.publicKey).export({ type: 'pkcs1', format: 'pem' }).toString();

const rows: StartupRow[] = [
  { name: 'secret missing', options: () => ({}), key: 'JWT_SECRET_KEY' },
  { name: 'secret empty', options: () => ({ JWT_SECRET_KEY: '' }), key: 'JWT_SECRET_KEY' },
  { name: 'secret of 5 bytes', options: () => ({ JWT_SECRET_KEY: 'short' }), key: 'JWT_SECRET_KEY' },
  { name: 'secret of 31 bytes for HS256', options: () => ({ JWT_SECRET_KEY: 's'.repeat(31) }), key: 'JWT_SECRET_KEY' },
  { name: 'secret of 47 bytes for HS384', options: () => ({ JWT_ALGORITHM: 'HS384', JWT_SECRET_KEY: 's'.repeat(47) }), key: 'JWT_SECRET_KEY' },
  { name: 'secret of 40 bytes, HS512 accepted', options: () => ({ JWT_SECRET_KEY: 's'.repeat(40), JWT_DECODE_ALGORITHMS: ['HS256', 'HS512'] }), key: 'JWT_SECRET_KEY' },
  { name: 'secret a number', options: () => ({ JWT_SECRET_KEY: 12345678901234567890 as unknown as string }), key: 'JWT_SECRET_KEY' },
  { name: 'SPKI public key as secret', options: () => ({ JWT_SECRET_KEY: rsa.publicKey }), key: 'JWT_SECRET_KEY' },
  { name: 'PKCS#1 public key as secret', options: () => ({ JWT_SECRET_KEY: pkcs1Public }), key: 'JWT_SECRET_KEY' },
  { name: 'JWK public key as secret', options: () => ({ JWT_SECRET_KEY: publicJwk }), key: 'JWT_SECRET_KEY' },
  { name: 'private key as secret', options: () => ({ JWT_SECRET_KEY: rsa.privateKey }), key: 'JWT_SECRET_KEY' },
  { name: 'public key as previous secret', options: () => ({ JWT_SECRET_KEY: 's'.repeat(32), JWT_PREVIOUS_SECRET_KEY: rsa.publicKey }), key: 'JWT_PREVIOUS_SECRET_KEY' },
  { name: 'short previous secret', options: () => ({ JWT_SECRET_KEY: 's'.repeat(32), JWT_PREVIOUS_SECRET_KEY: 'old' }), key: 'JWT_PREVIOUS_SECRET_KEY' },
  { name: 'public key set for HS256', options: () => ({ JWT_SECRET_KEY: 's'.repeat(32), JWT_PUBLIC_KEY: rsa.publicKey }), key: 'JWT_PUBLIC_KEY' },
  { name: 'RSA 1024 private key', options: () => ({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: weakRsa.privateKey }), key: 'JWT_PRIVATE_KEY' },
  { name: 'RSA 1024 public key', options: () => ({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: weakRsa.publicKey }), key: 'JWT_PUBLIC_KEY' },
  { name: 'RSA 1024 for PS256', options: () => ({ JWT_ALGORITHM: 'PS256', JWT_PRIVATE_KEY: weakRsa.privateKey }), key: 'JWT_PRIVATE_KEY' },
  { name: 'RSA 1024 previous public key', options: () => ({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PREVIOUS_PUBLIC_KEY: weakRsa.publicKey }), key: 'JWT_PREVIOUS_PUBLIC_KEY' },
  { name: 'RS256 without keys', options: () => ({ JWT_ALGORITHM: 'RS256' }), key: 'JWT_PRIVATE_KEY' },
  { name: 'RS256 with a secret', options: () => ({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_SECRET_KEY: 's'.repeat(32) }), key: 'JWT_SECRET_KEY' },
  { name: 'RS256 with an EC key', options: () => ({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: ec.privateKey }), key: 'JWT_PRIVATE_KEY' },
  { name: 'private key as public key', options: () => ({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: rsa.privateKey }), key: 'JWT_PUBLIC_KEY' },
  { name: 'algorithm none', options: () => ({ JWT_ALGORITHM: 'none' as 'HS256', JWT_SECRET_KEY: 's'.repeat(32) }), key: 'JWT_ALGORITHM' },
  { name: 'algorithm NONE', options: () => ({ JWT_ALGORITHM: 'NONE' as 'HS256', JWT_SECRET_KEY: 's'.repeat(32) }), key: 'JWT_ALGORITHM' },
  { name: 'decode algorithms with none', options: () => ({ JWT_SECRET_KEY: 's'.repeat(32), JWT_DECODE_ALGORITHMS: ['HS256', 'none' as 'HS256'] }), key: 'JWT_DECODE_ALGORITHMS' },
  { name: 'decode algorithms of two families', options: () => ({ JWT_SECRET_KEY: 's'.repeat(32), JWT_DECODE_ALGORITHMS: ['HS256', 'RS256'] }), key: 'JWT_DECODE_ALGORITHMS' },
  { name: 'decode algorithms empty', options: () => ({ JWT_SECRET_KEY: 's'.repeat(32), JWT_DECODE_ALGORITHMS: [] }), key: 'JWT_DECODE_ALGORITHMS' },
];

/** Returns every string of `options` long enough to be key material, split into lines, as a leak would show it. */
function keyMaterial(options: AuthXConfigOptions): string[] {
  const values = Object.values(options).flat().filter((value): value is string => typeof value === 'string');
  return values.flatMap((value) => value.split('\n')).map((line) => line.trim()).filter((line) => line.length >= 8 && !line.startsWith('-----'));
}

describe('start-up refusals', () => {
  for (const row of rows) {
    it(row.name, () => {
      const options = row.options();
      let error: unknown;
      try {
        new AuthX(new AuthXConfig(options), { logger: SILENT_LOGGER });
      } catch (caught) {
        error = caught;
      }

      expect(error).to.be.instanceOf(AuthXConfigError);
      const configError = error as AuthXConfigError;
      expect(configError.key, 'key').to.equal(row.key);
      expect(configError.message, 'message names the key').to.include(row.key);
      for (const material of keyMaterial(options)) {
        expect(configError.message, 'message quotes key material').not.to.include(material);
      }
    });
  }

  it('fromEnv without JWT_SECRET_KEY', () => {
    expect(() => AuthXConfig.fromEnv({})).to.throw(AuthXConfigError).with.property('key', 'JWT_SECRET_KEY');
  });

  it('secret of 32 bytes starts', () => {
    expect(() => new AuthXConfig({ JWT_SECRET_KEY: 's'.repeat(32) })).not.to.throw();
  });

  it('RSA 2048 key starts', () => {
    expect(() => new AuthXConfig({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey })).not.to.throw();
  });
});
