import { expect } from 'chai';
import { AuthX, AuthXConfig, AuthXConfigError, AuthXConfigOptions, TokenExpiredError } from '../../src';
import { forgeToken, SECRET } from '../support/tokens';

function createAuth(options: Partial<AuthXConfigOptions> = {}): AuthX {
  return new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET, ...options }));
}

function cacheSize(auth: AuthX): number {
  return (auth as unknown as { verifiedTokens: { size: number } }).verifiedTokens.size;
}

describe('verified-token cache', () => {
  it('second decode returns the cached payload', () => {
    const auth = createAuth();
    const token = auth.createAccessToken({ uid: 'ada' });
    const first = auth.decodeToken(token);
    const second = auth.decodeToken(token);
    expect(second).to.equal(first);
    expect(cacheSize(auth)).to.equal(1);
  });

  it('expired cached token throws and leaves the cache', async () => {
    const auth = createAuth();
    const token = auth.createAccessToken({ uid: 'ada', expiry: 1 });
    auth.decodeToken(token);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(() => auth.decodeToken(token)).to.throw(TokenExpiredError);
    expect(cacheSize(auth)).to.equal(0);
  });

  it('failed token is never cached', () => {
    const auth = createAuth();
    const forged = forgeToken({ alg: 'HS256' }, { sub: 'x', type: 'access', jti: 'j', exp: 9e9 }, 'another-secret-that-is-long-enough-0123456789');
    expect(() => auth.decodeToken(forged)).to.throw();
    expect(() => auth.decodeToken(forged)).to.throw();
    expect(cacheSize(auth)).to.equal(0);
  });

  it('token with a changed signature is not a hit', () => {
    const auth = createAuth();
    const token = auth.createAccessToken({ uid: 'ada' });
    auth.decodeToken(token);
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(() => auth.decodeToken(tampered)).to.throw();
  });

  it('bound drops the oldest entry', () => {
    const auth = createAuth({ JWT_VERIFIED_TOKEN_CACHE_SIZE: 2 });
    const tokens = ['a', 'b', 'c'].map((uid) => auth.createAccessToken({ uid }));
    tokens.forEach((token) => auth.decodeToken(token));
    const cache = (auth as unknown as { verifiedTokens: { get(token: string, now: number): unknown } }).verifiedTokens;
    expect(cacheSize(auth)).to.equal(2);
    expect(cache.get(tokens[0], Date.now() / 1000)).to.equal(undefined);
    expect(cache.get(tokens[2], Date.now() / 1000)).to.have.property('sub', 'c');
  });

  it('large cache stays bounded', () => {
    const auth = createAuth({ JWT_VERIFIED_TOKEN_CACHE_SIZE: 100 });
    for (let i = 0; i < 1000; i++) auth.decodeToken(auth.createAccessToken({ uid: `user-${i}` }));
    expect(cacheSize(auth)).to.be.at.most(100);
    expect(cacheSize(auth)).to.be.at.least(50);
  });

  it('size 0 turns it off', () => {
    const auth = createAuth({ JWT_VERIFIED_TOKEN_CACHE_SIZE: 0 });
    const token = auth.createAccessToken({ uid: 'ada' });
    auth.decodeToken(token);
    expect(cacheSize(auth)).to.equal(0);
    expect(auth.decodeToken(token).sub).to.equal('ada');
  });

  it('revoked cached token is rejected', async () => {
    const auth = createAuth();
    const token = auth.createAccessToken({ uid: 'ada' });
    await auth.verifyToken(token);
    await auth.revokeToken(token);
    let caught: unknown;
    try {
      await auth.verifyToken(token);
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).name).to.equal('RevokedTokenError');
  });

  for (const value of [-1, 1.5, '10']) {
    it(`size ${JSON.stringify(value)} rejected`, () => {
      expect(() => new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_VERIFIED_TOKEN_CACHE_SIZE: value as number })).to.throw(AuthXConfigError, /JWT_VERIFIED_TOKEN_CACHE_SIZE/);
    });
  }

  it('size from the environment', () => {
    const config = AuthXConfig.fromEnv({ JWT_SECRET_KEY: SECRET, JWT_VERIFIED_TOKEN_CACHE_SIZE: '500' });
    expect(config.JWT_VERIFIED_TOKEN_CACHE_SIZE).to.equal(500);
  });
});
