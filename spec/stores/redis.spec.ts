import { expect } from 'chai';
import Redis from 'ioredis';
import { Authorized, CurrentUser, Get, JsonController, Post } from 'routing-controllers';
import { AuthX, AuthXConfig, RedisRevocationStore, TokenPayload } from '../../src';
import { MemoryLogger, controllerApp } from '../support/apps';
import { TestServer, bearer } from '../support/http';
import { RedisServer, requireRedis } from '../support/redis';
import { SECRET } from '../support/tokens';

@JsonController('/redis')
@Authorized()
class SessionController {
  @Get('/me')
  me(@CurrentUser() user: TokenPayload) {
    return { user_id: user.sub };
  }

  @Post('/logout')
  async logout(@CurrentUser() user: TokenPayload) {
    await instanceRevoker(user);
    return { logout: true };
  }
}

/** Each app instance revokes through its own AuthX, set by the spec. */
let instanceRevoker: (user: TokenPayload) => Promise<void> = async () => {};

describe('Redis revocation store across two instances', function () {
  this.timeout(30000);

  let redisServer: RedisServer;
  const clients: Redis[] = [];
  const servers: TestServer[] = [];
  const auths: AuthX[] = [];
  const loggers: MemoryLogger[] = [];

  before(async function () {
    const binary = requireRedis(this);
    redisServer = await RedisServer.start(binary);

    for (let i = 0; i < 2; i++) {
      const client = new Redis(redisServer.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 100, lazyConnect: false });
      client.on('error', () => {
        // Connection errors while Redis is stopped are expected; the store reports them per request.
      });
      const logger = new MemoryLogger();
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }), {
        logger,
        revocationStore: new RedisRevocationStore(client, { keyPrefix: 'spec:revoked:', timeoutMs: 500 }),
      });
      clients.push(client);
      loggers.push(logger);
      auths.push(auth);
      servers.push(await TestServer.start(controllerApp(auth, [SessionController])));
    }
    await Promise.all(clients.map((client) => new Promise<void>((resolve) => (client.status === 'ready' ? resolve() : client.once('ready', () => resolve())))));
    instanceRevoker = (user) => auths[0].revokeToken(user);
  });

  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
    clients.forEach((client) => client.disconnect());
    await redisServer?.stop();
  });

  it('token accepted by both instances', async () => {
    const token = auths[0].createAccessToken({ uid: 'ada' });
    for (const server of servers) {
      const response = await server.get('/redis/me', bearer(token));
      expect(response.status).to.equal(200);
    }
  });

  it('logout on one rejects on the other', async () => {
    const token = auths[0].createAccessToken({ uid: 'ada' });
    const logout = await servers[0].request('/redis/logout', { method: 'POST', headers: bearer(token) });
    const other = await servers[1].get('/redis/me', bearer(token));

    expect(logout.body).to.deep.equal({ logout: true });
    expect(other.status).to.equal(401);
    expect(other.body).to.deep.equal({ message: 'Token has been revoked', error_type: 'RevokedTokenError' });
    expect(other.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
  });

  it('key has the prefix and a TTL', async () => {
    const payload = auths[1].decodeToken(auths[1].createAccessToken({ uid: 'ada', expiry: 120 }));
    await auths[1].revokeToken(payload);
    const ttl = await clients[0].ttl(`spec:revoked:${payload.jti}`);
    expect(ttl).to.be.within(118, 120);
  });

  it('fails closed while Redis is down, then recovers', async () => {
    const token = auths[0].createAccessToken({ uid: 'ada' });
    const timings: number[] = [];

    await redisServer.stop();
    for (let i = 0; i < 3; i++) {
      for (const server of servers) {
        const started = Date.now();
        const response = await server.get('/redis/me', bearer(token));
        timings.push(Date.now() - started);
        expect(response.status).to.equal(503);
        expect(response.body.error_type).to.equal('RevocationCheckFailedError');
      }
    }
    expect(loggers[0].errors, 'one log line per outage').to.have.length(1);
    expect(loggers[1].errors, 'one log line per outage').to.have.length(1);
    console.log(`      requests while Redis was down took ${Math.min(...timings)}-${Math.max(...timings)} ms`);

    await redisServer.restart();
    await Promise.all(clients.map((client) => new Promise<void>((resolve) => (client.status === 'ready' ? resolve() : client.once('ready', () => resolve())))));
    for (const server of servers) {
      const response = await server.get('/redis/me', bearer(token));
      expect(response.status).to.equal(200);
    }
    expect(loggers[0].warnings.some((line) => line.includes('recovered'))).to.equal(true);
  });

  it('cost of the Redis check per request', async () => {
    const token = auths[0].createAccessToken({ uid: 'ada' });
    const rounds = 300;
    const started = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) await auths[0].verifyToken(token);
    const withRedis = Number(process.hrtime.bigint() - started) / rounds / 1000;

    const decodeStarted = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) auths[0].decodeToken(token);
    const withoutRedis = Number(process.hrtime.bigint() - decodeStarted) / rounds / 1000;

    console.log(`      verifyToken with the Redis check: ${withRedis.toFixed(1)} us; decodeToken alone: ${withoutRedis.toFixed(1)} us (measured, not asserted)`);
    expect(await auths[0].verifyToken(token)).to.have.property('sub', 'ada');
  });
});
