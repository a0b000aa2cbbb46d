import { expect } from 'chai';
import { AuthX } from '../../src/authx';
import { AuthXConfig, AuthXConfigOptions } from '../../src/core/config';
import { decodeToken } from '../../src/core/decode';
import { InvalidTokenError, TokenExpiredError } from '../../src/core/errors';
import { SECRET, forgeToken, nowSeconds } from '../support/tokens';
import { catchError } from './support';

/** One clock for the whole file, passed to decodeToken so no case depends on timing. */
const NOW = nowSeconds();

const OTHER_SECRET = 'another-secret-that-this-service-never-configured-0123456789';

const HEADER = { alg: 'HS256', typ: 'JWT' };

function validClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub: 'user-1', type: 'access', jti: 'jti-1', iat: NOW, exp: NOW + 900, ...overrides };
}

function claimsWithout(name: string): Record<string, unknown> {
  const { [name]: _removed, ...rest } = validClaims();
  return rest;
}

function buildConfig(options: AuthXConfigOptions = {}): AuthXConfig {
  return new AuthXConfig({ JWT_SECRET_KEY: SECRET, ...options });
}

const DEFAULT_CONFIG = buildConfig();
const VALID = forgeToken(HEADER, validClaims());
const [VALID_HEADER, VALID_PAYLOAD, VALID_SIGNATURE] = VALID.split('.');

function encodeSegment(json: string): string {
  return Buffer.from(json).toString('base64url');
}

interface RejectCase {
  label: string;
  token: string;
  expired?: boolean;
  options?: AuthXConfigOptions;
}

describe('decodeToken', () => {
  describe('accepted', () => {
    it('forged with the secret', () => {
      expect(decodeToken(DEFAULT_CONFIG, VALID, NOW).sub).to.equal('user-1');
    });

    it('created by AuthX', () => {
      const auth = new AuthX(DEFAULT_CONFIG);
      expect(auth.decodeToken(auth.createAccessToken({ uid: 'ada' })).sub).to.equal('ada');
    });

    it('refresh token', () => {
      expect(decodeToken(DEFAULT_CONFIG, forgeToken(HEADER, validClaims({ type: 'refresh' })), NOW).type).to.equal('refresh');
    });

    it('without typ header', () => {
      expect(decodeToken(DEFAULT_CONFIG, forgeToken({ alg: 'HS256' }, validClaims()), NOW).sub).to.equal('user-1');
    });

    it('kid of the configured key', () => {
      const token = forgeToken({ ...HEADER, kid: DEFAULT_CONFIG.keys.kid }, validClaims());
      expect(decodeToken(DEFAULT_CONFIG, token, NOW).sub).to.equal('user-1');
    });

    it('exp one second ahead', () => {
      expect(decodeToken(DEFAULT_CONFIG, forgeToken(HEADER, validClaims({ exp: NOW + 1 })), NOW).exp).to.equal(NOW + 1);
    });

    it('without iat', () => {
      expect(decodeToken(DEFAULT_CONFIG, forgeToken(HEADER, claimsWithout('iat')), NOW).iat).to.equal(undefined);
    });

    it('nbf now', () => {
      expect(decodeToken(DEFAULT_CONFIG, forgeToken(HEADER, validClaims({ nbf: NOW })), NOW).nbf).to.equal(NOW);
    });

    it('fresh true', () => {
      expect(decodeToken(DEFAULT_CONFIG, forgeToken(HEADER, validClaims({ fresh: true })), NOW).fresh).to.equal(true);
    });

    it('fresh absent reads false', () => {
      expect(decodeToken(DEFAULT_CONFIG, VALID, NOW).fresh).to.equal(false);
    });

    it('HS384 listed in JWT_DECODE_ALGORITHMS', () => {
      const both = buildConfig({ JWT_DECODE_ALGORITHMS: ['HS256', 'HS384'] });
      const token = forgeToken({ alg: 'HS384', typ: 'JWT' }, validClaims(), SECRET, 'sha384');
      expect(decodeToken(both, token, NOW).sub).to.equal('user-1');
    });

    it('jku header ignored', () => {
      const token = forgeToken({ ...HEADER, jku: 'https://keys.example/jwks.json' }, validClaims());
      expect(decodeToken(DEFAULT_CONFIG, token, NOW).sub).to.equal('user-1');
    });

    it('JWT_ACCESS_TOKEN_EXPIRES false without exp', () => {
      const noExpiry = buildConfig({ JWT_ACCESS_TOKEN_EXPIRES: false });
      expect(decodeToken(noExpiry, forgeToken(HEADER, claimsWithout('exp')), NOW).exp).to.equal(undefined);
    });

    it('JWT_REFRESH_TOKEN_EXPIRES false without exp', () => {
      const noExpiry = buildConfig({ JWT_REFRESH_TOKEN_EXPIRES: false });
      const { exp: _exp, ...refresh } = validClaims({ type: 'refresh' });
      expect(decodeToken(noExpiry, forgeToken(HEADER, refresh), NOW).type).to.equal('refresh');
    });

    it('expiry off still checks a present exp', () => {
      const noExpiry = buildConfig({ JWT_ACCESS_TOKEN_EXPIRES: false });
      const error = catchError(() => decodeToken(noExpiry, forgeToken(HEADER, validClaims({ exp: NOW - 1 })), NOW));
      expect(error).to.be.instanceOf(TokenExpiredError);
    });
  });

  describe('audience and issuer', () => {
    const single = buildConfig({ JWT_DECODE_AUDIENCE: 'api' });
    const list = buildConfig({ JWT_DECODE_AUDIENCE: ['api', 'admin'] });
    const issuer = buildConfig({ JWT_DECODE_ISSUER: 'https://issuer.example' });

    it('aud string matches', () => {
      expect(decodeToken(single, forgeToken(HEADER, validClaims({ aud: 'api' })), NOW).aud).to.equal('api');
    });

    it('aud list contains the audience', () => {
      expect(decodeToken(single, forgeToken(HEADER, validClaims({ aud: ['web', 'api'] })), NOW).aud).to.deep.equal(['web', 'api']);
    });

    it('aud string in configured list', () => {
      expect(decodeToken(list, forgeToken(HEADER, validClaims({ aud: 'admin' })), NOW).aud).to.equal('admin');
    });

    it('aud list overlaps configured list', () => {
      expect(decodeToken(list, forgeToken(HEADER, validClaims({ aud: ['web', 'admin'] })), NOW).sub).to.equal('user-1');
    });

    it('aud ignored when not configured', () => {
      expect(decodeToken(DEFAULT_CONFIG, forgeToken(HEADER, validClaims({ aud: 'anything' })), NOW).aud).to.equal('anything');
    });

    it('iss matches', () => {
      expect(decodeToken(issuer, forgeToken(HEADER, validClaims({ iss: 'https://issuer.example' })), NOW).iss).to.equal('https://issuer.example');
    });

    it('iss ignored when not configured', () => {
      expect(decodeToken(DEFAULT_CONFIG, forgeToken(HEADER, validClaims({ iss: 'https://other.example' })), NOW).iss).to.equal('https://other.example');
    });
  });

  describe('leeway', () => {
    const lenient = buildConfig({ JWT_DECODE_LEEWAY: 10 });

    it('exp 5 s ago accepted', () => {
      expect(decodeToken(lenient, forgeToken(HEADER, validClaims({ exp: NOW - 5 })), NOW).sub).to.equal('user-1');
    });

    it('nbf 5 s ahead accepted', () => {
      expect(decodeToken(lenient, forgeToken(HEADER, validClaims({ nbf: NOW + 5 })), NOW).sub).to.equal('user-1');
    });

    it('iat 5 s ahead accepted', () => {
      expect(decodeToken(lenient, forgeToken(HEADER, validClaims({ iat: NOW + 5 })), NOW).sub).to.equal('user-1');
    });

    it('exp 10 s ago expired', () => {
      const error = catchError(() => decodeToken(lenient, forgeToken(HEADER, validClaims({ exp: NOW - 10 })), NOW));
      expect(error).to.be.instanceOf(TokenExpiredError);
    });

    it('nbf 11 s ahead rejected', () => {
      const error = catchError(() => decodeToken(lenient, forgeToken(HEADER, validClaims({ nbf: NOW + 11 })), NOW));
      expect(error).to.be.instanceOf(InvalidTokenError);
    });

    it('iat 11 s ahead rejected', () => {
      const error = catchError(() => decodeToken(lenient, forgeToken(HEADER, validClaims({ iat: NOW + 11 })), NOW));
      expect(error).to.be.instanceOf(InvalidTokenError);
    });
  });

  describe('prototype claim names', () => {
    const token = forgeToken(HEADER, JSON.stringify(validClaims()).replace(
      /}$/,
      ',"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
    ));
    const payload = decodeToken(DEFAULT_CONFIG, token, NOW);

    it('payload decodes', () => {
      expect(payload.sub).to.equal('user-1');
    });

    it('Object.prototype unchanged', () => {
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('extra keeps Object.prototype', () => {
      expect(Object.getPrototypeOf(payload.extra)).to.equal(Object.prototype);
    });

    it('__proto__ is an own data property', () => {
      expect(Object.getOwnPropertyDescriptor(payload.extra, '__proto__')?.value).to.deep.equal({ polluted: 'yes' });
    });

    it('constructor is an own data property', () => {
      expect(Object.getOwnPropertyDescriptor(payload.extra, 'constructor')?.value).to.deep.equal({ prototype: { polluted: 'yes' } });
    });

    it('toJSON keeps both', () => {
      expect(Object.keys(payload.toJSON())).to.include.members(['__proto__', 'constructor']);
    });
  });

  describe('rejected', () => {
    const invalidCases: RejectCase[] = [
      // Shape of the compact serialization.
      { label: 'empty string', token: '' },
      { label: 'one part', token: VALID_HEADER },
      { label: 'two parts', token: `${VALID_HEADER}.${VALID_PAYLOAD}` },
      { label: 'four parts', token: `${VALID}.${VALID_SIGNATURE}` },
      { label: 'five parts', token: `${VALID}.${VALID_SIGNATURE}.${VALID_SIGNATURE}` },
      { label: 'empty signature', token: `${VALID_HEADER}.${VALID_PAYLOAD}.` },
      { label: 'empty payload', token: `${VALID_HEADER}..${VALID_SIGNATURE}` },
      { label: 'empty header', token: `.${VALID_PAYLOAD}.${VALID_SIGNATURE}` },
      { label: 'base64 padding', token: `${VALID}=` },
      { label: 'plus sign', token: `${VALID_HEADER}.${VALID_PAYLOAD}.+${VALID_SIGNATURE.slice(1)}` },
      { label: 'slash', token: `${VALID_HEADER}.${VALID_PAYLOAD}.${VALID_SIGNATURE.slice(1)}/` },
      { label: 'space inside', token: `${VALID_HEADER}.${VALID_PAYLOAD} .${VALID_SIGNATURE}` },
      { label: 'trailing newline', token: `${VALID}\n` },
      { label: 'Bearer prefix', token: `Bearer ${VALID}` },
      { label: 'non-ASCII character', token: `${VALID_HEADER}.${VALID_PAYLOAD}.é${VALID_SIGNATURE}` },

      // Header.
      { label: 'header not JSON', token: forgeToken('not json', validClaims()) },
      { label: 'header array', token: forgeToken([HEADER], validClaims()) },
      { label: 'header number', token: forgeToken(42, validClaims()) },
      { label: 'header null', token: forgeToken(null, validClaims()) },
      { label: 'header string', token: forgeToken('"HS256"', validClaims()) },
      { label: 'alg none', token: forgeToken({ alg: 'none', typ: 'JWT' }, validClaims()) },
      { label: 'alg None', token: forgeToken({ alg: 'None', typ: 'JWT' }, validClaims()) },
      { label: 'alg NONE', token: forgeToken({ alg: 'NONE', typ: 'JWT' }, validClaims()) },
      { label: 'alg nOnE', token: forgeToken({ alg: 'nOnE', typ: 'JWT' }, validClaims()) },
      { label: 'alg none unsigned', token: `${encodeSegment('{"alg":"none"}')}.${VALID_PAYLOAD}.` },
      { label: 'alg missing', token: forgeToken({ typ: 'JWT' }, validClaims()) },
      { label: 'alg empty', token: forgeToken({ alg: '' }, validClaims()) },
      { label: 'alg HS512 not configured', token: forgeToken({ alg: 'HS512' }, validClaims(), SECRET, 'sha512') },
      { label: 'alg HS384 not configured', token: forgeToken({ alg: 'HS384' }, validClaims(), SECRET, 'sha384') },
      { label: 'alg hs256 lower case', token: forgeToken({ alg: 'hs256' }, validClaims()) },
      { label: 'alg RS256 over an HMAC key', token: forgeToken({ alg: 'RS256' }, validClaims()) },
      { label: 'alg number', token: forgeToken({ alg: 256 }, validClaims()) },
      { label: 'alg array', token: forgeToken({ alg: ['HS256'] }, validClaims()) },
      { label: 'alg null', token: forgeToken({ alg: null }, validClaims()) },
      { label: 'crit header', token: forgeToken({ ...HEADER, crit: ['exp'] }, validClaims({ exp: NOW + 900 })) },
      { label: 'crit empty list', token: forgeToken({ ...HEADER, crit: [] }, validClaims()) },
      { label: 'crit b64', token: forgeToken({ ...HEADER, b64: false, crit: ['b64'] }, validClaims()) },
      { label: 'kid unknown', token: forgeToken({ ...HEADER, kid: 'retired-key' }, validClaims()) },
      { label: 'kid number', token: forgeToken({ ...HEADER, kid: 7 }, validClaims()) },
      { label: 'kid empty', token: forgeToken({ ...HEADER, kid: '' }, validClaims()) },
      { label: 'kid 300 characters', token: forgeToken({ ...HEADER, kid: 'k'.repeat(300) }, validClaims()) },
      { label: 'kid 10 KB', token: forgeToken({ ...HEADER, kid: 'k'.repeat(10 * 1024) }, validClaims()) },
      { label: 'jwk header with its own key', token: forgeToken({ ...HEADER, jwk: { kty: 'oct', k: encodeSegment(OTHER_SECRET) } }, validClaims(), OTHER_SECRET) },

      // Signature.
      { label: 'signed with another secret', token: forgeToken(HEADER, validClaims(), OTHER_SECRET) },
      { label: 'signature of another token', token: `${VALID_HEADER}.${VALID_PAYLOAD}.${forgeToken(HEADER, validClaims({ sub: 'other' })).split('.')[2]}` },
      { label: 'payload swapped', token: `${VALID_HEADER}.${encodeSegment(JSON.stringify(validClaims({ sub: 'admin' })))}.${VALID_SIGNATURE}` },
      { label: 'signature truncated', token: `${VALID_HEADER}.${VALID_PAYLOAD}.${VALID_SIGNATURE.slice(0, -2)}` },
      { label: 'signature of HS256 labelled HS384', token: `${encodeSegment('{"alg":"HS384"}')}.${VALID_PAYLOAD}.${VALID_SIGNATURE}`, options: { JWT_DECODE_ALGORITHMS: ['HS256', 'HS384'] } },

      // Payload.
      { label: 'payload not JSON', token: forgeToken(HEADER, 'not json') },
      { label: 'payload not JSON without typ', token: forgeToken({ alg: 'HS256' }, 'not json') },
      { label: 'payload array', token: forgeToken(HEADER, [validClaims()]) },
      { label: 'payload string', token: forgeToken(HEADER, '"user-1"') },
      { label: 'payload number', token: forgeToken(HEADER, '42') },
      { label: 'payload null', token: forgeToken(HEADER, 'null') },
      { label: 'payload true', token: forgeToken(HEADER, 'true') },
      { label: 'sub missing', token: forgeToken(HEADER, claimsWithout('sub')) },
      { label: 'sub number', token: forgeToken(HEADER, validClaims({ sub: 42 })) },
      { label: 'sub empty', token: forgeToken(HEADER, validClaims({ sub: '' })) },
      { label: 'sub null', token: forgeToken(HEADER, validClaims({ sub: null })) },
      { label: 'sub object', token: forgeToken(HEADER, validClaims({ sub: { id: 'user-1' } })) },
      { label: 'jti missing', token: forgeToken(HEADER, claimsWithout('jti')) },
      { label: 'jti number', token: forgeToken(HEADER, validClaims({ jti: 1 })) },
      { label: 'jti empty', token: forgeToken(HEADER, validClaims({ jti: '' })) },
      { label: 'type missing', token: forgeToken(HEADER, claimsWithout('type')) },
      { label: 'type id', token: forgeToken(HEADER, validClaims({ type: 'id' })) },
      { label: 'type ACCESS', token: forgeToken(HEADER, validClaims({ type: 'ACCESS' })) },
      { label: 'type number', token: forgeToken(HEADER, validClaims({ type: 1 })) },
      { label: 'exp missing', token: forgeToken(HEADER, claimsWithout('exp')) },
      { label: 'exp string', token: forgeToken(HEADER, validClaims({ exp: String(NOW + 900) })) },
      { label: 'exp null', token: forgeToken(HEADER, validClaims({ exp: null })) },
      { label: 'exp boolean', token: forgeToken(HEADER, validClaims({ exp: true })) },
      { label: 'exp 1e400', token: forgeToken(HEADER, `{"sub":"user-1","type":"access","jti":"jti-1","iat":${NOW},"exp":1e400}`) },
      { label: 'exp -1e400', token: forgeToken(HEADER, `{"sub":"user-1","type":"access","jti":"jti-1","iat":${NOW},"exp":-1e400}`) },
      { label: 'nbf in the future', token: forgeToken(HEADER, validClaims({ nbf: NOW + 60 })) },
      { label: 'nbf string', token: forgeToken(HEADER, validClaims({ nbf: String(NOW) })) },
      { label: 'nbf 1e400', token: forgeToken(HEADER, `{"sub":"user-1","type":"access","jti":"jti-1","exp":${NOW + 900},"nbf":1e400}`) },
      { label: 'iat in the future', token: forgeToken(HEADER, validClaims({ iat: NOW + 60 })) },
      { label: 'iat string', token: forgeToken(HEADER, validClaims({ iat: String(NOW) })) },
      { label: 'iat 1e400', token: forgeToken(HEADER, `{"sub":"user-1","type":"access","jti":"jti-1","exp":${NOW + 900},"iat":1e400}`) },
      { label: 'fresh string', token: forgeToken(HEADER, validClaims({ fresh: 'true' })) },
      { label: 'fresh number', token: forgeToken(HEADER, validClaims({ fresh: 1 })) },
      { label: 'csrf number', token: forgeToken(HEADER, validClaims({ csrf: 1234 })) },
      { label: 'scopes string', token: forgeToken(HEADER, validClaims({ scopes: 'users:read' })) },
      { label: 'scopes object', token: forgeToken(HEADER, validClaims({ scopes: { 0: 'users:read' } })) },
      { label: 'scopes with a number', token: forgeToken(HEADER, validClaims({ scopes: ['users:read', 1] })) },
      { label: 'aud number', token: forgeToken(HEADER, validClaims({ aud: 42 })) },
      { label: 'aud object', token: forgeToken(HEADER, validClaims({ aud: { name: 'api' } })) },
      { label: 'aud list with a number', token: forgeToken(HEADER, validClaims({ aud: ['api', 1] })) },
      { label: 'iss number', token: forgeToken(HEADER, validClaims({ iss: 42 })) },

      // Audience and issuer required by the config.
      { label: 'aud missing', token: VALID, options: { JWT_DECODE_AUDIENCE: 'api' } },
      { label: 'aud other', token: forgeToken(HEADER, validClaims({ aud: 'web' })), options: { JWT_DECODE_AUDIENCE: 'api' } },
      { label: 'aud empty list', token: forgeToken(HEADER, validClaims({ aud: [] })), options: { JWT_DECODE_AUDIENCE: 'api' } },
      { label: 'aud list outside configured list', token: forgeToken(HEADER, validClaims({ aud: ['web', 'mobile'] })), options: { JWT_DECODE_AUDIENCE: ['api', 'admin'] } },
      { label: 'aud differs in case', token: forgeToken(HEADER, validClaims({ aud: 'API' })), options: { JWT_DECODE_AUDIENCE: 'api' } },
      { label: 'iss missing', token: VALID, options: { JWT_DECODE_ISSUER: 'https://issuer.example' } },
      { label: 'iss other', token: forgeToken(HEADER, validClaims({ iss: 'https://other.example' })), options: { JWT_DECODE_ISSUER: 'https://issuer.example' } },
      { label: 'iss with trailing slash', token: forgeToken(HEADER, validClaims({ iss: 'https://issuer.example/' })), options: { JWT_DECODE_ISSUER: 'https://issuer.example' } },

      // Expiry.
      { label: 'exp now', token: forgeToken(HEADER, validClaims({ exp: NOW })), expired: true },
      { label: 'exp 1 s ago', token: forgeToken(HEADER, validClaims({ exp: NOW - 1 })), expired: true },
      { label: 'exp a day ago', token: forgeToken(HEADER, validClaims({ iat: NOW - 90000, exp: NOW - 86400 })), expired: true },
      { label: 'exp 0', token: forgeToken(HEADER, validClaims({ exp: 0 })), expired: true },
      { label: 'refresh exp 1 s ago', token: forgeToken(HEADER, validClaims({ type: 'refresh', exp: NOW - 1 })), expired: true },
    ];

    for (const { label, token, expired, options } of invalidCases) {
      it(label, () => {
        const error = catchError(() => decodeToken(options ? buildConfig(options) : DEFAULT_CONFIG, token, NOW));
        if (expired) {
          expect(error, 'error class').to.be.instanceOf(TokenExpiredError);
          expect((error as TokenExpiredError).code, 'code').to.equal('ERR_TOKEN_EXPIRED');
          expect(error.message, 'message').to.equal('Token has expired');
        } else {
          expect(error, 'error class').to.be.instanceOf(InvalidTokenError);
          expect((error as InvalidTokenError).code, 'code').to.equal('ERR_INVALID_TOKEN');
          expect(error.message, 'message').to.equal('Invalid Token');
        }
        expect((error as InvalidTokenError).status, 'status').to.equal(401);
      });
    }

    const notStrings: unknown[] = [undefined, null, 42, { token: VALID }, Buffer.from(VALID)];
    for (const value of notStrings) {
      it(`token ${Buffer.isBuffer(value) ? 'Buffer' : value === null ? 'null' : typeof value}`, () => {
        const error = catchError(() => decodeToken(DEFAULT_CONFIG, value as string, NOW));
        expect(error).to.be.instanceOf(InvalidTokenError);
      });
    }

    it('reason says why', () => {
      const error = catchError(() => decodeToken(DEFAULT_CONFIG, forgeToken(HEADER, claimsWithout('sub')), NOW));
      expect((error as InvalidTokenError).reason).to.include('"sub"');
    });

    it('AuthX.decodeToken expired', () => {
      const auth = new AuthX(DEFAULT_CONFIG);
      const error = catchError(() => auth.decodeToken(forgeToken(HEADER, validClaims({ exp: NOW - 1 }))));
      expect(error).to.be.instanceOf(TokenExpiredError);
    });

    it('AuthX.decodeToken bad signature', () => {
      const auth = new AuthX(DEFAULT_CONFIG);
      const error = catchError(() => auth.decodeToken(forgeToken(HEADER, validClaims(), OTHER_SECRET)));
      expect(error).to.be.instanceOf(InvalidTokenError);
    });
  });
});
