import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import Koa from 'koa';
import { AuthX, AuthXConfig, AuthXConfigOptions } from '../../src';
import { compileDocs } from '../support/docs';
import { Response, TestServer, bearer } from '../support/http';
import { forgeToken, nowSeconds } from '../support/tokens';

const PAGES = ['token-locations.md', 'cookies-and-csrf.md', 'refresh-and-freshness.md'];

interface Page {
  app: Koa;
  auth: AuthX;
  plainApp?: Koa;
}

let files: Record<string, string> | undefined;

/** Compiles the three pages together on first use, then requires the one asked for. */
function loadPage(name: string): Page {
  files ??= compileDocs(PAGES);
  return require(files[name]);
}

/** Collects the `Set-Cookie` lines of a response, keyed by cookie name. */
function setCookies(response: Response): Record<string, string> {
  const lines: Record<string, string> = {};
  for (const line of response.headers['set-cookie'] ?? []) {
    lines[line.slice(0, line.indexOf('='))] = line;
  }
  return lines;
}

function cookieValue(line: string): string {
  return line.slice(line.indexOf('=') + 1, line.indexOf(';'));
}

function cookieHeader(cookies: Record<string, string>): Record<string, string> {
  return { cookie: Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ') };
}

const JWT_PATTERN = '[\\w-]+\\.[\\w-]+\\.[\\w-]+';
const SECURE_ATTRIBUTE = process.env.NODE_ENV === 'production' ? '; Secure' : '';

describe('docs/token-locations.md', () => {
  let page: Page;
  let server: TestServer;
  let token: string;

  before(async function () {
    this.timeout(60000);
    page = loadPage('token-locations.md');
    server = await TestServer.start(page.app);
    token = page.auth.createAccessToken({ uid: 'ada' });
  });

  after(() => server?.close());

  it('header token', async () => {
    const response = await server.get('/locations/whoami', bearer(token));
    expect(response.body).to.deep.equal({ user_id: 'ada', location: 'headers' });
  });

  it('cookie token', async () => {
    const response = await server.get('/locations/whoami', cookieHeader({ access_token_cookie: token }));
    expect(response.body).to.deep.equal({ user_id: 'ada', location: 'cookies' });
  });

  it('query token', async () => {
    const response = await server.get(`/locations/whoami?token=${token}`);
    expect(response.body).to.deep.equal({ user_id: 'ada', location: 'query' });
  });

  it('JSON body token', async () => {
    const response = await server.request('/locations/whoami', { method: 'POST', body: { access_token: token } });
    expect(response.body).to.deep.equal({ user_id: 'ada', location: 'json' });
  });

  it('form body token ignored', async () => {
    const response = await server.request('/locations/whoami', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `access_token=${token}`,
    });
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('MissingTokenError');
  });

  it('header wins over cookie', async () => {
    const otherToken = page.auth.createAccessToken({ uid: 'grace' });
    const response = await server.get('/locations/whoami', { ...bearer(token), ...cookieHeader({ access_token_cookie: otherToken }) });
    expect(response.body).to.deep.equal({ user_id: 'ada', location: 'headers' });
  });

  it('invalid first token not retried', async () => {
    const response = await server.get(`/locations/whoami?token=${token}`, bearer('not.a.token'));
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({ message: 'Invalid Token', error_type: 'InvalidTokenError' });
  });

  it('cookie POST needs CSRF', async () => {
    const response = await server.request('/locations/whoami', { method: 'POST', headers: cookieHeader({ access_token_cookie: token }) });
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('CSRFError');
  });

  it('no token anywhere', async () => {
    const response = await server.get('/locations/whoami');
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({
      message: 'Missing JWT in request: looked in the Authorization header, the access_token_cookie cookie, the token query parameter, the access_token JSON field',
      error_type: 'MissingTokenError',
    });
  });

  it('headers-only route with header', async () => {
    const response = await server.get('/locations/admin', bearer(token));
    expect(response.body).to.deep.equal({ admin: 'ada' });
  });

  it('headers-only route with query token', async () => {
    const response = await server.get(`/locations/admin?token=${token}`);
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({ message: 'Missing JWT in request', error_type: 'MissingTokenError' });
  });

  it('headers-only route with cookie', async () => {
    const response = await server.get('/locations/admin', cookieHeader({ access_token_cookie: token }));
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('MissingTokenError');
  });

  it('query parameter twice', async () => {
    const response = await server.get(`/locations/whoami?token=${token}&token=${token}`);
    expect(response.status).to.equal(400);
    expect(response.body).to.deep.equal({ message: 'Send the token query parameter once', error_type: 'InvalidRequestError' });
  });

  it('JSON field not a string', async () => {
    const response = await server.request('/locations/whoami', { method: 'POST', body: { access_token: 42 } });
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({ message: 'Invalid Token: the access_token field must be a string', error_type: 'InvalidTokenError' });
  });
});

describe('docs/cookies-and-csrf.md', () => {
  let page: Page;
  let server: TestServer;

  before(async function () {
    this.timeout(60000);
    page = loadPage('cookies-and-csrf.md');
    server = await TestServer.start(page.app);
  });

  after(() => server?.close());

  async function login(): Promise<Record<string, string>> {
    const response = await server.request('/cookies/login', { method: 'POST', body: { username: 'ada', password: 'lovelace' } });
    expect(response.status).to.equal(200);
    const lines = setCookies(response);
    return Object.fromEntries(Object.entries(lines).map(([name, line]) => [name, cookieValue(line)]));
  }

  function postNote(cookies: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return server.request('/cookies/notes', { method: 'POST', headers: { ...cookieHeader(cookies), ...headers }, body: { text: 'buy milk' } });
  }

  describe('login', () => {
    let response: Response;
    let lines: Record<string, string>;

    before(async () => {
      response = await server.request('/cookies/login', { method: 'POST', body: { username: 'ada', password: 'lovelace' } });
      lines = setCookies(response);
    });

    it('responds', () => {
      expect(response.body).to.deep.equal({ login: true });
    });

    it('sets four cookies', () => {
      expect(Object.keys(lines)).to.have.members(['access_token_cookie', 'csrf_access_token', 'refresh_token_cookie', 'csrf_refresh_token']);
    });

    it('access cookie attributes', () => {
      expect(lines.access_token_cookie).to.match(new RegExp(`^access_token_cookie=${JWT_PATTERN}; Path=/; HttpOnly${SECURE_ATTRIBUTE}; SameSite=Lax$`));
    });

    it('refresh cookie attributes', () => {
      expect(lines.refresh_token_cookie).to.match(new RegExp(`^refresh_token_cookie=${JWT_PATTERN}; Path=/; HttpOnly${SECURE_ATTRIBUTE}; SameSite=Lax$`));
    });

    it('CSRF cookies readable by scripts', () => {
      expect(lines.csrf_access_token).to.match(new RegExp(`^csrf_access_token=[\\w-]+; Path=/${SECURE_ATTRIBUTE}; SameSite=Lax$`));
      expect(lines.csrf_refresh_token).to.match(new RegExp(`^csrf_refresh_token=[\\w-]+; Path=/${SECURE_ATTRIBUTE}; SameSite=Lax$`));
    });

    it('CSRF cookie holds the csrf claim', () => {
      const payload = page.auth.decodeToken(cookieValue(lines.access_token_cookie));
      expect(cookieValue(lines.csrf_access_token)).to.equal(payload.csrf);
    });

    it('access token is fresh', () => {
      expect(page.auth.decodeToken(cookieValue(lines.access_token_cookie)).fresh).to.equal(true);
    });
  });

  it('bad credentials', async () => {
    const response = await server.request('/cookies/login', { method: 'POST', body: { username: 'ada', password: 'x' } });
    expect(response.status).to.equal(401);
    expect(response.headers['set-cookie']).to.equal(undefined);
  });

  it('logout clears four cookies', async () => {
    const response = await server.request('/cookies/logout', { method: 'POST' });
    const lines = setCookies(response);
    expect(Object.keys(lines)).to.have.members(['access_token_cookie', 'csrf_access_token', 'refresh_token_cookie', 'csrf_refresh_token']);
    for (const line of Object.values(lines)) {
      expect(line).to.match(/^\w+=; Path=\/; Max-Age=0; Expires=/);
    }
  });

  it('GET with the cookie only', async () => {
    const cookies = await login();
    const response = await server.get('/cookies/notes', cookieHeader(cookies));
    expect(response.status).to.equal(200);
    expect(response.body).to.be.an('array');
  });

  it('POST without CSRF header', async () => {
    const response = await postNote(await login());
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({
      message: 'Missing CSRF token: send the X-CSRF-TOKEN header or the csrf_token form field with the value of the csrf_access_token cookie',
      error_type: 'CSRFError',
    });
    expect(response.headers['www-authenticate']).to.equal(undefined);
  });

  it('POST with CSRF header', async () => {
    const cookies = await login();
    const response = await postNote(cookies, { 'X-CSRF-TOKEN': cookies.csrf_access_token });
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal({ added: 'buy milk' });
  });

  it('POST with wrong CSRF value', async () => {
    const cookies = await login();
    const response = await postNote(cookies, { 'X-CSRF-TOKEN': cookies.csrf_refresh_token });
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({
      message: 'CSRF token does not match: send the value of the csrf_access_token cookie in X-CSRF-TOKEN',
      error_type: 'CSRFError',
    });
  });

  it('POST with CSRF form field', async () => {
    const cookies = await login();
    const response = await server.request('/cookies/notes', {
      method: 'POST',
      headers: { ...cookieHeader(cookies), 'content-type': 'application/x-www-form-urlencoded' },
      body: `text=from+a+form&csrf_token=${cookies.csrf_access_token}`,
    });
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal({ added: 'from a form' });
  });

  it('POST with bearer token, no CSRF', async () => {
    const token = page.auth.createAccessToken({ uid: 'ada' });
    const response = await server.request('/cookies/notes', { method: 'POST', headers: bearer(token), body: { text: 'from a script' } });
    expect(response.status).to.equal(200);
  });

  it('route opted out of CSRF', async () => {
    const cookies = await login();
    const response = await server.request('/cookies/search', { method: 'POST', headers: cookieHeader(cookies), body: { query: 'milk' } });
    expect(response.status).to.equal(200);
    expect(response.body).to.be.an('array');
  });

  it('cookie token without csrf claim', async () => {
    const headersOnly = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }));
    const token = headersOnly.createAccessToken({ uid: 'ada' });
    const response = await postNote({ access_token_cookie: token }, { 'X-CSRF-TOKEN': 'anything' });
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({
      message: 'CSRF check failed: the token carries no csrf claim; log in again to get cookies with CSRF protection',
      error_type: 'CSRFError',
    });
  });

  describe('cookie settings', () => {
    /** Sets the access cookies of a token that lives `lifetime` seconds, under `options`. */
    async function accessCookieLines(options: AuthXConfigOptions, lifetime = 900): Promise<Record<string, string>> {
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY, JWT_TOKEN_LOCATION: ['cookies'], ...options }));
      const app = new Koa();
      app.use((ctx) => {
        auth.setAccessCookies(ctx, auth.createAccessToken({ uid: 'ada', expiry: lifetime }));
        ctx.body = {};
      });
      const settingsServer = await TestServer.start(app);
      try {
        return setCookies(await settingsServer.get('/'));
      } finally {
        await settingsServer.close();
      }
    }

    it('persistent cookie lasts the token lifetime', async () => {
      const lines = await accessCookieLines({ JWT_SESSION_COOKIE: false }, 900);
      const maxAge = Number(/Max-Age=(\d+)/.exec(lines.access_token_cookie)?.[1]);
      expect(maxAge).to.be.within(898, 900);
      expect(lines.csrf_access_token).to.include(`Max-Age=${maxAge}`);
    });

    it('JWT_COOKIE_MAX_AGE as a duration', async () => {
      const lines = await accessCookieLines({ JWT_SESSION_COOKIE: false, JWT_COOKIE_MAX_AGE: '7d' });
      expect(lines.access_token_cookie).to.include('Max-Age=604800');
    });

    it('SameSite none adds Secure', async () => {
      const lines = await accessCookieLines({ JWT_COOKIE_SAMESITE: 'none' });
      expect(lines.access_token_cookie).to.match(/; HttpOnly; Secure; SameSite=None$/);
    });

    it('domain and narrowed path', async () => {
      const lines = await accessCookieLines({ JWT_COOKIE_DOMAIN: 'example.com', JWT_ACCESS_COOKIE_PATH: '/api' });
      expect(lines.access_token_cookie).to.match(/; Path=\/api; Domain=example\.com; HttpOnly; SameSite=Lax$/);
      expect(lines.csrf_access_token).to.match(/; Path=\/; Domain=example\.com; SameSite=Lax$/);
    });

    it('JWT_CSRF_IN_COOKIES off', async () => {
      const lines = await accessCookieLines({ JWT_CSRF_IN_COOKIES: false });
      expect(Object.keys(lines)).to.deep.equal(['access_token_cookie']);
    });
  });
});

describe('docs/refresh-and-freshness.md', () => {
  let page: Page;
  let server: TestServer;
  let plainServer: TestServer;

  before(async function () {
    this.timeout(60000);
    page = loadPage('refresh-and-freshness.md');
    server = await TestServer.start(page.app);
    plainServer = await TestServer.start(page.plainApp!);
  });

  after(async () => {
    await server?.close();
    await plainServer?.close();
  });

  async function loginPair(): Promise<{ access_token: string; refresh_token: string; token_type: string }> {
    const response = await server.request('/refresh/auth/login', { method: 'POST', body: { username: 'ada', password: 'lovelace' } });
    expect(response.status).to.equal(200);
    return response.body;
  }

  async function refreshedToken(): Promise<string> {
    const { refresh_token } = await loginPair();
    const response = await server.request('/refresh/auth/token', { method: 'POST', headers: bearer(refresh_token) });
    expect(response.status).to.equal(200);
    return response.body.access_token;
  }

  function changePassword(headers: Record<string, string>): Promise<Response> {
    return server.request('/refresh/account/password', { method: 'PUT', headers, body: { password: 'lovelace' } });
  }

  describe('token pair', () => {
    it('pair holds both token types', async () => {
      const pair = await loginPair();
      expect(pair.token_type).to.equal('bearer');
      expect(page.auth.decodeToken(pair.access_token).type).to.equal('access');
      expect(page.auth.decodeToken(pair.refresh_token).type).to.equal('refresh');
    });

    it('access token fresh', async () => {
      const pair = await loginPair();
      expect(page.auth.decodeToken(pair.access_token).fresh).to.equal(true);
    });

    it('refresh token not fresh', async () => {
      const pair = await loginPair();
      expect(page.auth.decodeToken(pair.refresh_token).fresh).to.equal(false);
    });
  });

  describe('refresh route', () => {
    it('bearer refresh token', async () => {
      const token = await refreshedToken();
      expect(page.auth.decodeToken(token).sub).to.equal('ada');
    });

    it('refreshed token not fresh', async () => {
      const token = await refreshedToken();
      expect(page.auth.decodeToken(token).fresh).to.equal(false);
    });

    it('refresh token in JSON body', async () => {
      const { refresh_token } = await loginPair();
      const response = await server.request('/refresh/auth/token', { method: 'POST', body: { refresh_token } });
      expect(response.status).to.equal(200);
      expect(response.headers['set-cookie']).to.equal(undefined);
    });

    it('access token rejected', async () => {
      const { access_token } = await loginPair();
      const response = await server.request('/refresh/auth/token', { method: 'POST', headers: bearer(access_token) });
      expect(response.status).to.equal(401);
      expect(response.body).to.deep.equal({ message: 'Refresh token required, not an access token', error_type: 'RefreshTokenRequiredError' });
      expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
    });

    it('expired refresh token', async () => {
      const expired = forgeToken(
        { alg: 'HS256', typ: 'JWT' },
        { sub: 'ada', type: 'refresh', jti: randomUUID(), iat: nowSeconds() - 100, exp: nowSeconds() - 10 },
        page.auth.config.JWT_SECRET_KEY,
      );
      const response = await server.request('/refresh/auth/token', { method: 'POST', headers: bearer(expired) });
      expect(response.status).to.equal(401);
      expect(response.body).to.deep.equal({ message: 'Token has expired', error_type: 'TokenExpiredError' });
      expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
    });

    it('refresh token on an access route', async () => {
      const { refresh_token } = await loginPair();
      const response = await server.get('/refresh/account/profile', bearer(refresh_token));
      expect(response.status).to.equal(401);
      expect(response.body).to.deep.equal({ message: 'Access token required, not a refresh token', error_type: 'AccessTokenRequiredError' });
      expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
    });
  });

  describe('refresh cookie', () => {
    async function cookieLogin(): Promise<Record<string, string>> {
      const response = await server.request('/refresh/auth/cookie-login', { method: 'POST', body: { username: 'ada', password: 'lovelace' } });
      expect(response.status).to.equal(200);
      return Object.fromEntries(Object.entries(setCookies(response)).map(([name, line]) => [name, cookieValue(line)]));
    }

    it('with CSRF header sets the access cookie', async () => {
      const cookies = await cookieLogin();
      const response = await server.request('/refresh/auth/token', {
        method: 'POST',
        headers: { ...cookieHeader(cookies), 'X-CSRF-TOKEN': cookies.csrf_refresh_token },
      });
      expect(response.status).to.equal(200);
      expect(cookieValue(setCookies(response).access_token_cookie)).to.equal(response.body.access_token);
    });

    it('sets a new access CSRF cookie', async () => {
      const cookies = await cookieLogin();
      const response = await server.request('/refresh/auth/token', {
        method: 'POST',
        headers: { ...cookieHeader(cookies), 'X-CSRF-TOKEN': cookies.csrf_refresh_token },
      });
      const lines = setCookies(response);
      expect(cookieValue(lines.csrf_access_token)).to.equal(page.auth.decodeToken(response.body.access_token).csrf);
    });

    it('without CSRF header', async () => {
      const cookies = await cookieLogin();
      const response = await server.request('/refresh/auth/token', { method: 'POST', headers: cookieHeader(cookies) });
      expect(response.status).to.equal(401);
      expect(response.body).to.deep.equal({
        message: 'Missing CSRF token: send the X-CSRF-TOKEN header with the value of the csrf_refresh_token cookie',
        error_type: 'CSRFError',
      });
    });
  });

  describe('freshness', () => {
    it('fresh route with login token', async () => {
      const { access_token } = await loginPair();
      const response = await changePassword(bearer(access_token));
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.equal({ updated: true });
    });

    it('fresh route with refreshed token', async () => {
      const response = await changePassword(bearer(await refreshedToken()));
      expect(response.status).to.equal(401);
      expect(response.body).to.deep.equal({ message: 'Fresh token required: log in again to get one', error_type: 'FreshTokenRequiredError' });
      expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
    });

    it('other routes accept refreshed token', async () => {
      const response = await server.get('/refresh/account/profile', bearer(await refreshedToken()));
      expect(response.body).to.deep.equal({ user_id: 'ada', fresh: false });
    });
  });

  describe('implicit refresh', () => {
    function nearExpiry(): string {
      return page.auth.createAccessToken({ uid: 'ada', fresh: true, expiry: 30, scopes: ['notes:read'], audience: 'notes-app', data: { team: 'blue' } });
    }

    it('re-sets a cookie near expiry', async () => {
      const oldToken = nearExpiry();
      const response = await server.get('/refresh/account/profile', cookieHeader({ access_token_cookie: oldToken }));
      expect(response.status).to.equal(200);
      const line = setCookies(response).access_token_cookie;
      expect(line).to.match(new RegExp(`^access_token_cookie=${JWT_PATTERN}; Path=/; HttpOnly${SECURE_ATTRIBUTE}; SameSite=Lax$`));
      expect(cookieValue(line)).to.not.equal(oldToken);
    });

    it('new token keeps claims, not fresh', async () => {
      const response = await server.get('/refresh/account/profile', cookieHeader({ access_token_cookie: nearExpiry() }));
      const payload = page.auth.decodeToken(cookieValue(setCookies(response).access_token_cookie));
      expect(payload.sub).to.equal('ada');
      expect(payload.fresh).to.equal(false);
      expect(payload.scopes).to.deep.equal(['notes:read']);
      expect(payload.aud).to.equal('notes-app');
      expect(payload.extra).to.deep.equal({ team: 'blue' });
      expect(payload.timeUntilExpiry()).to.be.greaterThan(800);
    });

    it('new CSRF cookie matches new token', async () => {
      const response = await server.get('/refresh/account/profile', cookieHeader({ access_token_cookie: nearExpiry() }));
      const lines = setCookies(response);
      expect(cookieValue(lines.csrf_access_token)).to.equal(page.auth.decodeToken(cookieValue(lines.access_token_cookie)).csrf);
    });

    it('not for a long-lived token', async () => {
      const token = page.auth.createAccessToken({ uid: 'ada', fresh: true });
      const response = await server.get('/refresh/account/profile', cookieHeader({ access_token_cookie: token }));
      expect(response.status).to.equal(200);
      expect(response.headers['set-cookie']).to.equal(undefined);
    });

    it('not for a header token', async () => {
      const response = await server.get('/refresh/account/profile', bearer(nearExpiry()));
      expect(response.status).to.equal(200);
      expect(response.headers['set-cookie']).to.equal(undefined);
    });

    it('not for an expired cookie', async () => {
      const expired = forgeToken(
        { alg: 'HS256', typ: 'JWT' },
        { sub: 'ada', type: 'access', jti: randomUUID(), fresh: false, iat: nowSeconds() - 100, exp: nowSeconds() - 10 },
        page.auth.config.JWT_SECRET_KEY,
      );
      const headers = { ...bearer(page.auth.createAccessToken({ uid: 'ada' })), ...cookieHeader({ access_token_cookie: expired }) };
      const response = await server.get('/refresh/account/profile', headers);
      expect(response.status).to.equal(200);
      expect(response.headers['set-cookie']).to.equal(undefined);
    });

    it('not for an invalid cookie', async () => {
      const headers = { ...bearer(page.auth.createAccessToken({ uid: 'ada' })), ...cookieHeader({ access_token_cookie: 'not.a.token' }) };
      const response = await server.get('/refresh/account/profile', headers);
      expect(response.status).to.equal(200);
      expect(response.headers['set-cookie']).to.equal(undefined);
    });

    it('not after an error response', async () => {
      const response = await server.request('/refresh/account/password', {
        method: 'PUT',
        headers: { ...bearer(await refreshedToken()), ...cookieHeader({ access_token_cookie: nearExpiry() }) },
        body: { password: 'lovelace' },
      });
      expect(response.status).to.equal(401);
      expect(response.headers['set-cookie']).to.equal(undefined);
    });

    it('not on an excluded route', async () => {
      const response = await server.request('/refresh/auth/logout', { method: 'POST', headers: cookieHeader({ access_token_cookie: nearExpiry() }) });
      expect(response.status).to.equal(200);
      expect(setCookies(response).access_token_cookie).to.match(/^access_token_cookie=; Path=\/; Max-Age=0;/);
    });

    it('logout not undone when not excluded', async () => {
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY, JWT_TOKEN_LOCATION: ['cookies'] }));
      const app = new Koa();
      app.use(auth.implicitRefresh());
      app.use((ctx) => {
        auth.unsetCookies(ctx);
        ctx.body = { logout: true };
      });
      const logoutServer = await TestServer.start(app);
      try {
        const token = auth.createAccessToken({ uid: 'ada', expiry: 30 });
        const response = await logoutServer.request('/logout', { method: 'POST', headers: cookieHeader({ access_token_cookie: token }) });
        expect(setCookies(response).access_token_cookie).to.match(/^access_token_cookie=; Path=\/; Max-Age=0;/);
      } finally {
        await logoutServer.close();
      }
    });
  });

  describe('plain Koa guards', () => {
    it('refresh guard', async () => {
      const { refresh_token } = await loginPair();
      const response = await plainServer.request('/refresh/plain/token', { method: 'POST', body: { refresh_token } });
      expect(response.status).to.equal(200);
      expect(page.auth.decodeToken(response.body.access_token).fresh).to.equal(false);
    });

    it('refresh guard with access token', async () => {
      const { access_token } = await loginPair();
      const response = await plainServer.request('/refresh/plain/token', { method: 'POST', headers: bearer(access_token) });
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('RefreshTokenRequiredError');
    });

    it('fresh guard with login token', async () => {
      const { access_token } = await loginPair();
      const response = await plainServer.request('/refresh/plain/password', { method: 'PUT', headers: bearer(access_token) });
      expect(response.status).to.equal(200);
    });

    it('fresh guard with refreshed token', async () => {
      const response = await plainServer.request('/refresh/plain/password', { method: 'PUT', headers: bearer(await refreshedToken()) });
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('FreshTokenRequiredError');
    });
  });
});
