import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { AuthX } from '../../src/authx';
import { AuthXConfig, AuthXConfigOptions } from '../../src/core/config';
import { AuthXConfigError, AuthXError } from '../../src/core/errors';
import { SECRET } from '../support/tokens';
import { catchError } from './support';

function generateRsaPair(modulusLength: number): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function generateEcPair(namedCurve: string): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('ec', {
    namedCurve,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** Builds a config from options that the type system would reject, as JavaScript callers can. */
function buildConfig(options: Record<string, unknown>): AuthXConfig {
  return new AuthXConfig(options as AuthXConfigOptions);
}

function catchConfigError(options: Record<string, unknown>): AuthXConfigError {
  const error = catchError(() => buildConfig(options));
  expect(error).to.be.instanceOf(AuthXConfigError);
  return error as AuthXConfigError;
}

describe('AuthXConfig', () => {
  describe('defaults', () => {
    const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET });

    it('JWT_ALGORITHM', () => {
      expect(config.JWT_ALGORITHM).to.equal('HS256');
    });

    it('JWT_DECODE_ALGORITHMS', () => {
      expect(config.JWT_DECODE_ALGORITHMS).to.deep.equal(['HS256']);
    });

    it('JWT_TOKEN_LOCATION', () => {
      expect(config.JWT_TOKEN_LOCATION).to.deep.equal(['headers']);
    });

    it('JWT_HEADER_NAME', () => {
      expect(config.JWT_HEADER_NAME).to.equal('Authorization');
    });

    it('JWT_HEADER_TYPE', () => {
      expect(config.JWT_HEADER_TYPE).to.equal('Bearer');
    });

    it('JWT_ACCESS_TOKEN_EXPIRES', () => {
      expect(config.JWT_ACCESS_TOKEN_EXPIRES).to.equal(900);
    });

    it('JWT_REFRESH_TOKEN_EXPIRES', () => {
      expect(config.JWT_REFRESH_TOKEN_EXPIRES).to.equal(20 * 24 * 3600);
    });

    it('JWT_DECODE_LEEWAY', () => {
      expect(config.JWT_DECODE_LEEWAY).to.equal(0);
    });

    it('JWT_ENCODE_NBF', () => {
      expect(config.JWT_ENCODE_NBF).to.equal(false);
    });

    it('no issuer or audience', () => {
      expect([config.JWT_ENCODE_ISSUER, config.JWT_DECODE_ISSUER, config.JWT_ENCODE_AUDIENCE, config.JWT_DECODE_AUDIENCE])
        .to.deep.equal([undefined, undefined, undefined, undefined]);
    });

    it('JWT_DECODE_ALGORITHMS follows JWT_ALGORITHM', () => {
      const hs384 = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_ALGORITHM: 'HS384' });
      expect(hs384.JWT_DECODE_ALGORITHMS).to.deep.equal(['HS384']);
    });

    it('undefined value keeps the default', () => {
      const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_HEADER_NAME: undefined });
      expect(config.JWT_HEADER_NAME).to.equal('Authorization');
    });
  });

  describe('unknown key', () => {
    it('JWT_SECRET suggests JWT_SECRET_KEY', () => {
      const error = catchConfigError({ JWT_SECRET: SECRET });
      expect(error.message).to.include('Did you mean JWT_SECRET_KEY?');
    });

    it('JWT_SECRETKEY suggests JWT_SECRET_KEY', () => {
      const error = catchConfigError({ JWT_SECRETKEY: SECRET });
      expect(error.message).to.include('Did you mean JWT_SECRET_KEY?');
    });

    it('lower-case name suggests the key', () => {
      const error = catchConfigError({ jwt_algorithm: 'HS256', JWT_SECRET_KEY: SECRET });
      expect(error.message).to.include('Did you mean JWT_ALGORITHM?');
    });

    it('unrelated name lists the known keys', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, port: 3000 });
      expect(error.message).to.include('Known keys: JWT_SECRET_KEY');
    });

    it('key names the unknown key', () => {
      const error = catchConfigError({ JWT_SECRET: SECRET });
      expect(error.key).to.equal('JWT_SECRET');
    });

    it('message names the unknown key', () => {
      const error = catchConfigError({ JWT_SECRET: SECRET });
      expect(error.message).to.include('JWT_SECRET');
    });

    it('message omits the value', () => {
      const error = catchConfigError({ JWT_SECRET: SECRET });
      expect(error.message).not.to.include(SECRET);
    });

    it('rejected even when undefined', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_NOT_A_SETTING: undefined });
      expect(error.key).to.equal('JWT_NOT_A_SETTING');
    });
  });

  describe('wrong value', () => {
    const cases: { key: string; value: unknown; label: string; expected: string }[] = [
      { key: 'JWT_SECRET_KEY', value: 123456, label: 'number', expected: 'a string' },
      { key: 'JWT_SECRET_KEY', value: null, label: 'null', expected: 'a string' },
      { key: 'JWT_PRIVATE_KEY', value: 42, label: 'number', expected: 'a string' },
      { key: 'JWT_PUBLIC_KEY', value: { kty: 'RSA' }, label: 'object', expected: 'a string' },
      { key: 'JWT_ALGORITHM', value: 'HS257', label: 'unknown name', expected: 'one of HS256, HS384, HS512, RS256' },
      { key: 'JWT_ALGORITHM', value: 'none', label: 'none', expected: 'one of HS256' },
      { key: 'JWT_ALGORITHM', value: 'hs256', label: 'lower case', expected: 'one of HS256' },
      { key: 'JWT_ALGORITHM', value: ['HS256'], label: 'array', expected: 'one of HS256' },
      { key: 'JWT_DECODE_ALGORITHMS', value: [], label: 'empty list', expected: 'a non-empty list of HS256' },
      { key: 'JWT_DECODE_ALGORITHMS', value: ['HS256', 'none'], label: 'list with none', expected: 'a non-empty list of HS256' },
      { key: 'JWT_DECODE_ALGORITHMS', value: 256, label: 'number', expected: 'a non-empty list of HS256' },
      { key: 'JWT_TOKEN_LOCATION', value: ['header'], label: 'misspelled location', expected: 'headers, cookies, query, json' },
      { key: 'JWT_TOKEN_LOCATION', value: [], label: 'empty list', expected: 'a non-empty list of headers' },
      { key: 'JWT_TOKEN_LOCATION', value: true, label: 'boolean', expected: 'a non-empty list of headers' },
      { key: 'JWT_HEADER_NAME', value: 'X Auth', label: 'space', expected: 'an HTTP header name' },
      { key: 'JWT_HEADER_NAME', value: '', label: 'empty', expected: 'an HTTP header name' },
      { key: 'JWT_HEADER_NAME', value: 'X-Token\r\n', label: 'line break', expected: 'an HTTP header name' },
      { key: 'JWT_HEADER_TYPE', value: 'Bearer token', label: 'space', expected: 'an authentication scheme' },
      { key: 'JWT_HEADER_TYPE', value: 7, label: 'number', expected: 'an authentication scheme' },
      { key: 'JWT_ACCESS_TOKEN_EXPIRES', value: 0, label: 'zero', expected: 'a positive number of seconds' },
      { key: 'JWT_ACCESS_TOKEN_EXPIRES', value: -60, label: 'negative', expected: 'a positive number of seconds' },
      { key: 'JWT_ACCESS_TOKEN_EXPIRES', value: Infinity, label: 'Infinity', expected: 'a positive number of seconds' },
      { key: 'JWT_ACCESS_TOKEN_EXPIRES', value: NaN, label: 'NaN', expected: 'a positive number of seconds' },
      { key: 'JWT_ACCESS_TOKEN_EXPIRES', value: '15 minutes', label: 'unit spelled out', expected: 'a duration such as "15m"' },
      { key: 'JWT_ACCESS_TOKEN_EXPIRES', value: '1.5h', label: 'fractional duration', expected: 'a duration such as "15m"' },
      { key: 'JWT_ACCESS_TOKEN_EXPIRES', value: true, label: 'true', expected: 'or false for tokens that never expire' },
      { key: 'JWT_REFRESH_TOKEN_EXPIRES', value: 'forever', label: 'word', expected: 'a positive number of seconds' },
      { key: 'JWT_REFRESH_TOKEN_EXPIRES', value: '0d', label: 'zero days', expected: 'a positive number of seconds' },
      { key: 'JWT_ENCODE_ISSUER', value: 7, label: 'number', expected: 'a string' },
      { key: 'JWT_DECODE_ISSUER', value: ['https://issuer.example'], label: 'array', expected: 'a string' },
      { key: 'JWT_ENCODE_AUDIENCE', value: [], label: 'empty list', expected: 'a string or a list of strings' },
      { key: 'JWT_DECODE_AUDIENCE', value: ['api', 1], label: 'list with a number', expected: 'a string or a list of strings' },
      { key: 'JWT_DECODE_LEEWAY', value: -1, label: 'negative', expected: 'a number of seconds, 0 or more' },
      { key: 'JWT_DECODE_LEEWAY', value: '10', label: 'string', expected: 'a number of seconds, 0 or more' },
      { key: 'JWT_DECODE_LEEWAY', value: NaN, label: 'NaN', expected: 'a number of seconds, 0 or more' },
      { key: 'JWT_ENCODE_NBF', value: 'true', label: 'string', expected: 'true or false' },
      { key: 'JWT_ENCODE_NBF', value: 1, label: 'number', expected: 'true or false' },
    ];

    for (const { key, value, label, expected } of cases) {
      it(`${key} ${label}`, () => {
        const error = catchConfigError({ JWT_SECRET_KEY: SECRET, [key]: value });
        expect(error.key, 'key').to.equal(key);
        expect(error.message, 'message names the key').to.include(`${key} must be`);
        expect(error.message, 'message names what is expected').to.include(expected);
        expect(error.code, 'code').to.equal('ERR_AUTHX_CONFIG');
      });
    }

    it('options not an object', () => {
      const error = catchError(() => new AuthXConfig(undefined as unknown as AuthXConfigOptions));
      expect(error).to.be.instanceOf(AuthXConfigError);
    });
  });

  describe('secret not echoed', () => {
    const secret = 'do-not-print-this-secret-0123456789';
    const cases: { label: string; options: Record<string, unknown>; value: string }[] = [
      { label: 'Buffer', options: { JWT_SECRET_KEY: Buffer.from(secret) }, value: secret },
      { label: 'list', options: { JWT_SECRET_KEY: [secret] }, value: secret },
      { label: 'wrapped in an object', options: { JWT_SECRET_KEY: { secret } }, value: secret },
      { label: 'short string', options: { JWT_SECRET_KEY: secret.slice(0, 20) }, value: secret.slice(0, 20) },
      { label: 'under a misspelled key', options: { JWT_SECRET: secret }, value: secret },
      { label: 'as JWT_ENCODE_NBF', options: { JWT_SECRET_KEY: SECRET, JWT_ENCODE_NBF: secret }, value: secret },
    ];

    for (const { label, options, value } of cases) {
      it(label, () => {
        const error = catchConfigError(options);
        expect(error.message).not.to.include(value);
      });
    }

    it('number', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: 48151623429876 });
      expect(error.message).not.to.include('48151623429876');
    });
  });

  describe('JWT_SECRET_KEY', () => {
    it('missing', () => {
      const error = catchConfigError({});
      expect(error.key, 'key').to.equal('JWT_SECRET_KEY');
      expect(error.message, 'message').to.include('JWT_SECRET_KEY is missing');
    });

    it('empty', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: '' });
      expect(error.key, 'key').to.equal('JWT_SECRET_KEY');
      expect(error.message, 'message').to.include('JWT_SECRET_KEY is missing');
    });

    it('missing explains how to generate one', () => {
      const error = catchConfigError({});
      expect(error.message).to.include('randomBytes(32)');
    });

    const shortCases: { label: string; options: Record<string, unknown>; length: number; needed: number }[] = [
      { label: '15 bytes for HS256', options: { JWT_SECRET_KEY: 'x'.repeat(15) }, length: 15, needed: 32 },
      { label: '31 bytes for HS256', options: { JWT_SECRET_KEY: 'x'.repeat(31) }, length: 31, needed: 32 },
      { label: '40 bytes for HS384', options: { JWT_SECRET_KEY: 'x'.repeat(40), JWT_ALGORITHM: 'HS384' }, length: 40, needed: 48 },
      { label: '62 bytes for HS512', options: { JWT_SECRET_KEY: 'x'.repeat(62), JWT_ALGORITHM: 'HS512' }, length: 62, needed: 64 },
      { label: '15 two-byte characters', options: { JWT_SECRET_KEY: 'é'.repeat(15) }, length: 30, needed: 32 },
      {
        label: '40 bytes with HS512 in JWT_DECODE_ALGORITHMS',
        options: { JWT_SECRET_KEY: 'x'.repeat(40), JWT_DECODE_ALGORITHMS: ['HS256', 'HS512'] },
        length: 40,
        needed: 64,
      },
    ];

    for (const { label, options, length, needed } of shortCases) {
      it(`short: ${label}`, () => {
        const error = catchConfigError(options);
        expect(error.key, 'key').to.equal('JWT_SECRET_KEY');
        expect(error.message, 'byte length').to.include(`${length} bytes`);
        expect(error.message, 'needed length').to.include(`at least ${needed}`);
      });
    }

    it('32 bytes for HS256', () => {
      const config = new AuthXConfig({ JWT_SECRET_KEY: 'x'.repeat(32) });
      expect(config.keys.family).to.equal('hmac');
    });

    it('64 bytes for HS512', () => {
      const config = new AuthXConfig({ JWT_SECRET_KEY: 'x'.repeat(64), JWT_ALGORITHM: 'HS512' });
      expect(config.keys.family).to.equal('hmac');
    });

    const { publicKey, privateKey } = generateRsaPair(2048);
    const keyTextCases: { label: string; text: string }[] = [
      { label: 'PEM public key', text: publicKey },
      { label: 'PEM private key', text: privateKey },
      { label: 'PEM RSA public key', text: publicKey.replace(/PUBLIC KEY/g, 'RSA PUBLIC KEY') },
      { label: 'JWK text', text: JSON.stringify({ kty: 'RSA', n: 'x'.repeat(64), e: 'AQAB' }) },
      { label: 'JWK text with kty last', text: JSON.stringify({ n: 'x'.repeat(64), e: 'AQAB', kty: 'RSA' }) },
    ];

    for (const { label, text } of keyTextCases) {
      it(label, () => {
        const error = catchConfigError({ JWT_SECRET_KEY: text });
        expect(error.key, 'key').to.equal('JWT_SECRET_KEY');
        expect(error.message, 'message').to.include('looks like a PEM or JWK key');
        expect(error.message, 'secret not echoed').not.to.include(text);
      });
    }
  });

  describe('algorithms', () => {
    it('unknown JWT_ALGORITHM', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_ALGORITHM: 'HS1024' });
      expect(error.key).to.equal('JWT_ALGORITHM');
    });

    it('JWT_DECODE_ALGORITHMS mixing HMAC and RSA', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_DECODE_ALGORITHMS: ['HS256', 'RS256'] });
      expect(error.key, 'key').to.equal('JWT_DECODE_ALGORITHMS');
      expect(error.message, 'message').to.include('RS256');
    });

    it('JWT_DECODE_ALGORITHMS mixing RSA and EC', () => {
      const error = catchConfigError({ JWT_PRIVATE_KEY: generateRsaPair(2048).privateKey, JWT_ALGORITHM: 'RS256', JWT_DECODE_ALGORITHMS: ['RS256', 'ES256'] });
      expect(error.key).to.equal('JWT_DECODE_ALGORITHMS');
    });

    it('JWT_DECODE_ALGORITHMS without JWT_ALGORITHM', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_DECODE_ALGORITHMS: ['RS256'] });
      expect(error.key).to.equal('JWT_DECODE_ALGORITHMS');
    });

    it('JWT_DECODE_ALGORITHMS as one string', () => {
      const config = buildConfig({ JWT_SECRET_KEY: SECRET, JWT_DECODE_ALGORITHMS: 'HS384' });
      expect(config.JWT_DECODE_ALGORITHMS).to.deep.equal(['HS384']);
    });

    it('JWT_DECODE_ALGORITHMS without duplicates', () => {
      const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_DECODE_ALGORITHMS: ['HS256', 'HS384', 'HS256'] });
      expect(config.JWT_DECODE_ALGORITHMS).to.deep.equal(['HS256', 'HS384']);
    });
  });

  describe('durations', () => {
    const cases: { value: number | string | false; seconds: number | false }[] = [
      { value: '15m', seconds: 900 },
      { value: '20d', seconds: 20 * 86400 },
      { value: '12h', seconds: 43200 },
      { value: '30s', seconds: 30 },
      { value: '900', seconds: 900 },
      { value: ' 5m ', seconds: 300 },
      { value: 900, seconds: 900 },
      { value: false, seconds: false },
    ];

    for (const { value, seconds } of cases) {
      it(`JWT_ACCESS_TOKEN_EXPIRES ${JSON.stringify(value)}`, () => {
        const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_ACCESS_TOKEN_EXPIRES: value });
        expect(config.JWT_ACCESS_TOKEN_EXPIRES).to.equal(seconds);
      });

      it(`JWT_REFRESH_TOKEN_EXPIRES ${JSON.stringify(value)}`, () => {
        const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_REFRESH_TOKEN_EXPIRES: value });
        expect(config.JWT_REFRESH_TOKEN_EXPIRES).to.equal(seconds);
      });
    }
  });

  describe('fromEnv', () => {
    function configFromEnv(env: Record<string, string>, overrides: AuthXConfigOptions = {}): AuthXConfig {
      return AuthXConfig.fromEnv({ JWT_SECRET_KEY: SECRET, ...env }, overrides);
    }

    it('secret only', () => {
      expect(configFromEnv({}).JWT_ALGORITHM).to.equal('HS256');
    });

    it('other variables ignored', () => {
      expect(configFromEnv({ PATH: '/usr/bin', NODE_ENV: 'production' }).JWT_HEADER_NAME).to.equal('Authorization');
    });

    it('empty variable ignored', () => {
      expect(configFromEnv({ JWT_HEADER_NAME: '' }).JWT_HEADER_NAME).to.equal('Authorization');
    });

    it('secret missing', () => {
      const error = catchError(() => AuthXConfig.fromEnv({}));
      expect((error as AuthXConfigError).key).to.equal('JWT_SECRET_KEY');
    });

    it('secret empty', () => {
      const error = catchError(() => AuthXConfig.fromEnv({ JWT_SECRET_KEY: '' }));
      expect((error as AuthXConfigError).key).to.equal('JWT_SECRET_KEY');
    });

    const cases: { env: Record<string, string>; key: keyof AuthXConfig; value: unknown }[] = [
      { env: { JWT_TOKEN_LOCATION: 'headers,cookies' }, key: 'JWT_TOKEN_LOCATION', value: ['headers', 'cookies'] },
      { env: { JWT_TOKEN_LOCATION: ' headers , query ' }, key: 'JWT_TOKEN_LOCATION', value: ['headers', 'query'] },
      { env: { JWT_TOKEN_LOCATION: '["cookies","json"]' }, key: 'JWT_TOKEN_LOCATION', value: ['cookies', 'json'] },
      { env: { JWT_TOKEN_LOCATION: 'cookies' }, key: 'JWT_TOKEN_LOCATION', value: ['cookies'] },
      { env: { JWT_DECODE_ALGORITHMS: 'HS256,HS384' }, key: 'JWT_DECODE_ALGORITHMS', value: ['HS256', 'HS384'] },
      { env: { JWT_DECODE_ALGORITHMS: '["HS384"]' }, key: 'JWT_DECODE_ALGORITHMS', value: ['HS384'] },
      { env: { JWT_ALGORITHM: ' HS384 ' }, key: 'JWT_ALGORITHM', value: 'HS384' },
      { env: { JWT_ENCODE_NBF: 'true' }, key: 'JWT_ENCODE_NBF', value: true },
      { env: { JWT_ENCODE_NBF: 'TRUE' }, key: 'JWT_ENCODE_NBF', value: true },
      { env: { JWT_ENCODE_NBF: '1' }, key: 'JWT_ENCODE_NBF', value: true },
      { env: { JWT_ENCODE_NBF: 'false' }, key: 'JWT_ENCODE_NBF', value: false },
      { env: { JWT_ENCODE_NBF: 'off' }, key: 'JWT_ENCODE_NBF', value: false },
      { env: { JWT_DECODE_LEEWAY: '30' }, key: 'JWT_DECODE_LEEWAY', value: 30 },
      { env: { JWT_DECODE_LEEWAY: '2.5' }, key: 'JWT_DECODE_LEEWAY', value: 2.5 },
      { env: { JWT_ACCESS_TOKEN_EXPIRES: '15m' }, key: 'JWT_ACCESS_TOKEN_EXPIRES', value: 900 },
      { env: { JWT_ACCESS_TOKEN_EXPIRES: '3600' }, key: 'JWT_ACCESS_TOKEN_EXPIRES', value: 3600 },
      { env: { JWT_ACCESS_TOKEN_EXPIRES: 'false' }, key: 'JWT_ACCESS_TOKEN_EXPIRES', value: false },
      { env: { JWT_REFRESH_TOKEN_EXPIRES: '7d' }, key: 'JWT_REFRESH_TOKEN_EXPIRES', value: 7 * 86400 },
      { env: { JWT_HEADER_NAME: 'X-Access-Token' }, key: 'JWT_HEADER_NAME', value: 'X-Access-Token' },
      { env: { JWT_HEADER_TYPE: 'JWT' }, key: 'JWT_HEADER_TYPE', value: 'JWT' },
      { env: { JWT_ENCODE_ISSUER: 'https://issuer.example' }, key: 'JWT_ENCODE_ISSUER', value: 'https://issuer.example' },
      { env: { JWT_DECODE_AUDIENCE: 'api' }, key: 'JWT_DECODE_AUDIENCE', value: 'api' },
      { env: { JWT_DECODE_AUDIENCE: 'api,admin' }, key: 'JWT_DECODE_AUDIENCE', value: ['api', 'admin'] },
      { env: { JWT_ENCODE_AUDIENCE: '["api","admin"]' }, key: 'JWT_ENCODE_AUDIENCE', value: ['api', 'admin'] },
    ];

    for (const { env, key, value } of cases) {
      const [name, text] = Object.entries(env)[0];
      it(`${name}=${text}`, () => {
        expect(configFromEnv(env)[key]).to.deep.equal(value);
      });
    }

    it('JWT_DECODE_AUDIENCE=["api"]', () => {
      expect(configFromEnv({ JWT_DECODE_AUDIENCE: '["api"]' }).JWT_DECODE_AUDIENCE).to.deep.equal(['api']);
    });

    const badCases: Record<string, string>[] = [
      { JWT_DECODE_LEEWAY: 'soon' },
      { JWT_DECODE_LEEWAY: '-5' },
      { JWT_ENCODE_NBF: 'maybe' },
      { JWT_ACCESS_TOKEN_EXPIRES: 'true' },
      { JWT_ACCESS_TOKEN_EXPIRES: '15 minutes' },
      { JWT_TOKEN_LOCATION: 'headers,body' },
      { JWT_ALGORITHM: 'none' },
    ];

    for (const env of badCases) {
      const [name, text] = Object.entries(env)[0];
      it(`${name}=${text} rejected`, () => {
        const error = catchError(() => configFromEnv(env));
        expect(error, 'error class').to.be.instanceOf(AuthXConfigError);
        expect((error as AuthXConfigError).key, 'key').to.equal(name);
      });
    }

    it('JWT_ACCESS_TOKEN_EXPIRES=0 rejected', () => {
      const error = catchError(() => configFromEnv({ JWT_ACCESS_TOKEN_EXPIRES: '0' }));
      expect((error as AuthXConfigError).key).to.equal('JWT_ACCESS_TOKEN_EXPIRES');
    });

    it('override wins over the environment', () => {
      const config = configFromEnv({ JWT_HEADER_NAME: 'X-From-Env' }, { JWT_HEADER_NAME: 'X-From-Code' });
      expect(config.JWT_HEADER_NAME).to.equal('X-From-Code');
    });

    it('override adds a key', () => {
      const config = configFromEnv({}, { JWT_DECODE_ISSUER: 'https://issuer.example' });
      expect(config.JWT_DECODE_ISSUER).to.equal('https://issuer.example');
    });
  });

  describe('asymmetric keys', () => {
    const rsa = generateRsaPair(2048);
    const otherRsa = generateRsaPair(2048);
    const p256 = generateEcPair('prime256v1');
    const p384 = generateEcPair('secp384r1');

    it('RS256 with a 2048-bit key', () => {
      const config = new AuthXConfig({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey });
      expect(config.keys.family).to.equal('rsa');
    });

    it('RS256 round trip', () => {
      const auth = new AuthX({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey });
      expect(auth.decodeToken(auth.createAccessToken({ uid: 'ada' })).sub).to.equal('ada');
    });

    it('PS256 round trip', () => {
      const auth = new AuthX({ JWT_ALGORITHM: 'PS256', JWT_PRIVATE_KEY: rsa.privateKey });
      expect(auth.decodeToken(auth.createAccessToken({ uid: 'ada' })).sub).to.equal('ada');
    });

    it('ES256 with a P-256 key', () => {
      const auth = new AuthX({ JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: p256.privateKey });
      expect(auth.decodeToken(auth.createAccessToken({ uid: 'ada' })).sub).to.equal('ada');
    });

    it('RS256 with a 1024-bit key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: generateRsaPair(1024).privateKey });
      expect(error.key, 'key').to.equal('JWT_PRIVATE_KEY');
      expect(error.message, 'key size').to.include('1024-bit');
      expect(error.message, 'needed size').to.include('2048');
    });

    it('RS256 with a 1024-bit public key only', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: generateRsaPair(1024).publicKey });
      expect(error.key).to.equal('JWT_PUBLIC_KEY');
    });

    it('RS256 with an EC key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: p256.privateKey });
      expect(error.key, 'key').to.equal('JWT_PRIVATE_KEY');
      expect(error.message, 'message').to.include('needs an RSA key');
    });

    it('ES256 with a P-384 key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: p384.privateKey });
      expect(error.key, 'key').to.equal('JWT_PRIVATE_KEY');
      expect(error.message, 'message').to.include('secp384r1');
    });

    it('ES256 with an RSA key', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: rsa.privateKey });
      expect(error.key).to.equal('JWT_PRIVATE_KEY');
    });

    it('RS256 without keys', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256' });
      expect(error.key, 'key').to.equal('JWT_PRIVATE_KEY');
      expect(error.message, 'message').to.include('JWT_PUBLIC_KEY');
    });

    it('RS256 with JWT_SECRET_KEY', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_SECRET_KEY: SECRET });
      expect(error.key).to.equal('JWT_SECRET_KEY');
    });

    it('HS256 with JWT_PRIVATE_KEY', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_PRIVATE_KEY: rsa.privateKey });
      expect(error.key).to.equal('JWT_PRIVATE_KEY');
    });

    it('HS256 with JWT_PUBLIC_KEY', () => {
      const error = catchConfigError({ JWT_SECRET_KEY: SECRET, JWT_PUBLIC_KEY: rsa.publicKey });
      expect(error.key).to.equal('JWT_PUBLIC_KEY');
    });

    it('JWT_PRIVATE_KEY not PEM', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: 'not a key' });
      expect(error.key).to.equal('JWT_PRIVATE_KEY');
    });

    it('public key as JWT_PRIVATE_KEY', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.publicKey });
      expect(error.key).to.equal('JWT_PRIVATE_KEY');
    });

    it('JWT_PUBLIC_KEY not PEM', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: 'not a key' });
      expect(error.key).to.equal('JWT_PUBLIC_KEY');
    });

    it('matching private and public keys', () => {
      const config = new AuthXConfig({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PUBLIC_KEY: rsa.publicKey });
      expect(config.keys.signingKey).not.to.equal(undefined);
    });

    it('private and public keys of two pairs', () => {
      const error = catchConfigError({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey, JWT_PUBLIC_KEY: otherRsa.publicKey });
      expect(error.key, 'key').to.equal('JWT_PUBLIC_KEY');
      expect(error.message, 'message').to.include('does not belong to JWT_PRIVATE_KEY');
    });

    describe('public key only', () => {
      const signer = new AuthX({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsa.privateKey });
      const verifier = new AuthX({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: rsa.publicKey });

      it('decodes a token', () => {
        expect(verifier.decodeToken(signer.createAccessToken({ uid: 'ada' })).sub).to.equal('ada');
      });

      it('same kid as the signer', () => {
        expect(verifier.config.keys.kid).to.equal(signer.config.keys.kid);
      });

      it('createAccessToken throws', () => {
        const error = catchError(() => verifier.createAccessToken({ uid: 'ada' }));
        expect(error, 'error class').to.be.instanceOf(AuthXError);
        expect(error.message, 'message').to.include('Set JWT_PRIVATE_KEY to issue tokens');
      });

      it('createRefreshToken throws', () => {
        const error = catchError(() => verifier.createRefreshToken({ uid: 'ada' }));
        expect(error).to.be.instanceOf(AuthXError);
      });
    });
  });

  describe('frozen', () => {
    const config = new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_DECODE_AUDIENCE: ['api', 'admin'] });

    it('config object', () => {
      expect(Object.isFrozen(config)).to.equal(true);
    });

    it('assignment throws', () => {
      expect(() => {
        (config as { JWT_ALGORITHM: string }).JWT_ALGORITHM = 'HS512';
      }).to.throw(TypeError);
    });

    it('JWT_TOKEN_LOCATION', () => {
      expect(Object.isFrozen(config.JWT_TOKEN_LOCATION)).to.equal(true);
    });

    it('JWT_DECODE_ALGORITHMS', () => {
      expect(Object.isFrozen(config.JWT_DECODE_ALGORITHMS)).to.equal(true);
    });

    it('JWT_DECODE_AUDIENCE', () => {
      expect(Object.isFrozen(config.JWT_DECODE_AUDIENCE)).to.equal(true);
    });

    it('keys', () => {
      expect(Object.isFrozen(config.keys)).to.equal(true);
    });
  });
});
