import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import { AuthX, AuthXConfig, AuthXConfigOptions } from '../../src';
import { parseSetCookies } from '../support/cookies';
import { TestServer } from '../support/http';
import { SECRET } from '../support/tokens';

function cookieApp(auth: AuthX): Koa {
  const app = new Koa();
  const router = new Router();
  auth.handleErrors(app);
  app.use(bodyParser());
  app.use(auth.implicitRefresh());

  router.post('/login', (ctx) => {
    auth.setAccessCookies(ctx, auth.createAccessToken({ uid: 'ada', fresh: true, scopes: ['notes:read'], data: { team: 'blue' } }));
    auth.setRefreshCookies(ctx, auth.createRefreshToken({ uid: 'ada' }));
    ctx.body = { login: true };
  });
  router.post('/short-login', (ctx) => {
    auth.setAccessCookies(ctx, auth.createAccessToken({ uid: 'ada', fresh: true, expiry: 30, scopes: ['notes:read'], audience: 'app', data: { team: 'blue' } }));
    ctx.body = { login: true };
  });
  router.post('/logout', (ctx) => {
    auth.unsetCookies(ctx);
    ctx.body = { logout: true };
  });
  router.get('/notes', auth.accessTokenRequired, (ctx) => {
    ctx.body = { user_id: ctx.state.user?.sub };
  });
  router.post('/notes', auth.accessTokenRequired, (ctx) => {
    ctx.body = { created: true };
  });
  router.post('/webhook', auth.tokenRequired({ csrf: false }), (ctx) => {
    ctx.body = { received: true };
  });
  router.post('/refresh', auth.refreshTokenRequired, (ctx) => {
    ctx.body = { refreshed: true };
  });
  router.get('/excluded/notes', auth.accessTokenRequired, (ctx) => {
    ctx.body = { user_id: ctx.state.user?.sub };
  });
  app.use(router.routes());
  return app;
}

async function withServer(options: Partial<AuthXConfigOptions>, body: (server: TestServer, auth: AuthX) => Promise<void>): Promise<void> {
  const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_TOKEN_LOCATION: ['cookies', 'headers'], ...options }));
  const server = await TestServer.start(cookieApp(auth));
  try {
    await body(server, auth);
  } finally {
    await server.close();
  }
}

async function login(server: TestServer, path = '/login') {
  const response = await server.request(path, { method: 'POST' });
  const cookies = parseSetCookies(response.headers);
  const jar = Object.values(cookies).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  return { response, cookies, jar };
}

describe('cookies', () => {
  it('default attributes', () => withServer({}, async (server, auth) => {
    const { cookies } = await login(server);

    expect(Object.keys(cookies)).to.deep.equal(['access_token_cookie', 'csrf_access_token', 'refresh_token_cookie', 'csrf_refresh_token']);
    expect(cookies.access_token_cookie.attributes).to.deep.equal({ path: '/', httponly: true, samesite: 'Lax' });
    expect(cookies.csrf_access_token.attributes).to.deep.equal({ path: '/', samesite: 'Lax' });
    expect(cookies.csrf_access_token.value).to.equal(auth.decodeToken(cookies.access_token_cookie.value).csrf);
    expect(cookies.csrf_refresh_token.value).to.equal(auth.decodeToken(cookies.refresh_token_cookie.value).csrf);
  }));

  it('secure, strict, domain, paths, not HttpOnly', () => withServer({
    JWT_COOKIE_SECURE: true,
    JWT_COOKIE_SAMESITE: 'strict',
    JWT_COOKIE_DOMAIN: 'example.test',
    JWT_COOKIE_HTTP_ONLY: false,
    JWT_REFRESH_COOKIE_PATH: '/refresh',
    JWT_REFRESH_CSRF_COOKIE_PATH: '/refresh',
  }, async (server) => {
    const { cookies } = await login(server);

    expect(cookies.access_token_cookie.attributes).to.deep.equal({ path: '/', domain: 'example.test', secure: true, samesite: 'Strict' });
    expect(cookies.refresh_token_cookie.attributes.path).to.equal('/refresh');
    expect(cookies.csrf_refresh_token.attributes.path).to.equal('/refresh');
  }));

  it('SameSite none implies Secure', () => withServer({ JWT_COOKIE_SAMESITE: 'none' }, async (server) => {
    const { cookies } = await login(server);
    expect(cookies.access_token_cookie.attributes.secure).to.equal(true);
    expect(cookies.access_token_cookie.attributes.samesite).to.equal('None');
  }));

  it('persistent cookies last as long as the token', () => withServer({ JWT_SESSION_COOKIE: false, JWT_ACCESS_TOKEN_EXPIRES: 600 }, async (server) => {
    const { cookies } = await login(server);
    const maxAge = Number(cookies.access_token_cookie.attributes['max-age']);
    expect(maxAge).to.be.within(598, 600);
    expect(Date.parse(cookies.access_token_cookie.attributes.expires as string)).to.be.greaterThan(Date.now());
  }));

  it('JWT_COOKIE_MAX_AGE overrides the lifetime', () => withServer({ JWT_SESSION_COOKIE: false, JWT_COOKIE_MAX_AGE: 120 }, async (server) => {
    const { cookies } = await login(server);
    expect(cookies.access_token_cookie.attributes['max-age']).to.equal('120');
  }));

  it('no CSRF cookie when JWT_CSRF_IN_COOKIES is off', () => withServer({ JWT_CSRF_IN_COOKIES: false }, async (server) => {
    const { cookies } = await login(server);
    expect(Object.keys(cookies)).to.deep.equal(['access_token_cookie', 'refresh_token_cookie']);
  }));

  it('no csrf claim when CSRF protection is off', () => withServer({ JWT_COOKIE_CSRF_PROTECT: false }, async (server, auth) => {
    const { cookies } = await login(server);
    expect(auth.decodeToken(cookies.access_token_cookie.value).csrf).to.equal(undefined);
    expect(cookies).not.to.have.property('csrf_access_token');
  }));

  it('logout clears all four cookies', () => withServer({}, async (server) => {
    const response = await server.request('/logout', { method: 'POST' });
    const cookies = parseSetCookies(response.headers);
    expect(Object.keys(cookies)).to.have.length(4);
    for (const cookie of Object.values(cookies)) {
      expect(cookie.value, cookie.name).to.equal('');
      expect(cookie.attributes['max-age'], cookie.name).to.equal('0');
    }
  }));
});

describe('CSRF double submit', () => {
  it('GET needs no CSRF value', () => withServer({}, async (server) => {
    const { jar } = await login(server);
    const response = await server.get('/notes', { cookie: jar });
    expect(response.status).to.equal(200);
    expect(response.body.user_id).to.equal('ada');
  }));

  it('POST without the header', () => withServer({}, async (server) => {
    const { jar } = await login(server);
    const response = await server.request('/notes', { method: 'POST', headers: { cookie: jar } });
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({
      message: 'Missing CSRF token: send the X-CSRF-TOKEN header with the value of the csrf_access_token cookie',
      error_type: 'CSRFError',
    });
    expect(response.headers['www-authenticate']).to.equal(undefined);
  }));

  it('POST with the header', () => withServer({}, async (server) => {
    const { jar, cookies } = await login(server);
    const response = await server.request('/notes', { method: 'POST', headers: { cookie: jar, 'x-csrf-token': cookies.csrf_access_token.value } });
    expect(response.status).to.equal(200);
  }));

  it('POST with a wrong value', () => withServer({}, async (server) => {
    const { jar } = await login(server);
    const response = await server.request('/notes', { method: 'POST', headers: { cookie: jar, 'x-csrf-token': 'forged-value' } });
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('CSRFError');
    expect(response.body.message).to.include('does not match');
    expect(response.text).not.to.include('forged-value');
  }));

  it('POST with the refresh CSRF value on an access route', () => withServer({}, async (server) => {
    const { jar, cookies } = await login(server);
    const response = await server.request('/notes', { method: 'POST', headers: { cookie: jar, 'x-csrf-token': cookies.csrf_refresh_token.value } });
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('CSRFError');
  }));

  it('form field when JWT_CSRF_CHECK_FORM is on', () => withServer({ JWT_CSRF_CHECK_FORM: true }, async (server) => {
    const { jar, cookies } = await login(server);
    const response = await server.request('/notes', {
      method: 'POST',
      headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf_token=${cookies.csrf_access_token.value}`,
    });
    expect(response.status).to.equal(200);
  }));

  it('form field ignored when JWT_CSRF_CHECK_FORM is off', () => withServer({}, async (server) => {
    const { jar, cookies } = await login(server);
    const response = await server.request('/notes', {
      method: 'POST',
      headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf_token=${cookies.csrf_access_token.value}`,
    });
    expect(response.status).to.equal(401);
  }));

  it('route that opts out', () => withServer({}, async (server) => {
    const { jar } = await login(server);
    const response = await server.request('/webhook', { method: 'POST', headers: { cookie: jar } });
    expect(response.status).to.equal(200);
  }));

  it('header token needs no CSRF value', () => withServer({}, async (server, auth) => {
    const response = await server.request('/notes', { method: 'POST', headers: { authorization: `Bearer ${auth.createAccessToken({ uid: 'ada' })}` } });
    expect(response.status).to.equal(200);
  }));

  it('refresh cookie needs the refresh CSRF value', () => withServer({}, async (server) => {
    const { jar, cookies } = await login(server);
    const without = await server.request('/refresh', { method: 'POST', headers: { cookie: jar } });
    const withValue = await server.request('/refresh', { method: 'POST', headers: { cookie: jar, 'x-csrf-token': cookies.csrf_refresh_token.value } });
    expect(without.status).to.equal(401);
    expect(withValue.status).to.equal(200);
  }));

  it('custom CSRF methods and header', () => withServer({ JWT_CSRF_METHODS: ['GET'], JWT_ACCESS_CSRF_HEADER_NAME: 'X-XSRF' }, async (server) => {
    const { jar, cookies } = await login(server);
    const get = await server.get('/notes', { cookie: jar });
    const getWithHeader = await server.get('/notes', { cookie: jar, 'x-xsrf': cookies.csrf_access_token.value });
    const post = await server.request('/notes', { method: 'POST', headers: { cookie: jar } });
    expect(get.status).to.equal(401);
    expect(get.body.message).to.include('X-XSRF');
    expect(getWithHeader.status).to.equal(200);
    expect(post.status).to.equal(200);
  }));
});

describe('implicit refresh', () => {
  it('re-issues a cookie inside the window', () => withServer({}, async (server, auth) => {
    const { jar } = await login(server, '/short-login');
    const response = await server.get('/notes', { cookie: jar });
    const cookies = parseSetCookies(response.headers);

    expect(response.status).to.equal(200);
    const renewed = auth.decodeToken(cookies.access_token_cookie.value);
    expect(renewed.fresh).to.equal(false);
    expect(renewed.scopes).to.deep.equal(['notes:read']);
    expect(renewed.aud).to.equal('app');
    expect(renewed.extra).to.deep.equal({ team: 'blue' });
    expect(renewed.timeUntilExpiry()).to.be.greaterThan(800);
    expect(cookies.csrf_access_token.value).to.equal(renewed.csrf);
  }));

  it('leaves a cookie outside the window', () => withServer({}, async (server) => {
    const { jar } = await login(server);
    const response = await server.get('/notes', { cookie: jar });
    expect(response.headers['set-cookie']).to.equal(undefined);
  }));

  it('window set by JWT_IMPLICIT_REFRESH_DELTATIME', () => withServer({ JWT_IMPLICIT_REFRESH_DELTATIME: 5 }, async (server) => {
    const { jar } = await login(server, '/short-login');
    const response = await server.get('/notes', { cookie: jar });
    expect(response.headers['set-cookie']).to.equal(undefined);
  }));

  it('never re-issues an expired cookie', () => withServer({}, async (server, auth) => {
    const expired = auth.createAccessToken({ uid: 'ada', expiry: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await server.get('/notes', { cookie: `access_token_cookie=${expired}` });
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('TokenExpiredError');
    expect(response.headers['set-cookie']).to.equal(undefined);
  }));

  it('never re-issues a forged cookie on a public path', () => withServer({}, async (server) => {
    const response = await server.request('/login', { method: 'POST', headers: { cookie: 'access_token_cookie=a.b.c' } });
    const names = Object.keys(parseSetCookies(response.headers));
    expect(names).to.deep.equal(['access_token_cookie', 'csrf_access_token', 'refresh_token_cookie', 'csrf_refresh_token']);
  }));

  it('route exclude', () => withServer({ JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE: ['/excluded/*'] }, async (server) => {
    const { jar } = await login(server, '/short-login');
    const excluded = await server.get('/excluded/notes', { cookie: jar });
    const included = await server.get('/notes', { cookie: jar });
    expect(excluded.headers['set-cookie']).to.equal(undefined);
    expect(included.headers['set-cookie']).to.have.length(2);
  }));

  it('route include', () => withServer({ JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE: ['/excluded/notes'] }, async (server) => {
    const { jar } = await login(server, '/short-login');
    const listed = await server.get('/excluded/notes', { cookie: jar });
    const other = await server.get('/notes', { cookie: jar });
    expect(listed.headers['set-cookie']).to.have.length(2);
    expect(other.headers['set-cookie']).to.equal(undefined);
  }));

  it('method include and exclude', () => withServer({ JWT_IMPLICIT_REFRESH_METHOD_INCLUDE: ['GET', 'POST'], JWT_IMPLICIT_REFRESH_METHOD_EXCLUDE: ['POST'] }, async (server) => {
    const { jar, cookies } = await login(server, '/short-login');
    const get = await server.get('/notes', { cookie: jar });
    const post = await server.request('/notes', { method: 'POST', headers: { cookie: jar, 'x-csrf-token': cookies.csrf_access_token.value } });
    expect(get.headers['set-cookie']).to.have.length(2);
    expect(post.status).to.equal(200);
    expect(post.headers['set-cookie']).to.equal(undefined);
  }));

  it('no re-issue after a failed request', () => withServer({}, async (server) => {
    const { jar } = await login(server, '/short-login');
    const response = await server.request('/notes', { method: 'POST', headers: { cookie: jar } });
    expect(response.status).to.equal(401);
    expect(response.headers['set-cookie']).to.equal(undefined);
  }));
});
