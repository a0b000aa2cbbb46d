import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import { AuthX, AuthXConfig } from '../../src';
import { TestServer, bearer } from '../support/http';
import { SECRET } from '../support/tokens';

describe('plain Koa guards', () => {
  const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }));
  let server: TestServer;

  before(async () => {
    const app = new Koa();
    const router = new Router();
    auth.handleErrors(app);
    router.get('/access', auth.accessTokenRequired, (ctx) => {
      ctx.body = { user_id: ctx.state.user?.sub };
    });
    router.post('/refresh', auth.refreshTokenRequired, (ctx) => {
      ctx.body = { access_token: auth.createAccessToken({ uid: ctx.state.user!.sub }) };
    });
    router.get('/fresh', auth.freshTokenRequired, (ctx) => {
      ctx.body = { fresh: true };
    });
    router.get('/scoped', auth.scopesRequired('reports:read'), (ctx) => {
      ctx.body = { reports: [] };
    });
    app.use(router.routes());
    server = await TestServer.start(app);
  });

  after(() => server.close());

  it('access guard with an access token', async () => {
    const response = await server.get('/access', bearer(auth.createAccessToken({ uid: 'ada' })));
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal({ user_id: 'ada' });
  });

  it('access guard without a token', async () => {
    const response = await server.get('/access');
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({ message: 'Missing JWT in request', error_type: 'MissingTokenError' });
  });

  it('refresh guard with a refresh token', async () => {
    const response = await server.request('/refresh', { method: 'POST', headers: bearer(auth.createRefreshToken({ uid: 'ada' })) });
    expect(response.status).to.equal(200);
    expect(auth.decodeToken(response.body.access_token).sub).to.equal('ada');
  });

  it('refresh guard with an access token', async () => {
    const response = await server.request('/refresh', { method: 'POST', headers: bearer(auth.createAccessToken({ uid: 'ada' })) });
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('RefreshTokenRequiredError');
    expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
  });

  it('fresh guard with a fresh token', async () => {
    const response = await server.get('/fresh', bearer(auth.createAccessToken({ uid: 'ada', fresh: true })));
    expect(response.status).to.equal(200);
  });

  it('fresh guard with a stale token', async () => {
    const response = await server.get('/fresh', bearer(auth.createAccessToken({ uid: 'ada' })));
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('FreshTokenRequiredError');
  });

  it('scope guard without the scope', async () => {
    const response = await server.get('/scoped', bearer(auth.createAccessToken({ uid: 'ada' })));
    expect(response.status).to.equal(403);
    expect(response.headers['www-authenticate']).to.equal('Bearer error="insufficient_scope", scope="reports:read"');
  });

  it('scope guard with a wildcard scope', async () => {
    const response = await server.get('/scoped', bearer(auth.createAccessToken({ uid: 'ada', scopes: ['reports:*'] })));
    expect(response.status).to.equal(200);
  });
});
