import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import Koa from 'koa';
import { Authorized, Get, JsonController, useKoaServer } from 'routing-controllers';
import { AuthX, AuthXConfig, CurrentSubject, MemoryRevocationStore, RevocationCheckFailedError, RevocationStore, TokenPayload, TokenRequired, missingScopes } from '../../src';
import { MemoryLogger, controllerApp } from '../support/apps';
import { compileDocs } from '../support/docs';
import { Response, TestServer, bearer } from '../support/http';
import { forgeToken, nowSeconds } from '../support/tokens';

const PAGES = ['scopes.md', 'revocation.md', 'subjects.md'];

let files: Record<string, string> | undefined;

/** Compiles the three pages together on first use, then requires the one asked for. */
function loadPage<Page>(name: string): Page {
  files ??= compileDocs(PAGES);
  return require(files[name]);
}

/** Signs a token with the page's key whose `exp` is ten seconds in the past. */
function expiredToken(auth: AuthX<any>): string {
  const now = nowSeconds();
  return forgeToken(
    { alg: 'HS256', typ: 'JWT', kid: auth.config.keys.kid },
    { sub: 'ada', type: 'access', jti: randomUUID(), iat: now - 100, exp: now - 10, fresh: false },
    auth.config.JWT_SECRET_KEY,
  );
}

/** Replaces `console[level]` while `run` runs, and returns what it was called with. */
async function captureConsole(level: 'error' | 'warn', run: () => Promise<void>): Promise<unknown[][]> {
  const calls: unknown[][] = [];
  const original = console[level];
  console[level] = (...args: unknown[]) => {
    calls.push(args);
  };
  try {
    await run();
  } finally {
    console[level] = original;
  }
  return calls;
}

/** Collects the `Set-Cookie` lines of a response, keyed by cookie name. */
function setCookies(response: Response): Record<string, string> {
  const lines: Record<string, string> = {};
  for (const line of response.headers['set-cookie'] ?? []) {
    lines[line.slice(0, line.indexOf('='))] = line;
  }
  return lines;
}

/** Routes that require invalid scopes, which docs/scopes.md says fail with a 500 and a logged TypeError. */
@JsonController('/scopes-guide-spec/invalid')
class InvalidScopeController {
  @Authorized('users:read users:write')
  @Get('/authorized')
  authorized() {
    return { ok: true };
  }

  @TokenRequired({ anyScopes: ['reports:read', 'reports\\admin'] })
  @Get('/token-required')
  tokenRequired() {
    return { ok: true };
  }
}

/** Route with a bare `@CurrentSubject()`, for the per-app instance of docs/subjects.md. */
@JsonController('/subjects-guide-spec/bare')
class BareSubjectController {
  @Get('/me')
  me(@CurrentSubject() subject: { name: string }) {
    return { name: subject.name };
  }
}

/**
 * Holder of a staff AuthX that shares the customer key. The test creates the instance after the
 * page is compiled, so the decorator below reaches it through this object.
 */
const sharedKeyStaff: { auth?: AuthX } = {};

@JsonController('/subjects-guide-spec/shared-key')
class SharedKeyStaffController {
  @Get('/me')
  me(@CurrentSubject({ auth: { loadSubject: (ctx) => sharedKeyStaff.auth!.loadSubject(ctx) } }) member: { name: string }) {
    return { name: member.name };
  }
}

describe('docs/scopes.md', () => {
  interface ScopesPage {
    app: Koa;
    plainApp: Koa;
    auth: AuthX;
  }

  let page: ScopesPage;
  let server: TestServer;
  let plainServer: TestServer;

  before(async function () {
    this.timeout(60000);
    page = loadPage<ScopesPage>('scopes.md');
    server = await TestServer.start(page.app);
    plainServer = await TestServer.start(page.plainApp);
  });

  after(async () => {
    await server?.close();
    await plainServer?.close();
  });

  function call(method: string, path: string, scopes?: string[]): Promise<Response> {
    return server.request(path, { method, headers: bearer(page.auth.createAccessToken({ uid: 'ada', scopes })) });
  }

  async function login(username: string, password: string): Promise<Response> {
    return server.request('/scopes-guide/login', { method: 'POST', body: { username, password } });
  }

  describe('login', () => {
    it('reader token scopes', async () => {
      const response = await login('reader', 'reader');
      expect(page.auth.decodeToken(response.body.access_token).scopes).to.deep.equal(['users:read', 'reports:read']);
    });

    it('admin token scopes', async () => {
      const response = await login('admin', 'admin');
      expect(page.auth.decodeToken(response.body.access_token).scopes).to.deep.equal(['users:*', 'reports:admin']);
    });

    it('bad credentials', async () => {
      const response = await login('reader', 'admin');
      expect(response.status).to.equal(401);
      expect(response.body.message).to.equal('Invalid credentials');
    });

    for (const scopes of [['users read'], [''], ['users:read', 42]]) {
      it(`scopes ${JSON.stringify(scopes)} rejected`, () => {
        expect(() => page.auth.createAccessToken({ uid: 'ada', scopes: scopes as string[] })).to.throw(TypeError, /scopes must be/);
      });
    }
  });

  describe('route requirements', () => {
    const cases: [string, string, string, string[] | undefined, number][] = [
      ['single scope granted', 'GET', '/scopes-guide/users', ['users:read'], 200],
      ['single scope missing', 'GET', '/scopes-guide/users', ['reports:read'], 403],
      ['all-of with both', 'POST', '/scopes-guide/users/grace/disable', ['users:read', 'users:write'], 200],
      ['all-of with one', 'POST', '/scopes-guide/users/grace/disable', ['users:read'], 403],
      ['any-of with the first', 'GET', '/scopes-guide/reports', ['reports:read'], 200],
      ['any-of with the second', 'GET', '/scopes-guide/reports', ['reports:admin'], 200],
      ['any-of with neither', 'GET', '/scopes-guide/reports', ['users:read'], 403],
      ['class and method, both met', 'GET', '/scopes-guide/reports/export', ['reports:read', 'reports:export'], 200],
      ['class and method, method only', 'GET', '/scopes-guide/reports/export', ['reports:export'], 403],
      ['class and method, class only', 'GET', '/scopes-guide/reports/export', ['reports:read'], 403],
      ['both any-of groups, one scope', 'DELETE', '/scopes-guide/reports/7', ['reports:admin'], 200],
      ['both any-of groups, two scopes', 'DELETE', '/scopes-guide/reports/7', ['reports:read', 'billing:admin'], 200],
      ['method any-of group only', 'DELETE', '/scopes-guide/reports/7', ['billing:admin'], 403],
      ['class any-of group only', 'DELETE', '/scopes-guide/reports/7', ['reports:read'], 403],
    ];
    for (const [name, method, path, scopes, status] of cases) {
      it(name, async () => {
        const response = await call(method, path, scopes);
        expect(response.status).to.equal(status);
      });
    }

    it('TokenRequired narrows locations', async () => {
      const token = page.auth.createAccessToken({ uid: 'ada', scopes: ['reports:admin'] });
      const response = await server.request('/scopes-guide/reports/7', { method: 'DELETE', headers: bearer(token) });
      expect(response.body).to.deep.equal({ deleted: '7' });
    });
  });

  describe('matching', () => {
    const cases: [string, string, string[] | undefined, number][] = [
      ['exact', '/scopes-guide/users', ['users:read'], 200],
      ['wildcard, one level', '/scopes-guide/users', ['users:*'], 200],
      ['wildcard, two levels', '/scopes-guide/users/me', ['users:*'], 200],
      ['bare prefix', '/scopes-guide/users', ['users'], 403],
      ['other case', '/scopes-guide/users', ['USERS:READ'], 403],
      ['bare star', '/scopes-guide/users', ['*'], 403],
      ['no scopes claim', '/scopes-guide/users', undefined, 403],
    ];
    for (const [name, path, scopes, status] of cases) {
      it(name, async () => {
        const response = await call('GET', path, scopes);
        expect(response.status).to.equal(status);
      });
    }

    it('wildcard grants write', async () => {
      const response = await call('POST', '/scopes-guide/users/grace/disable', ['users:*']);
      expect(response.body).to.deep.equal({ disabled: 'grace' });
    });

    it('wildcard not the prefix itself', () => {
      expect(missingScopes(['users:*'], ['users'])).to.deep.equal(['users']);
    });

    it('star in requirement is literal', () => {
      expect(missingScopes(['users:read'], ['users:*'])).to.deep.equal(['users:*']);
      expect(missingScopes(['users:*'], ['users:*'])).to.deep.equal([]);
    });

    it('missingScopes in handler, without write', async () => {
      const response = await call('GET', '/scopes-guide/users', ['users:read']);
      expect(response.body).to.deep.equal({ users: ['reader', 'admin'], can_edit: false });
    });

    it('missingScopes in handler, with wildcard', async () => {
      const response = await call('GET', '/scopes-guide/users', ['users:*']);
      expect(response.body.can_edit).to.equal(true);
    });

    it('class and method any-of groups', async () => {
      const classGroupOnly = await call('DELETE', '/scopes-guide/reports/7', ['reports:read']);
      const methodGroupOnly = await call('DELETE', '/scopes-guide/reports/7', ['billing:admin']);
      const oneFromEach = await call('DELETE', '/scopes-guide/reports/7', ['reports:read', 'billing:admin']);

      expect(classGroupOnly.status).to.equal(403);
      expect(methodGroupOnly.status).to.equal(403);
      expect(oneFromEach.status).to.equal(200);
      expect(oneFromEach.body).to.deep.equal({ deleted: '7' });
    });
  });

  describe('invalid required scopes', () => {
    const invalidScopes = ['users:read users:write', 'users:"read"', 'users\\read'];

    for (const scope of invalidScopes) {
      it(`scopesRequired(${JSON.stringify(scope)}) throws`, () => {
        expect(() => page.auth.scopesRequired(scope)).to.throw(TypeError, `Required scope ${JSON.stringify(scope)} is invalid`);
      });

      it(`tokenRequired anyScopes ${JSON.stringify(scope)} throws`, () => {
        expect(() => page.auth.tokenRequired({ anyScopes: ['reports:read', scope] })).to.throw(TypeError, `Required scope ${JSON.stringify(scope)} is invalid`);
      });
    }

    it('error says to split the scopes', () => {
      expect(() => page.auth.scopesRequired('users:read users:write')).to.throw(TypeError, 'list several scopes as separate strings');
    });

    it('controller route is 500 and logged', async () => {
      const logger = new MemoryLogger();
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }), { logger });
      const invalidServer = await TestServer.start(controllerApp(auth, [InvalidScopeController]));
      try {
        const token = bearer(auth.createAccessToken({ uid: 'ada', scopes: ['users:read', 'users:write'] }));
        const first = await invalidServer.get('/scopes-guide-spec/invalid/authorized', token);
        const second = await invalidServer.get('/scopes-guide-spec/invalid/authorized', token);

        expect(first.status).to.equal(500);
        expect(first.body).to.deep.equal({ message: 'Internal Server Error', error_type: 'InternalServerError' });
        expect(second.status).to.equal(500);
        expect(logger.errors).to.have.length(2);
        expect(logger.errors[0].error).to.be.instanceOf(TypeError);
        expect((logger.errors[0].error as Error).message).to.include('"users:read users:write"');
      } finally {
        await invalidServer.close();
      }
    });

    it('TokenRequired route is 500 and logged', async () => {
      const logger = new MemoryLogger();
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }), { logger });
      const invalidServer = await TestServer.start(controllerApp(auth, [InvalidScopeController]));
      try {
        const response = await invalidServer.get('/scopes-guide-spec/invalid/token-required', bearer(auth.createAccessToken({ uid: 'ada', scopes: ['reports:read'] })));

        expect(response.status).to.equal(500);
        expect(logger.errors).to.have.length(1);
        expect((logger.errors[0].error as Error).message).to.include(JSON.stringify('reports\\admin'));
      } finally {
        await invalidServer.close();
      }
    });
  });

  describe('errors', () => {
    it('all-of 403 body', async () => {
      const response = await call('POST', '/scopes-guide/users/grace/disable', ['users:read']);
      expect(response.body).to.deep.equal({ message: 'Insufficient scope: the token lacks the scopes users:write', error_type: 'InsufficientScopeError' });
    });

    it('all-of 403 header', async () => {
      const response = await call('POST', '/scopes-guide/users/grace/disable', ['users:read']);
      expect(response.headers['www-authenticate']).to.equal('Bearer error="insufficient_scope", scope="users:read users:write"');
    });

    it('any-of 403 body', async () => {
      const response = await call('GET', '/scopes-guide/reports', ['users:read']);
      expect(response.body).to.deep.equal({
        message: 'Insufficient scope: the token lacks one of the scopes reports:read, reports:admin',
        error_type: 'InsufficientScopeError',
      });
    });

    it('any-of 403 header', async () => {
      const response = await call('GET', '/scopes-guide/reports', ['users:read']);
      expect(response.headers['www-authenticate']).to.equal('Bearer error="insufficient_scope", scope="reports:read reports:admin"');
    });

    it('second any-of group 403 body', async () => {
      const response = await call('DELETE', '/scopes-guide/reports/7', ['reports:read']);
      expect(response.body).to.deep.equal({
        message: 'Insufficient scope: the token lacks one of the scopes reports:admin, billing:admin',
        error_type: 'InsufficientScopeError',
      });
    });

    it('second any-of group 403 header', async () => {
      const response = await call('DELETE', '/scopes-guide/reports/7', ['reports:read']);
      expect(response.headers['www-authenticate']).to.equal('Bearer error="insufficient_scope", scope="reports:admin billing:admin"');
    });

    it('403 not cached', async () => {
      const response = await call('GET', '/scopes-guide/reports', []);
      expect(response.headers['cache-control']).to.equal('no-store');
    });

    it('curl example with reader login', async () => {
      const token = (await login('reader', 'reader')).body.access_token;
      const list = await server.get('/scopes-guide/users', bearer(token));
      const disable = await server.request('/scopes-guide/users/admin/disable', { method: 'POST', headers: bearer(token) });
      expect(list.body).to.deep.equal({ users: ['reader', 'admin'], can_edit: false });
      expect(disable.status).to.equal(403);
    });

    it('no token', async () => {
      const response = await server.get('/scopes-guide/users');
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('MissingTokenError');
      expect(response.headers['www-authenticate']).to.equal('Bearer');
    });

    it('malformed token', async () => {
      const response = await server.get('/scopes-guide/users', bearer('not.a.token'));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('InvalidTokenError');
      expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
    });

    it('expired token', async () => {
      const response = await server.get('/scopes-guide/users', bearer(expiredToken(page.auth)));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('TokenExpiredError');
      expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
    });

    it('401 not cached', async () => {
      const response = await server.get('/scopes-guide/users');
      expect(response.headers['cache-control']).to.equal('no-store');
    });
  });

  describe('without controllers', () => {
    function plainCall(method: string, path: string, scopes: string[]): Promise<Response> {
      return plainServer.request(path, { method, headers: bearer(page.auth.createAccessToken({ uid: 'ada', scopes })) });
    }

    it('scopesRequired granted', async () => {
      const response = await plainCall('GET', '/scopes-guide/plain/reports', ['reports:read']);
      expect(response.body).to.deep.equal({ reports: ['2024-q1'], user_id: 'ada' });
    });

    it('scopesRequired missing', async () => {
      const response = await plainCall('GET', '/scopes-guide/plain/reports', ['reports:admin']);
      expect(response.status).to.equal(403);
      expect(response.headers['www-authenticate']).to.equal('Bearer error="insufficient_scope", scope="reports:read"');
    });

    it('tokenRequired anyScopes granted', async () => {
      const response = await plainCall('DELETE', '/scopes-guide/plain/reports/3', ['billing:admin']);
      expect(response.body).to.deep.equal({ deleted: '3' });
    });

    it('tokenRequired anyScopes missing', async () => {
      const response = await plainCall('DELETE', '/scopes-guide/plain/reports/3', ['reports:read']);
      expect(response.status).to.equal(403);
    });

    it('no token is 401', async () => {
      const response = await plainServer.get('/scopes-guide/plain/reports');
      expect(response.status).to.equal(401);
    });
  });
});

describe('docs/revocation.md', () => {
  interface RevocationPage {
    app: Koa;
    auth: AuthX;
    blocklistApp: Koa;
    blocklistAuth: AuthX;
    revokedTokens: { rows: Map<string, number | undefined>; has(jti: string): Promise<boolean> };
  }

  let page: RevocationPage;
  let server: TestServer;
  let blocklistServer: TestServer;

  before(async function () {
    this.timeout(60000);
    page = loadPage<RevocationPage>('revocation.md');
    server = await TestServer.start(page.app);
    blocklistServer = await TestServer.start(page.blocklistApp);
  });

  after(async () => {
    await server?.close();
    await blocklistServer?.close();
  });

  async function login(): Promise<{ access_token: string; refresh_token: string }> {
    const response = await server.request('/revocation-guide/login', { method: 'POST', body: { username: 'ada', password: 'lovelace' } });
    expect(response.status).to.equal(200);
    return response.body;
  }

  function logout(accessToken: string, body: unknown = {}): Promise<Response> {
    return server.request('/revocation-guide/logout', { method: 'POST', headers: bearer(accessToken), body });
  }

  describe('logout', () => {
    it('responds', async () => {
      const pair = await login();
      const response = await logout(pair.access_token, { refresh_token: pair.refresh_token });
      expect(response.body).to.deep.equal({ logout: true });
    });

    it('clears the four cookies', async () => {
      const response = await logout((await login()).access_token);
      const lines = setCookies(response);
      expect(Object.keys(lines)).to.have.members(['access_token_cookie', 'csrf_access_token', 'refresh_token_cookie', 'csrf_refresh_token']);
      for (const line of Object.values(lines)) {
        expect(line).to.match(/^\w+=; Path=\/; Max-Age=0; /);
      }
    });

    it('access token reused', async () => {
      const pair = await login();
      await logout(pair.access_token);
      const response = await server.get('/revocation-guide/me', bearer(pair.access_token));
      expect(response.status).to.equal(401);
      expect(response.body).to.deep.equal({ message: 'Token has been revoked', error_type: 'RevokedTokenError' });
      expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
    });

    it('refresh token sent, then reused', async () => {
      const pair = await login();
      await logout(pair.access_token, { refresh_token: pair.refresh_token });
      const response = await server.request('/revocation-guide/refresh', { method: 'POST', headers: bearer(pair.refresh_token) });
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('RevokedTokenError');
    });

    it('refresh token not sent stays valid', async () => {
      const pair = await login();
      await logout(pair.access_token);
      const response = await server.request('/revocation-guide/refresh', { method: 'POST', headers: bearer(pair.refresh_token) });
      expect(response.status).to.equal(200);
    });

    it('other login still valid', async () => {
      const first = await login();
      const second = await login();
      await logout(first.access_token);
      const response = await server.get('/revocation-guide/me', bearer(second.access_token));
      expect(response.body).to.deep.equal({ user_id: 'ada' });
    });

    it('invalid refresh token is 401', async () => {
      const response = await logout((await login()).access_token, { refresh_token: 'not.a.token' });
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('InvalidTokenError');
    });

    it('expired token revoke does nothing', async () => {
      await page.auth.revokeToken(expiredToken(page.auth));
    });

    it('decodeToken skips revocation', async () => {
      const token = page.auth.createAccessToken({ uid: 'ada' });
      await page.auth.revokeToken(token);
      expect(page.auth.decodeToken(token).sub).to.equal('ada');
    });

    it('verifyToken checks revocation', async () => {
      const token = page.auth.createAccessToken({ uid: 'ada' });
      await page.auth.revokeToken(token);
      let caught: unknown;
      try {
        await page.auth.verifyToken(token);
      } catch (error) {
        caught = error;
      }
      expect((caught as Error).name).to.equal('RevokedTokenError');
    });

    it('curl example', async () => {
      const pair = await login();
      const response = await logout(pair.access_token, { refresh_token: pair.refresh_token });
      const reuse = await server.get('/revocation-guide/me', bearer(pair.access_token));
      expect(response.body).to.deep.equal({ logout: true });
      expect(reuse.body).to.deep.equal({ message: 'Token has been revoked', error_type: 'RevokedTokenError' });
    });
  });

  describe('memory store bound', () => {
    it('full store drops oldest and warns once', async function () {
      this.timeout(60000);
      const logger = new MemoryLogger();
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }), { logger });
      const app = new Koa();
      auth.handleErrors(app);
      app.use(auth.accessTokenRequired);
      app.use((ctx) => {
        ctx.body = { ok: true };
      });
      const boundServer = await TestServer.start(app);

      try {
        // The oldest revocation expires last and the newest expires first, so dropping the
        // soonest-expiring entry instead of the oldest would fail both checks below.
        const oldest = auth.createAccessToken({ uid: 'ada', expiry: 7200 });
        const newest = auth.createAccessToken({ uid: 'ada', expiry: 60 });
        await auth.revokeToken(oldest);
        const exp = nowSeconds() + 3600;
        for (let i = 0; i < 99_998; i++) {
          await auth.revokeToken(new TokenPayload({ sub: 'filler', type: 'access', jti: `filler-${i}`, exp, fresh: false }, {}));
        }
        await auth.revokeToken(newest);
        expect(logger.warnings).to.have.length(0);

        await auth.revokeToken(new TokenPayload({ sub: 'filler', type: 'access', jti: 'one-more', exp, fresh: false }, {}));

        expect((await boundServer.get('/', bearer(oldest))).status).to.equal(200);
        expect((await boundServer.get('/', bearer(newest))).status).to.equal(401);
        expect(logger.warnings).to.have.length(1);
        expect(logger.warnings[0]).to.include('100000');
      } finally {
        await boundServer.close();
      }
    });

    it('full store keeps later revocations', async () => {
      const store = new MemoryRevocationStore({ maxEntries: 3 });
      const exp = nowSeconds() + 3600;
      for (const jti of ['a', 'b', 'c', 'd']) await store.revoke(jti, exp);

      expect(await store.isRevoked('a')).to.equal(false);
      expect(await store.isRevoked('b')).to.equal(true);
      expect(await store.isRevoked('c')).to.equal(true);
      expect(await store.isRevoked('d')).to.equal(true);
      expect(store.size).to.equal(3);
    });

    it('full store deletes expired first', async () => {
      const fullCalls: number[] = [];
      const store = new MemoryRevocationStore({ maxEntries: 2, onFull: (max) => fullCalls.push(max) });
      await store.revoke('expiring', Date.now() / 1000 + 0.2);
      await store.revoke('live', nowSeconds() + 3600);
      await new Promise((resolve) => setTimeout(resolve, 300));

      await store.revoke('new', nowSeconds() + 3600);

      expect(await store.isRevoked('live')).to.equal(true);
      expect(await store.isRevoked('new')).to.equal(true);
      expect(store.size).to.equal(2);
      expect(fullCalls).to.deep.equal([]);
    });
  });

  describe('blocklist callback', () => {
    function blocklistLogout(token: string): Promise<Response> {
      return blocklistServer.request('/revocation-guide/blocklist/logout', { method: 'POST', headers: bearer(token) });
    }

    it('valid token passes', async () => {
      const response = await blocklistServer.get('/revocation-guide/blocklist/me', bearer(page.blocklistAuth.createAccessToken({ uid: 'ada' })));
      expect(response.body).to.deep.equal({ user_id: 'ada' });
    });

    it('logout records jti and expiry', async () => {
      const token = page.blocklistAuth.createAccessToken({ uid: 'ada' });
      const payload = page.blocklistAuth.decodeToken(token);
      await blocklistLogout(token);
      expect(page.revokedTokens.rows.get(payload.jti)).to.equal(payload.exp);
    });

    it('logged-out token rejected', async () => {
      const token = page.blocklistAuth.createAccessToken({ uid: 'ada' });
      await blocklistLogout(token);
      const response = await blocklistServer.get('/revocation-guide/blocklist/me', bearer(token));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('RevokedTokenError');
    });

    it('revokeToken throws', async () => {
      let caught: unknown;
      try {
        await page.blocklistAuth.revokeToken(page.blocklistAuth.createAccessToken({ uid: 'ada' }));
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(TypeError);
      expect((caught as Error).message).to.include('setTokenBlocklist');
    });

    describe('lookups', () => {
      let saved: RevocationPage['revokedTokens']['has'];
      let lookups: string[];

      beforeEach(() => {
        saved = page.revokedTokens.has;
        lookups = [];
        page.revokedTokens.has = async function (jti: string) {
          lookups.push(jti);
          return saved.call(this, jti);
        };
      });

      afterEach(() => {
        page.revokedTokens.has = saved;
      });

      it('one lookup per request', async () => {
        await blocklistServer.get('/revocation-guide/blocklist/me', bearer(page.blocklistAuth.createAccessToken({ uid: 'ada' })));
        expect(lookups).to.have.length(1);
      });

      it('forged token not looked up', async () => {
        const forged = forgeToken({ alg: 'HS256', typ: 'JWT' }, { sub: 'ada', type: 'access', jti: 'forged', exp: nowSeconds() + 60, fresh: false }, 'some-other-secret-of-32-bytes-or-more!!');
        const response = await blocklistServer.get('/revocation-guide/blocklist/me', bearer(forged));
        expect(response.status).to.equal(401);
        expect(response.body).to.deep.equal({ message: 'Invalid Token', error_type: 'InvalidTokenError' });
        expect(lookups).to.have.length(0);
      });

      it('expired token not looked up', async () => {
        const response = await blocklistServer.get('/revocation-guide/blocklist/me', bearer(expiredToken(page.blocklistAuth)));
        expect(response.body.error_type).to.equal('TokenExpiredError');
        expect(lookups).to.have.length(0);
      });
    });
  });

  describe('store down', () => {
    let saved: RevocationPage['revokedTokens']['has'];
    let token: string;
    let first: Response;
    let second: Response;
    let recovered: Response;
    let errors: unknown[][];
    let warnings: unknown[][];

    before(async () => {
      saved = page.revokedTokens.has;
      token = page.blocklistAuth.createAccessToken({ uid: 'ada' });
      page.revokedTokens.has = async () => {
        throw new Error('database unreachable');
      };
      try {
        errors = await captureConsole('error', async () => {
          first = await blocklistServer.get('/revocation-guide/blocklist/me', bearer(token));
          second = await blocklistServer.get('/revocation-guide/blocklist/me', bearer(token));
        });
      } finally {
        page.revokedTokens.has = saved;
      }
      warnings = await captureConsole('warn', async () => {
        recovered = await blocklistServer.get('/revocation-guide/blocklist/me', bearer(token));
      });
    });

    it('503 body', () => {
      expect(first.status).to.equal(503);
      expect(first.body).to.deep.equal({ message: 'Token revocation could not be checked; try again later', error_type: 'RevocationCheckFailedError' });
    });

    it('503 without WWW-Authenticate', () => {
      expect(first.headers['www-authenticate']).to.equal(undefined);
    });

    it('every request of the outage refused', () => {
      expect(second.status).to.equal(503);
    });

    it('outage logged once', () => {
      expect(errors).to.have.length(1);
    });

    it('log names the store error, not the token', () => {
      expect(errors[0][1]).to.equal('Error: database unreachable');
      expect(errors.flat().map(String).join('\n')).not.to.include(token);
    });

    it('recovers by itself', () => {
      expect(recovered.status).to.equal(200);
    });

    it('recovery logged once', () => {
      expect(warnings).to.have.length(1);
      expect(String(warnings[0][0])).to.include('recovered');
    });

    it('failure status 401', async () => {
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }), { logger: new MemoryLogger(), revocationFailureStatus: 401 });
      auth.setTokenBlocklist(async () => {
        throw new Error('database unreachable');
      });
      const app = new Koa();
      auth.handleErrors(app);
      app.use(auth.accessTokenRequired);
      const outageServer = await TestServer.start(app);
      try {
        const response = await outageServer.get('/', bearer(auth.createAccessToken({ uid: 'ada' })));
        expect(response.status).to.equal(401);
        expect(response.body.error_type).to.equal('RevocationCheckFailedError');
        expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
      } finally {
        await outageServer.close();
      }
    });

    /** Builds an app whose route revokes the request's token, as the page's logout route does. */
    function revokingApp(auth: AuthX): Koa {
      const app = new Koa();
      auth.handleErrors(app);
      app.use(auth.accessTokenRequired);
      app.use(async (ctx) => {
        await auth.revokeToken(ctx.state.user!);
        ctx.body = { logout: true };
      });
      return app;
    }

    const failingStore = (): RevocationStore => ({
      revoke: async () => {
        throw new Error('down');
      },
      isRevoked: async () => false,
    });

    it('revokeToken store failure rejects', async () => {
      const logger = new MemoryLogger();
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }), { logger, revocationStore: failingStore() });
      let caught: unknown;
      try {
        await auth.revokeToken(auth.createAccessToken({ uid: 'ada' }));
      } catch (error) {
        caught = error;
      }

      expect(caught).to.be.instanceOf(RevocationCheckFailedError);
      expect((caught as RevocationCheckFailedError).status).to.equal(503);
      expect((caught as Error).message).to.equal('Token could not be revoked; try again later');
      expect(logger.errors).to.have.length(1);
      expect(logger.errors[0].error).to.equal('Error: down');
    });

    it('revokeToken store failure, logout is 503', async () => {
      const logger = new MemoryLogger();
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }), { logger, revocationStore: failingStore() });
      const token = auth.createAccessToken({ uid: 'ada' });
      const outageServer = await TestServer.start(revokingApp(auth));
      try {
        const first = await outageServer.request('/', { method: 'POST', headers: bearer(token) });
        const retry = await outageServer.request('/', { method: 'POST', headers: bearer(token) });

        expect(first.status).to.equal(503);
        expect(first.body).to.deep.equal({ message: 'Token could not be revoked; try again later', error_type: 'RevocationCheckFailedError' });
        expect(first.headers['www-authenticate']).to.equal(undefined);
        expect(retry.status).to.equal(503);
        expect(logger.errors).to.have.length(2);
        expect(logger.errors.map((entry) => entry.message).join('\n')).not.to.include(token);
      } finally {
        await outageServer.close();
      }
    });

    it('revokeToken store failure, status 401', async () => {
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }), {
        logger: new MemoryLogger(),
        revocationStore: failingStore(),
        revocationFailureStatus: 401,
      });
      const outageServer = await TestServer.start(revokingApp(auth));
      try {
        const response = await outageServer.request('/', { method: 'POST', headers: bearer(auth.createAccessToken({ uid: 'ada' })) });

        expect(response.status).to.equal(401);
        expect(response.body).to.deep.equal({ message: 'Token could not be revoked; try again later', error_type: 'RevocationCheckFailedError' });
        expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
      } finally {
        await outageServer.close();
      }
    });
  });
});

describe('docs/subjects.md', () => {
  interface User {
    id: string;
    name: string;
    role: string;
    disabled: boolean;
    passwordChangedAt: number;
  }

  interface SubjectsPage {
    app: Koa;
    plainApp: Koa;
    auth: AuthX;
    staffAuth: AuthX;
    users: Map<string, User>;
    findActiveUser: (uid: string, payload: TokenPayload) => Promise<User | null>;
  }

  let page: SubjectsPage;
  let server: TestServer;
  let plainServer: TestServer;
  let lookups: string[];
  let originalGet: Map<string, User>['get'];

  before(async function () {
    this.timeout(60000);
    page = loadPage<SubjectsPage>('subjects.md');
    server = await TestServer.start(page.app);
    plainServer = await TestServer.start(page.plainApp);
    originalGet = page.users.get;
  });

  beforeEach(() => {
    lookups = [];
    page.users.get = function (uid: string) {
      lookups.push(uid);
      return originalGet.call(this, uid);
    };
  });

  afterEach(() => {
    page.users.get = originalGet;
  });

  after(async () => {
    await server?.close();
    await plainServer?.close();
  });

  const tokenFor = (uid: string) => bearer(page.auth.createAccessToken({ uid }));

  describe('@CurrentSubject()', () => {
    it('known subject', async () => {
      const response = await server.get('/subjects-guide/profile', tokenFor('ada'));
      expect(response.body).to.deep.equal({ id: 'ada', name: 'Ada Lovelace', role: 'admin' });
    });

    it('unknown subject', async () => {
      const response = await server.get('/subjects-guide/profile', tokenFor('deleted-user'));
      expect(response.status).to.equal(401);
      expect(response.body).to.deep.equal({ message: 'Unknown subject: the user of this token no longer exists', error_type: 'UnknownSubjectError' });
      expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
    });

    it('disabled user', async () => {
      const response = await server.get('/subjects-guide/profile', tokenFor('mallory'));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('UnknownSubjectError');
    });

    it('token older than password change', async () => {
      const token = tokenFor('grace');
      const grace = originalGet.call(page.users, 'grace')!;
      grace.passwordChangedAt = nowSeconds() + 10;
      try {
        const response = await server.get('/subjects-guide/profile', token);
        expect(response.status).to.equal(401);
        expect(response.body.error_type).to.equal('UnknownSubjectError');
      } finally {
        grace.passwordChangedAt = 0;
      }
    });

    it('token newer than password change', async () => {
      const grace = originalGet.call(page.users, 'grace')!;
      grace.passwordChangedAt = nowSeconds() - 10;
      try {
        const response = await server.get('/subjects-guide/profile', tokenFor('grace'));
        expect(response.body.name).to.equal('Grace Hopper');
      } finally {
        grace.passwordChangedAt = 0;
      }
    });

    it('unguarded route with token', async () => {
      const response = await server.get('/subjects-guide/greeting', tokenFor('grace'));
      expect(response.body).to.deep.equal({ greeting: 'Hello, Grace Hopper' });
    });

    it('unguarded route without token', async () => {
      const response = await server.get('/subjects-guide/greeting');
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('MissingTokenError');
      expect(response.headers['www-authenticate']).to.equal('Bearer');
    });

    it('unguarded route with invalid token', async () => {
      const response = await server.get('/subjects-guide/greeting', bearer('not.a.token'));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('InvalidTokenError');
    });

    it('unguarded route with expired token', async () => {
      const response = await server.get('/subjects-guide/greeting', bearer(expiredToken(page.auth)));
      expect(response.body.error_type).to.equal('TokenExpiredError');
    });

    it('unguarded route with revoked token', async () => {
      const token = page.auth.createAccessToken({ uid: 'grace' });
      await page.auth.revokeToken(token);
      const response = await server.get('/subjects-guide/greeting', bearer(token));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('RevokedTokenError');
    });

    it('refresh token', async () => {
      const response = await server.get('/subjects-guide/greeting', bearer(page.auth.createRefreshToken({ uid: 'grace' })));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('AccessTokenRequiredError');
    });

    it('admin route, admin', async () => {
      const response = await server.get('/subjects-guide/admin', tokenFor('ada'));
      expect(response.body.admin).to.equal('Ada Lovelace');
      expect(Date.parse(response.body.token_expires_at)).to.be.greaterThan(Date.now());
    });

    it('admin route loads once', async () => {
      await server.get('/subjects-guide/admin', tokenFor('ada'));
      expect(lookups).to.deep.equal(['ada']);
    });

    it('admin route, member', async () => {
      const response = await server.get('/subjects-guide/admin', tokenFor('grace'));
      expect(response.status).to.equal(403);
      expect(response.body).to.deep.equal({ message: 'Admins only', error_type: 'ForbiddenError' });
    });

    it('getter throws', async () => {
      page.users.get = () => {
        throw new Error('user table unreachable');
      };
      let response: Response | undefined;
      const errors = await captureConsole('error', async () => {
        response = await server.get('/subjects-guide/profile', tokenFor('ada'));
      });
      expect(response!.status).to.equal(500);
      expect(response!.body).to.deep.equal({ message: 'Internal Server Error', error_type: 'InternalServerError' });
      expect(response!.headers['www-authenticate']).to.equal(undefined);
      expect(errors).to.have.length(1);
    });

    it('curl example, disabled user', async () => {
      const response = await server.get('/subjects-guide/profile', tokenFor('mallory'));
      expect(response.body).to.deep.equal({ message: 'Unknown subject: the user of this token no longer exists', error_type: 'UnknownSubjectError' });
    });
  });

  describe('loadSubject', () => {
    it('plain route', async () => {
      const response = await plainServer.get('/subjects-guide/plain/profile', tokenFor('ada'));
      expect(response.body).to.deep.equal({ id: 'ada', name: 'Ada Lovelace' });
    });

    it('plain route without token', async () => {
      const response = await plainServer.get('/subjects-guide/plain/profile');
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('MissingTokenError');
    });

    it('plain route, unknown subject', async () => {
      const response = await plainServer.get('/subjects-guide/plain/profile', tokenFor('nobody'));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('UnknownSubjectError');
    });

    it('plain admin route', async () => {
      const response = await plainServer.get('/subjects-guide/plain/admin', tokenFor('ada'));
      expect(response.body).to.deep.equal({ admin: 'ada' });
      expect(lookups).to.deep.equal(['ada']);
    });

    it('plain admin route, member', async () => {
      const response = await plainServer.get('/subjects-guide/plain/admin', tokenFor('grace'));
      expect(response.status).to.equal(403);
    });

    it('instance without getter', async () => {
      const logger = new MemoryLogger();
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }), { logger });
      const app = new Koa();
      auth.handleErrors(app);
      app.use(async (ctx) => {
        ctx.body = await auth.loadSubject(ctx);
      });
      const bareServer = await TestServer.start(app);
      try {
        const response = await bareServer.get('/', tokenFor('ada'));
        expect(response.status).to.equal(500);
        expect(logger.errors).to.have.length(1);
        expect(logger.errors[0].error).to.be.instanceOf(TypeError);
        expect((logger.errors[0].error as Error).message).to.include('setSubjectGetter');
      } finally {
        await bareServer.close();
      }
    });
  });

  describe('several instances', () => {
    const staffToken = () => bearer(page.staffAuth.createAccessToken({ uid: 'sam' }));

    it('staff route, staff token', async () => {
      const response = await server.get('/subjects-guide/staff/me', staffToken());
      expect(response.body).to.deep.equal({ id: 'sam', team: 'support' });
    });

    it('staff route, customer token', async () => {
      const response = await server.get('/subjects-guide/staff/me', tokenFor('ada'));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('InvalidTokenError');
    });

    it('customer route, staff token', async () => {
      const response = await server.get('/subjects-guide/greeting', staffToken());
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('InvalidTokenError');
    });

    it('staff route, unknown staff member', async () => {
      const response = await server.get('/subjects-guide/staff/me', bearer(page.staffAuth.createAccessToken({ uid: 'ada' })));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('UnknownSubjectError');
    });

    it('bare decorator keeps the customer instance', async () => {
      const response = await server.get('/subjects-guide/greeting', tokenFor('ada'));
      expect(response.body).to.deep.equal({ greeting: 'Hello, Ada Lovelace' });
    });

    it('shared key keeps the app instance', async () => {
      const sameKeyAuth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }));
      sameKeyAuth.setSubjectGetter(async (uid) => ({ id: uid, name: `staff member ${uid}` }));

      const response = await server.get('/subjects-guide/greeting', tokenFor('ada'));

      expect(response.body).to.deep.equal({ greeting: 'Hello, Ada Lovelace' });
      expect(lookups).to.deep.equal(['ada']);
    });

    it('shared key, staff route reads staff table', async () => {
      sharedKeyStaff.auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }));
      sharedKeyStaff.auth.setSubjectGetter(async (uid) => ({ id: uid, name: `staff member ${uid}` }));
      const staffServer = await TestServer.start(controllerApp(page.auth, [SharedKeyStaffController]));
      try {
        const response = await staffServer.get('/subjects-guide-spec/shared-key/me', tokenFor('ada'));
        expect(response.body).to.deep.equal({ name: 'staff member ada' });
      } finally {
        await staffServer.close();
        sharedKeyStaff.auth = undefined;
      }
    });
  });

  describe('bare decorator per app', () => {
    /** Creates an AuthX with the page's key whose getter puts `label` in the name, so a response shows which instance loaded it. */
    function labelledAuth(label: string): AuthX {
      const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: page.auth.config.JWT_SECRET_KEY }));
      auth.setSubjectGetter(async (uid) => ({ name: `${uid} from ${label}` }));
      return auth;
    }

    it('each app uses its handleErrors instance', async () => {
      const first = labelledAuth('first');
      const second = labelledAuth('second');
      const firstServer = await TestServer.start(controllerApp(first, [BareSubjectController]));
      const secondServer = await TestServer.start(controllerApp(second, [BareSubjectController]));
      try {
        const token = tokenFor('ada');
        const fromFirst = await firstServer.get('/subjects-guide-spec/bare/me', token);
        const fromSecond = await secondServer.get('/subjects-guide-spec/bare/me', token);

        expect(fromFirst.body).to.deep.equal({ name: 'ada from first' });
        expect(fromSecond.body).to.deep.equal({ name: 'ada from second' });
      } finally {
        await firstServer.close();
        await secondServer.close();
      }
    });

    it('app without handleErrors throws TypeError', async () => {
      // An instance with a getter exists, but it guards no app, so it is not a fallback.
      labelledAuth('unused');
      const app = new Koa();
      useKoaServer(app, { controllers: [BareSubjectController], defaultErrorHandler: false });
      const bareServer = await TestServer.start(app);
      try {
        let response: Response | undefined;
        const errors = await captureConsole('error', async () => {
          response = await bareServer.get('/subjects-guide-spec/bare/me', tokenFor('ada'));
        });
        const printed = errors.flat().map(String).join('\n');

        expect(response!.status).to.equal(500);
        expect(printed).to.include('TypeError: @CurrentSubject() found no AuthX for this app');
        expect(printed).to.include('call auth.handleErrors(app), or pass @CurrentSubject({ auth })');
      } finally {
        await bareServer.close();
      }
    });
  });
});
