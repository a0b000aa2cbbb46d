import { expect } from 'chai';
import type Koa from 'koa';
import type { AuthX } from '../../src';
import { parseSetCookies } from '../support/cookies';
import { TestServer, bearer } from '../support/http';

describe('examples/complete', () => {
  let server: TestServer;
  let auth: AuthX;

  before(async () => {
    process.env.JWT_SECRET_KEY ??= 'examples-complete-spec-secret-0123456789abcdef';
    const { createApp } = require('../../examples/complete/app') as { createApp: () => Koa };
    auth = (require('../../examples/complete/auth') as { auth: AuthX }).auth;
    server = await TestServer.start(createApp());
  });

  after(() => server.close());

  const login = (body: unknown, path = '/auth/login') => server.request(path, { method: 'POST', body });

  async function cookieLogin() {
    const response = await login({ username: 'admin', password: 'admin' }, '/auth/cookie-login');
    const cookies = parseSetCookies(response.headers);
    const jar = Object.values(cookies).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
    return { response, cookies, jar };
  }

  describe('POST /auth/login', () => {
    it('returns a token pair with a fresh access token', async () => {
      const response = await login({ username: 'test', password: 'test' });
      expect(response.status).to.equal(200);
      expect(response.body.token_type).to.equal('bearer');
      expect(auth.decodeToken(response.body.access_token).fresh).to.equal(true);
      expect(auth.decodeToken(response.body.refresh_token).type).to.equal('refresh');
    });

    const bad: [string, unknown, number][] = [
      ['wrong password', { username: 'test', password: 'nope' }, 401],
      ['unknown user', { username: 'nobody', password: 'test' }, 401],
      ['prototype key as user', { username: '__proto__', password: 'x' }, 401],
      ['missing password', { username: 'test' }, 400],
      ['password a number', { username: 'test', password: 42 }, 400],
      ['empty object', {}, 400],
      ['array body', [1, 2], 400],
      ['malformed JSON', '{"username": "test",', 400],
      ['oversized field', { username: 'test', password: 'x'.repeat(300) }, 400],
    ];
    for (const [name, body, status] of bad) {
      it(name, async () => {
        const response = await login(body);
        expect(response.status, response.text).to.equal(status);
        expect(response.body.message).to.be.a('string');
      });
    }
  });

  describe('cookie flow', () => {
    it('cookie login sets four cookies', async () => {
      const { response, cookies } = await cookieLogin();
      expect(response.body).to.deep.equal({ login: true });
      expect(Object.keys(cookies)).to.deep.equal(['access_token_cookie', 'csrf_access_token', 'refresh_token_cookie', 'csrf_refresh_token']);
      expect(auth.decodeToken(cookies.access_token_cookie.value).fresh).to.equal(true);
    });

    it('GET /account with the cookie', async () => {
      const { jar } = await cookieLogin();
      const response = await server.get('/account', { cookie: jar });
      expect(response.body).to.deep.equal({ user_id: 'admin' });
    });

    it('PUT /account/password needs the CSRF header', async () => {
      const { jar, cookies } = await cookieLogin();
      const without = await server.request('/account/password', { method: 'PUT', headers: { cookie: jar }, body: { password: 'admin' } });
      const withHeader = await server.request('/account/password', {
        method: 'PUT', headers: { cookie: jar, 'x-csrf-token': cookies.csrf_access_token.value }, body: { password: 'admin' },
      });
      expect(without.status).to.equal(401);
      expect(without.body.message).to.include('X-CSRF-TOKEN');
      expect(withHeader.status).to.equal(200);
      expect(withHeader.body).to.deep.equal({ updated: true });
    });

    it('refresh from the cookie re-sets the access cookie', async () => {
      const { jar, cookies } = await cookieLogin();
      const response = await server.request('/auth/refresh', { method: 'POST', headers: { cookie: jar, 'x-csrf-token': cookies.csrf_refresh_token.value } });
      const renewed = parseSetCookies(response.headers);
      expect(response.status).to.equal(200);
      expect(renewed.access_token_cookie.value).to.equal(response.body.access_token);
      expect(auth.decodeToken(response.body.access_token).fresh).to.equal(false);
    });
  });

  describe('refresh and freshness', () => {
    it('refresh from the header sets no cookie', async () => {
      const pair = (await login({ username: 'test', password: 'test' })).body;
      const response = await server.request('/auth/refresh', { method: 'POST', headers: bearer(pair.refresh_token) });
      expect(response.status).to.equal(200);
      expect(response.headers['set-cookie']).to.equal(undefined);
    });

    it('refresh from the JSON body', async () => {
      const pair = (await login({ username: 'test', password: 'test' })).body;
      const response = await server.request('/auth/refresh', { method: 'POST', body: { refresh_token: pair.refresh_token } });
      expect(response.status).to.equal(200);
    });

    it('refreshed token cannot change the password', async () => {
      const pair = (await login({ username: 'test', password: 'test' })).body;
      const refreshed = (await server.request('/auth/refresh', { method: 'POST', headers: bearer(pair.refresh_token) })).body.access_token;
      const response = await server.request('/account/password', { method: 'PUT', headers: bearer(refreshed), body: { password: 'test' } });
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('FreshTokenRequiredError');
    });

    it('fresh token changes the password', async () => {
      const pair = (await login({ username: 'test', password: 'test' })).body;
      const response = await server.request('/account/password', { method: 'PUT', headers: bearer(pair.access_token), body: { password: 'test' } });
      expect(response.body).to.deep.equal({ updated: true });
    });

    it('password change with an invalid body', async () => {
      const pair = (await login({ username: 'test', password: 'test' })).body;
      const response = await server.request('/account/password', { method: 'PUT', headers: bearer(pair.access_token), body: { password: '' } });
      expect(response.status).to.equal(400);
    });

    it('access token on the refresh route', async () => {
      const pair = (await login({ username: 'test', password: 'test' })).body;
      const response = await server.request('/auth/refresh', { method: 'POST', headers: bearer(pair.access_token) });
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('RefreshTokenRequiredError');
    });
  });

  describe('logout and scopes', () => {
    const tokens = async (username: string) => (await login({ username, password: username })).body;

    it('logout revokes the access token', async () => {
      const pair = await tokens('test');
      const logout = await server.request('/auth/logout', { method: 'POST', headers: bearer(pair.access_token) });
      const reuse = await server.get('/account', bearer(pair.access_token));
      expect(logout.body).to.deep.equal({ logout: true, refresh_token_revoked: false });
      expect(Object.keys(parseSetCookies(logout.headers))).to.have.length(4);
      expect(reuse.status).to.equal(401);
      expect(reuse.body.error_type).to.equal('RevokedTokenError');
    });

    it('cookie logout clears the cookies', async () => {
      const { jar, cookies } = await cookieLogin();
      const logout = await server.request('/auth/logout', { method: 'POST', headers: { cookie: jar, 'x-csrf-token': cookies.csrf_access_token.value } });
      const cleared = parseSetCookies(logout.headers);
      const reuse = await server.get('/account', { cookie: jar });
      const refresh = await server.request('/auth/refresh', { method: 'POST', headers: { cookie: jar, 'x-csrf-token': cookies.csrf_refresh_token.value } });
      expect(logout.status).to.equal(200);
      expect(logout.body).to.deep.equal({ logout: true, refresh_token_revoked: true });
      expect(cleared.access_token_cookie.value).to.equal('');
      expect(reuse.body.error_type).to.equal('RevokedTokenError');
      expect(refresh.body.error_type).to.equal('RevokedTokenError');
    });

    it('logout with the refresh token in the body', async () => {
      const pair = await tokens('test');
      const logout = await server.request('/auth/logout', { method: 'POST', headers: bearer(pair.access_token), body: { refresh_token: pair.refresh_token } });
      const refresh = await server.request('/auth/refresh', { method: 'POST', headers: bearer(pair.refresh_token) });
      expect(logout.body).to.deep.equal({ logout: true, refresh_token_revoked: true });
      expect(refresh.status).to.equal(401);
      expect(refresh.body.error_type).to.equal('RevokedTokenError');
    });

    it('test lists users', async () => {
      const response = await server.get('/admin/users', bearer((await tokens('test')).access_token));
      expect(response.status).to.equal(200);
      expect(response.body.users.map((user: { id: string }) => user.id)).to.deep.equal(['test', 'admin']);
    });

    it('test cannot delete users', async () => {
      const response = await server.request('/admin/users/test', { method: 'DELETE', headers: bearer((await tokens('test')).access_token) });
      expect(response.status).to.equal(403);
      expect(response.headers['www-authenticate']).to.equal('Bearer error="insufficient_scope", scope="users:write"');
    });

    it('admin deletes through users:*', async () => {
      const response = await server.request('/admin/users/test', { method: 'DELETE', headers: bearer((await tokens('admin')).access_token) });
      expect(response.body).to.deep.equal({ deleted: 'test' });
    });

    it('unknown user is 404', async () => {
      const response = await server.request('/admin/users/nobody', { method: 'DELETE', headers: bearer((await tokens('admin')).access_token) });
      expect(response.status).to.equal(404);
    });

    it('refreshed token keeps the scopes', async () => {
      const pair = await tokens('test');
      const refreshed = (await server.request('/auth/refresh', { method: 'POST', headers: bearer(pair.refresh_token) })).body.access_token;
      const response = await server.get('/admin/users', bearer(refreshed));
      expect(response.status).to.equal(200);
    });
  });
});
