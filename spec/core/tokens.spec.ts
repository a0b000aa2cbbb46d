import { expect } from 'chai';
import { AuthX } from '../../src/authx';
import { AuthXConfigOptions } from '../../src/core/config';
import { TokenPayload } from '../../src/core/token-payload';
import { SECRET, nowSeconds } from '../support/tokens';
import { readSegment, catchError } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function createAuth(options: AuthXConfigOptions = {}): AuthX {
  return new AuthX({ JWT_SECRET_KEY: SECRET, ...options });
}

describe('token creation', () => {
  const auth = createAuth();

  describe('createAccessToken', () => {
    const before = nowSeconds();
    const token = auth.createAccessToken({ uid: 'ada' });
    const after = nowSeconds();
    const payload = auth.decodeToken(token);

    it('sub', () => {
      expect(payload.sub).to.equal('ada');
    });

    it('type', () => {
      expect(payload.type).to.equal('access');
    });

    it('jti is a UUID', () => {
      expect(payload.jti).to.match(UUID);
    });

    it('jti unique per token', () => {
      const other = auth.decodeToken(auth.createAccessToken({ uid: 'ada' }));
      expect(other.jti).not.to.equal(payload.jti);
    });

    it('iat is now', () => {
      expect(payload.iat).to.be.within(before, after);
    });

    it('exp is iat plus 15 minutes', () => {
      expect(payload.exp).to.equal(payload.iat! + 900);
    });

    it('no nbf', () => {
      expect(payload.nbf).to.equal(undefined);
    });

    it('not fresh by default', () => {
      expect(payload.fresh).to.equal(false);
    });

    it('fresh', () => {
      expect(auth.decodeToken(auth.createAccessToken({ uid: 'ada', fresh: true })).fresh).to.equal(true);
    });

    it('no scopes by default', () => {
      expect(payload.scopes).to.equal(undefined);
    });

    it('scopes', () => {
      const scoped = auth.decodeToken(auth.createAccessToken({ uid: 'ada', scopes: ['users:read', 'reports:*'] }));
      expect(scoped.scopes).to.deep.equal(['users:read', 'reports:*']);
    });

    it('empty scopes', () => {
      const scoped = auth.decodeToken(auth.createAccessToken({ uid: 'ada', scopes: [] }));
      expect(scoped.scopes).to.deep.equal([]);
    });

    it('no iss or aud by default', () => {
      expect([payload.iss, payload.aud]).to.deep.equal([undefined, undefined]);
    });

    it('no extra claims by default', () => {
      expect(payload.extra).to.deep.equal({});
    });

    it('no csrf claim with headers only', () => {
      expect(payload.csrf).to.equal(undefined);
    });

    it('lifetime from JWT_ACCESS_TOKEN_EXPIRES', () => {
      const custom = createAuth({ JWT_ACCESS_TOKEN_EXPIRES: '5m' });
      const claims = custom.decodeToken(custom.createAccessToken({ uid: 'ada' }));
      expect(claims.exp).to.equal(claims.iat! + 300);
    });

    it('nbf equals iat with JWT_ENCODE_NBF', () => {
      const withNbf = createAuth({ JWT_ENCODE_NBF: true });
      const claims = withNbf.decodeToken(withNbf.createAccessToken({ uid: 'ada' }));
      expect(claims.nbf).to.equal(claims.iat);
    });

    it('csrf claim with cookies', () => {
      const cookies = createAuth({ JWT_TOKEN_LOCATION: ['headers', 'cookies'] });
      const claims = cookies.decodeToken(cookies.createAccessToken({ uid: 'ada' }));
      expect(claims.csrf).to.be.a('string').and.not.equal('');
    });
  });

  describe('issuer and audience', () => {
    const issuing = createAuth({ JWT_ENCODE_ISSUER: 'https://issuer.example', JWT_ENCODE_AUDIENCE: ['api', 'admin'] });

    it('iss from JWT_ENCODE_ISSUER', () => {
      expect(issuing.decodeToken(issuing.createAccessToken({ uid: 'ada' })).iss).to.equal('https://issuer.example');
    });

    it('aud from JWT_ENCODE_AUDIENCE', () => {
      expect(issuing.decodeToken(issuing.createAccessToken({ uid: 'ada' })).aud).to.deep.equal(['api', 'admin']);
    });

    it('audience option overrides the config', () => {
      expect(issuing.decodeToken(issuing.createAccessToken({ uid: 'ada', audience: 'reports' })).aud).to.equal('reports');
    });

    it('audience option without config', () => {
      expect(auth.decodeToken(auth.createAccessToken({ uid: 'ada', audience: ['web', 'mobile'] })).aud).to.deep.equal(['web', 'mobile']);
    });

    it('refresh token carries them too', () => {
      const claims = issuing.decodeToken(issuing.createRefreshToken({ uid: 'ada' }));
      expect([claims.iss, claims.aud]).to.deep.equal(['https://issuer.example', ['api', 'admin']]);
    });
  });

  describe('createRefreshToken', () => {
    const token = auth.createRefreshToken({ uid: 'ada', fresh: true });
    const payload = auth.decodeToken(token);

    it('sub', () => {
      expect(payload.sub).to.equal('ada');
    });

    it('type', () => {
      expect(payload.type).to.equal('refresh');
    });

    it('jti is a UUID', () => {
      expect(payload.jti).to.match(UUID);
    });

    it('exp is iat plus 20 days', () => {
      expect(payload.exp).to.equal(payload.iat! + 20 * 86400);
    });

    it('no fresh claim', () => {
      expect(readSegment(token, 1)).not.to.have.property('fresh');
    });

    it('never fresh', () => {
      expect(payload.fresh).to.equal(false);
    });

    it('lifetime from JWT_REFRESH_TOKEN_EXPIRES', () => {
      const custom = createAuth({ JWT_REFRESH_TOKEN_EXPIRES: '1d' });
      const claims = custom.decodeToken(custom.createRefreshToken({ uid: 'ada' }));
      expect(claims.exp).to.equal(claims.iat! + 86400);
    });
  });

  describe('createTokenPair', () => {
    const pair = auth.createTokenPair({ uid: 'ada', fresh: true, scopes: ['users:read'] });
    const access = auth.decodeToken(pair.access_token);
    const refresh = auth.decodeToken(pair.refresh_token);

    it('token_type', () => {
      expect(pair.token_type).to.equal('bearer');
    });

    it('only the three fields', () => {
      expect(pair).to.have.all.keys('access_token', 'refresh_token', 'token_type');
    });

    it('access token type', () => {
      expect(access.type).to.equal('access');
    });

    it('refresh token type', () => {
      expect(refresh.type).to.equal('refresh');
    });

    it('same sub', () => {
      expect(refresh.sub).to.equal(access.sub);
    });

    it('distinct jti', () => {
      expect(refresh.jti).not.to.equal(access.jti);
    });

    it('access token fresh', () => {
      expect(access.fresh).to.equal(true);
    });

    it('refresh token not fresh', () => {
      expect(refresh.fresh).to.equal(false);
    });

    it('access scopes', () => {
      expect(access.scopes).to.deep.equal(['users:read']);
    });

    it('refresh scopes', () => {
      expect(refresh.scopes).to.deep.equal(['users:read']);
    });

    it('access exp', () => {
      expect(access.exp).to.equal(access.iat! + 900);
    });

    it('refresh exp', () => {
      expect(refresh.exp).to.equal(refresh.iat! + 20 * 86400);
    });
  });

  describe('data', () => {
    const data = { role: 'admin', tenant: 7, flags: { beta: true }, tags: ['a', 'b'] };
    const token = auth.createAccessToken({ uid: 'ada', data });
    const payload = auth.decodeToken(token);

    it('lands in extra', () => {
      expect(payload.extra).to.deep.equal(data);
    });

    it('signed as top-level claims', () => {
      expect(readSegment(token, 1)).to.include({ role: 'admin', tenant: 7 });
    });

    it('reserved claims stay out of extra', () => {
      expect(payload.extra).not.to.have.any.keys('sub', 'type', 'jti', 'iat', 'exp', 'fresh');
    });

    it('caller object unchanged', () => {
      expect(data).to.deep.equal({ role: 'admin', tenant: 7, flags: { beta: true }, tags: ['a', 'b'] });
    });

    const reserved = ['sub', 'type', 'jti', 'iat', 'nbf', 'exp', 'fresh', 'csrf', 'scopes', 'iss', 'aud'];
    for (const name of reserved) {
      it(`reserved claim ${name}`, () => {
        const error = catchError(() => auth.createAccessToken({ uid: 'ada', data: { [name]: 'x' } }));
        expect(error, 'error class').to.be.instanceOf(TypeError);
        expect(error.message, 'message').to.include(`data.${name}`);
      });
    }
  });

  describe('headers', () => {
    it('alg', () => {
      expect(readSegment(auth.createAccessToken({ uid: 'ada' }), 0).alg).to.equal('HS256');
    });

    it('typ JWT', () => {
      expect(readSegment(auth.createAccessToken({ uid: 'ada' }), 0).typ).to.equal('JWT');
    });

    it('kid of the signing key', () => {
      expect(readSegment(auth.createAccessToken({ uid: 'ada' }), 0).kid).to.equal(auth.config.keys.kid);
    });

    it('kid is short', () => {
      expect(auth.config.keys.kid).to.match(/^[A-Za-z0-9_-]{16}$/);
    });

    it('kid differs per secret', () => {
      expect(createAuth({ JWT_SECRET_KEY: `${SECRET}-other` }).config.keys.kid).not.to.equal(auth.config.keys.kid);
    });

    it('custom header kept', () => {
      const token = auth.createAccessToken({ uid: 'ada', headers: { tenant: 'acme' } });
      expect(readSegment(token, 0).tenant).to.equal('acme');
    });

    it('custom typ kept', () => {
      const token = auth.createAccessToken({ uid: 'ada', headers: { typ: 'at+jwt' } });
      expect(readSegment(token, 0).typ).to.equal('at+jwt');
    });

    it('custom typ decodes', () => {
      const token = auth.createAccessToken({ uid: 'ada', headers: { typ: 'at+jwt' } });
      expect(auth.decodeToken(token).sub).to.equal('ada');
    });

    const reserved = ['alg', 'kid', 'crit', 'jku', 'x5u', 'jwk', 'x5c'];
    for (const name of reserved) {
      it(`reserved header ${name}`, () => {
        const error = catchError(() => auth.createAccessToken({ uid: 'ada', headers: { [name]: 'x' } }));
        expect(error, 'error class').to.be.instanceOf(TypeError);
        expect(error.message, 'message').to.include(`headers.${name}`);
      });
    }
  });

  describe('uid', () => {
    const cases: { label: string; uid: unknown }[] = [
      { label: 'empty string', uid: '' },
      { label: 'number', uid: 42 },
      { label: 'undefined', uid: undefined },
      { label: 'null', uid: null },
      { label: 'object', uid: { id: 'ada' } },
    ];

    for (const { label, uid } of cases) {
      it(`${label} rejected`, () => {
        const error = catchError(() => auth.createAccessToken({ uid: uid as string }));
        expect(error, 'error class').to.be.instanceOf(TypeError);
        expect(error.message, 'message').to.include('uid must be a non-empty string');
      });
    }

    it('number suggests String(id)', () => {
      const error = catchError(() => auth.createAccessToken({ uid: 42 as unknown as string }));
      expect(error.message).to.include('String(id)');
    });

    it('refresh token checks it too', () => {
      const error = catchError(() => auth.createRefreshToken({ uid: '' }));
      expect(error).to.be.instanceOf(TypeError);
    });
  });

  describe('expiry option', () => {
    const cases: { expiry: number | string; lifetime: number }[] = [
      { expiry: 60, lifetime: 60 },
      { expiry: 90.7, lifetime: 90 },
      { expiry: '2h', lifetime: 7200 },
      { expiry: '45', lifetime: 45 },
      { expiry: '3d', lifetime: 3 * 86400 },
    ];

    for (const { expiry, lifetime } of cases) {
      it(`access ${JSON.stringify(expiry)}`, () => {
        const claims = auth.decodeToken(auth.createAccessToken({ uid: 'ada', expiry }));
        expect(claims.exp).to.equal(claims.iat! + lifetime);
      });
    }

    it(`refresh "1h"`, () => {
      const claims = auth.decodeToken(auth.createRefreshToken({ uid: 'ada', expiry: '1h' }));
      expect(claims.exp).to.equal(claims.iat! + 3600);
    });

    it('false rejected where the config requires exp', () => {
      expect(() => auth.createAccessToken({ uid: 'ada', expiry: false })).to.throw(TypeError, /JWT_ACCESS_TOKEN_EXPIRES is false/);
    });

    it('false decodes where expiry is off', () => {
      const noExpiry = createAuth({ JWT_ACCESS_TOKEN_EXPIRES: false });
      const claims = noExpiry.decodeToken(noExpiry.createAccessToken({ uid: 'ada', expiry: false }));
      expect(claims.exp).to.equal(undefined);
    });

    it('config false omits exp', () => {
      const noExpiry = createAuth({ JWT_ACCESS_TOKEN_EXPIRES: false });
      expect(readSegment(noExpiry.createAccessToken({ uid: 'ada' }), 1)).not.to.have.property('exp');
    });

    it('number overrides config false', () => {
      const noExpiry = createAuth({ JWT_ACCESS_TOKEN_EXPIRES: false });
      const claims = noExpiry.decodeToken(noExpiry.createAccessToken({ uid: 'ada', expiry: 60 }));
      expect(claims.exp).to.equal(claims.iat! + 60);
    });

    const badCases: unknown[] = [0, -60, NaN, Infinity, 'soon', '15 minutes', '', true];
    for (const expiry of badCases) {
      it(`${String(expiry) || 'empty string'} rejected`, () => {
        const error = catchError(() => auth.createAccessToken({ uid: 'ada', expiry: expiry as number }));
        expect(error, 'error class').to.be.instanceOf(TypeError);
        expect(error.message, 'message').to.include('expiry must be');
      });
    }
  });

  describe('scopes option', () => {
    const badCases: { label: string; scopes: unknown }[] = [
      { label: 'string', scopes: 'users:read' },
      { label: 'empty scope', scopes: [''] },
      { label: 'scope with a space', scopes: ['users:read users:write'] },
      { label: 'number', scopes: [1] },
    ];

    for (const { label, scopes } of badCases) {
      it(`${label} rejected`, () => {
        const error = catchError(() => auth.createAccessToken({ uid: 'ada', scopes: scopes as string[] }));
        expect(error).to.be.instanceOf(TypeError);
      });
    }

    it('caller list copied', () => {
      const scopes = ['users:read'];
      const token = auth.createAccessToken({ uid: 'ada', scopes });
      scopes.push('admin');
      expect(auth.decodeToken(token).scopes).to.deep.equal(['users:read']);
    });
  });
});

describe('TokenPayload', () => {
  const claims = { sub: 'ada', type: 'access' as const, jti: 'jti-1', iat: 1_700_000_000, exp: 1_700_000_900, fresh: true };

  describe('helpers', () => {
    const payload = new TokenPayload(claims, { role: 'admin' });
    const bare = new TokenPayload({ sub: 'ada', type: 'refresh', jti: 'jti-2', fresh: false }, {});

    it('issuedAt', () => {
      expect(payload.issuedAt?.toISOString()).to.equal(new Date(1_700_000_000_000).toISOString());
    });

    it('issuedAt without iat', () => {
      expect(bare.issuedAt).to.equal(undefined);
    });

    it('expiresAt', () => {
      expect(payload.expiresAt?.toISOString()).to.equal(new Date(1_700_000_900_000).toISOString());
    });

    it('expiresAt without exp', () => {
      expect(bare.expiresAt).to.equal(undefined);
    });

    it('timeUntilExpiry', () => {
      expect(payload.timeUntilExpiry(1_700_000_300_000)).to.equal(600);
    });

    it('timeUntilExpiry in fractions', () => {
      expect(payload.timeUntilExpiry(1_700_000_899_500)).to.equal(0.5);
    });

    it('timeUntilExpiry once expired', () => {
      expect(payload.timeUntilExpiry(1_700_001_000_000)).to.equal(-100);
    });

    it('timeUntilExpiry without exp', () => {
      expect(bare.timeUntilExpiry(1_700_000_300_000)).to.equal(Infinity);
    });

    it('timeUntilExpiry defaults to now', () => {
      const auth = createAuth();
      const live = auth.decodeToken(auth.createAccessToken({ uid: 'ada' }));
      expect(live.timeUntilExpiry()).to.be.within(898, 900);
    });

    it('toJSON', () => {
      expect(payload.toJSON()).to.deep.equal({ ...claims, role: 'admin' });
    });

    it('toJSON omits unset claims', () => {
      expect(bare.toJSON()).to.deep.equal({ sub: 'ada', type: 'refresh', jti: 'jti-2', fresh: false });
    });

    it('JSON.stringify uses toJSON', () => {
      expect(JSON.parse(JSON.stringify(payload))).to.deep.equal({ ...claims, role: 'admin' });
    });

    it('toJSON of a decoded token', () => {
      const auth = createAuth();
      const token = auth.createAccessToken({ uid: 'ada', data: { role: 'admin' } });
      expect(auth.decodeToken(token).toJSON()).to.deep.equal(readSegment(token, 1));
    });
  });

  describe('frozen', () => {
    const auth = createAuth();
    const token = auth.createAccessToken({ uid: 'ada', scopes: ['users:read'], audience: ['api'], data: { role: 'admin' } });
    const payload = auth.decodeToken(token);

    it('payload', () => {
      expect(Object.isFrozen(payload)).to.equal(true);
    });

    it('assignment throws', () => {
      expect(() => {
        (payload as { sub: string }).sub = 'eve';
      }).to.throw(TypeError);
    });

    it('extra', () => {
      expect(Object.isFrozen(payload.extra)).to.equal(true);
    });

    it('scopes', () => {
      expect(Object.isFrozen(payload.scopes)).to.equal(true);
    });

    it('aud', () => {
      expect(Object.isFrozen(payload.aud)).to.equal(true);
    });
  });
});
