import { expect } from 'chai';
import { Authorized, CurrentUser, Get, JsonController, Post } from 'routing-controllers';
import { AuthX, AuthXConfig, MemoryRevocationStore, TokenPayload } from '../../src';
import { MemoryLogger, controllerApp } from '../support/apps';
import { TestServer, bearer } from '../support/http';
import { SECRET } from '../support/tokens';

let revokeThrough: (user: TokenPayload) => Promise<void> = async () => {};

@JsonController('/revocation')
@Authorized()
class RevocationController {
  @Get('/me')
  me(@CurrentUser() user: TokenPayload) {
    return { user_id: user.sub };
  }

  @Post('/logout')
  async logout(@CurrentUser() user: TokenPayload) {
    await revokeThrough(user);
    return { logout: true };
  }
}

describe('MemoryRevocationStore', () => {
  const now = () => Date.now() / 1000;

  it('revoked id is reported', async () => {
    const store = new MemoryRevocationStore();
    await store.revoke('a', now() + 60);
    expect(await store.isRevoked('a')).to.equal(true);
    expect(await store.isRevoked('b')).to.equal(false);
  });

  it('expired entry is dropped', async () => {
    const store = new MemoryRevocationStore();
    await store.revoke('a', now() + 0.05);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await store.isRevoked('a')).to.equal(false);
    expect(store.size).to.equal(0);
  });

  it('already expired token is not stored', async () => {
    const store = new MemoryRevocationStore();
    await store.revoke('a', now() - 1);
    expect(store.size).to.equal(0);
  });

  it('bound drops the oldest entry', async () => {
    const full: number[] = [];
    const store = new MemoryRevocationStore({ maxEntries: 3, onFull: (max) => full.push(max) });
    await store.revoke('first', now() + 300);
    await store.revoke('second', now() + 10);
    await store.revoke('never', undefined);
    await store.revoke('new', now() + 200);
    await store.revoke('newer', now() + 250);

    expect(store.size).to.equal(3);
    expect(await store.isRevoked('first')).to.equal(false);
    expect(await store.isRevoked('second')).to.equal(false);
    expect(await store.isRevoked('never')).to.equal(true);
    expect(await store.isRevoked('newer')).to.equal(true);
    expect(full).to.deep.equal([3]);
  });

  it('full store revokes in constant time', async () => {
    const store = new MemoryRevocationStore({ maxEntries: 50_000 });
    for (let i = 0; i < 50_000; i++) await store.revoke(`id-${i}`, now() + 600);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) await store.revoke(`extra-${i}`, now() + 600);
    const perRevoke = Number(process.hrtime.bigint() - started) / 1000 / 1000;
    console.log(`      revoke into a full store of 50,000: ${perRevoke.toFixed(1)} us each (measured, not asserted)`);
    expect(store.size).to.equal(50_000);
  });

  it('bound sweeps expired entries first', async () => {
    const store = new MemoryRevocationStore({ maxEntries: 2 });
    await store.revoke('short', now() + 0.05);
    await store.revoke('long', now() + 300);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await store.revoke('next', now() + 300);
    expect(await store.isRevoked('long')).to.equal(true);
    expect(await store.isRevoked('next')).to.equal(true);
  });

  for (const value of [0, -1, 1.5, Number.NaN]) {
    it(`maxEntries ${value} rejected`, () => {
      expect(() => new MemoryRevocationStore({ maxEntries: value })).to.throw(TypeError, /maxEntries/);
    });
  }
});

describe('revocation over HTTP', () => {
  const logger = new MemoryLogger();
  const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }), { logger });
  let server: TestServer;

  before(async () => {
    revokeThrough = (user) => auth.revokeToken(user);
    server = await TestServer.start(controllerApp(auth, [RevocationController]));
  });

  after(() => server.close());

  it('logout, then the same token', async () => {
    const token = auth.createAccessToken({ uid: 'ada' });
    const logout = await server.request('/revocation/logout', { method: 'POST', headers: bearer(token) });
    const reuse = await server.get('/revocation/me', bearer(token));

    expect(logout.body).to.deep.equal({ logout: true });
    expect(reuse.status).to.equal(401);
    expect(reuse.body).to.deep.equal({ message: 'Token has been revoked', error_type: 'RevokedTokenError' });
    expect(reuse.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
  });

  it('other tokens of the user still pass', async () => {
    const first = auth.createAccessToken({ uid: 'ada' });
    const second = auth.createAccessToken({ uid: 'ada' });
    await auth.revokeToken(first);
    const response = await server.get('/revocation/me', bearer(second));
    expect(response.status).to.equal(200);
  });

  it('revoke by token string', async () => {
    const token = auth.createAccessToken({ uid: 'ada' });
    await auth.revokeToken(token);
    const response = await server.get('/revocation/me', bearer(token));
    expect(response.body.error_type).to.equal('RevokedTokenError');
  });

  it('revoking an expired token does nothing', async () => {
    const token = auth.createAccessToken({ uid: 'ada', expiry: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await auth.revokeToken(token);
    const response = await server.get('/revocation/me', bearer(token));
    expect(response.body.error_type).to.equal('TokenExpiredError');
  });

  it('revoking garbage throws', async () => {
    let caught: unknown;
    try {
      await auth.revokeToken('not.a.token');
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).name).to.equal('InvalidTokenError');
  });

  it('forged token never reaches the store', async () => {
    const calls: string[] = [];
    const spyAuth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }), { logger });
    spyAuth.setTokenBlocklist((jti) => {
      calls.push(jti);
      return false;
    });
    const spyServer = await TestServer.start(controllerApp(spyAuth, [RevocationController]));
    try {
      const forged = await spyServer.get('/revocation/me', bearer('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'));
      const valid = await spyServer.get('/revocation/me', bearer(spyAuth.createAccessToken({ uid: 'ada' })));
      expect(forged.status).to.equal(401);
      expect(valid.status).to.equal(200);
      expect(calls).to.have.length(1);
    } finally {
      await spyServer.close();
    }
  });
});

describe('setTokenBlocklist', () => {
  const blocked = new Set<string>();
  let failing = false;
  const logger = new MemoryLogger();
  let server: TestServer;
  let auth: AuthX;

  async function start(status?: 401 | 503) {
    auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }), { logger, revocationFailureStatus: status });
    auth.setTokenBlocklist(async (jti) => {
      if (failing) throw new Error('blocklist database unreachable');
      return blocked.has(jti);
    });
    server = await TestServer.start(controllerApp(auth, [RevocationController]));
  }

  afterEach(async () => {
    failing = false;
    await server.close();
  });

  it('blocked id rejected', async () => {
    await start();
    const token = auth.createAccessToken({ uid: 'ada' });
    blocked.add(auth.decodeToken(token).jti);
    const response = await server.get('/revocation/me', bearer(token));
    expect(response.body.error_type).to.equal('RevokedTokenError');
  });

  it('revokeToken throws with a callback', async () => {
    await start();
    let caught: unknown;
    try {
      await auth.revokeToken(auth.createAccessToken({ uid: 'ada' }));
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message).to.include('setTokenBlocklist');
  });

  it('failing callback answers 503, logged once', async () => {
    await start();
    logger.errors.length = 0;
    failing = true;
    const token = auth.createAccessToken({ uid: 'ada' });
    const first = await server.get('/revocation/me', bearer(token));
    const second = await server.get('/revocation/me', bearer(token));

    expect(first.status).to.equal(503);
    expect(second.status).to.equal(503);
    expect(first.body.error_type).to.equal('RevocationCheckFailedError');
    expect(first.headers['www-authenticate']).to.equal(undefined);
    expect(logger.errors).to.have.length(1);
    expect(String(logger.errors[0].error)).not.to.include(token);

    failing = false;
    const recovered = await server.get('/revocation/me', bearer(token));
    expect(recovered.status).to.equal(200);
  });

  it('failure status 401 when configured', async () => {
    await start(401);
    failing = true;
    const response = await server.get('/revocation/me', bearer(auth.createAccessToken({ uid: 'ada' })));
    expect(response.status).to.equal(401);
    expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
  });
});

describe('revokeToken with a failing store', () => {
  it('answers 503 and logs', async () => {
    const logger = new MemoryLogger();
    const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }), {
      logger,
      revocationStore: { revoke: async () => { throw new Error('store down'); }, isRevoked: async () => false },
    });
    let caught: unknown;
    try {
      await auth.revokeToken(auth.createAccessToken({ uid: 'ada' }));
    } catch (error) {
      caught = error;
    }
    expect((caught as { status: number }).status).to.equal(503);
    expect((caught as Error).message).to.equal('Token could not be revoked; try again later');
    expect(logger.errors).to.have.length(1);
  });
});
