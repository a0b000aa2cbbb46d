import { expect } from 'chai';
import type Koa from 'koa';
import { AuthX } from '../../src';
import { AuthXError } from '../../src/core/errors';
import { catchError } from '../core/support';
import { accessClaims, now, signWithKey, tokenHeader } from '../keys/key-pairs';
import { compileDocs } from '../support/docs';
import { Response, TestServer, bearer } from '../support/http';
import { forgeToken } from '../support/tokens';

const PAGES = ['keys-and-algorithms.md', 'claims.md'];

let files: Record<string, string> | undefined;

/** Compiles both pages together on first use, then requires the one asked for. */
function loadPage<Page>(name: string): Page {
  files ??= compileDocs(PAGES);
  return require(files[name]);
}

function expectError(response: Response, errorType: string, message: string): void {
  expect(response.status, 'status').to.equal(401);
  expect(response.body, 'body').to.deep.equal({ message, error_type: errorType });
}

describe('docs/keys-and-algorithms.md', () => {
  interface KeysPage {
    issuer: AuthX;
    issuerApp: Koa;
    api: AuthX;
    apiApp: Koa;
    rotatedIssuer: AuthX;
    rotatedApi: AuthX;
    rotatedApiApp: Koa;
    finishedApi: AuthX;
    finishedApiApp: Koa;
  }

  let page: KeysPage;
  const servers: Record<string, TestServer> = {};
  let oldToken: string;

  before(async function () {
    this.timeout(60000);
    page = loadPage<KeysPage>('keys-and-algorithms.md');
    for (const name of ['issuerApp', 'apiApp', 'rotatedApiApp', 'finishedApiApp'] as const) {
      servers[name] = await TestServer.start(page[name]);
    }

    const login = await servers.issuerApp.request('/keys/auth/login', { method: 'POST', body: { username: 'ada', password: 'lovelace' } });
    oldToken = login.body.access_token;
  });

  after(async () => {
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });

  it('login issues an EdDSA token', () => {
    expect(tokenHeader(oldToken).alg).to.equal('EdDSA');
  });

  it('token carries the issuer kid', () => {
    expect(tokenHeader(oldToken).kid).to.equal(page.issuer.config.keys.kid);
  });

  it('verify-only service has the same kid', () => {
    expect(page.api.config.keys.kid).to.equal(page.issuer.config.keys.kid);
  });

  it('bad credentials', async () => {
    const response = await servers.issuerApp.request('/keys/auth/login', { method: 'POST', body: { username: 'ada', password: 'x' } });
    expectError(response, 'UnauthorizedError', 'Invalid credentials');
  });

  it('verify-only service accepts the token', async () => {
    const response = await servers.apiApp.get('/keys/orders', bearer(oldToken));
    expect(response.body).to.deep.equal({ user_id: 'ada', orders: [] });
  });

  it('verify-only service cannot sign', () => {
    const error = catchError(() => page.api.createAccessToken({ uid: 'ada' }));
    expect(error, 'error class').to.be.instanceOf(AuthXError);
    expect(error.message, 'message').to.include('JWT_PRIVATE_KEY');
  });

  it('no token', async () => {
    expectError(await servers.apiApp.get('/keys/orders'), 'MissingTokenError', 'Missing JWT in request');
  });

  describe('rotation', () => {
    it('old token accepted after the switch', async () => {
      const response = await servers.rotatedApiApp.get('/keys/orders', bearer(oldToken));
      expect(response.body.user_id).to.equal('ada');
    });

    it('new token accepted after the switch', async () => {
      const response = await servers.rotatedApiApp.get('/keys/orders', bearer(page.rotatedIssuer.createAccessToken({ uid: 'ada' })));
      expect(response.body.user_id).to.equal('ada');
    });

    it('new token carries the new kid', () => {
      const kid = tokenHeader(page.rotatedIssuer.createAccessToken({ uid: 'ada' })).kid;
      expect(kid, 'kid').to.equal(page.finishedApi.config.keys.kid);
      expect(kid, 'old kid').not.to.equal(page.issuer.config.keys.kid);
    });

    it('new token rejected by a service not yet rotated', async () => {
      const response = await servers.apiApp.get('/keys/orders', bearer(page.rotatedIssuer.createAccessToken({ uid: 'ada' })));
      expectError(response, 'InvalidTokenError', 'Invalid Token');
    });

    it('expired old token reported as expired', async () => {
      const claims = accessClaims('ada', { iat: now() - 1000, exp: now() - 100 });
      const token = signWithKey(page.issuer.config.keys.signingKey!, 'EdDSA', page.issuer.config.keys.kid, claims);
      expectError(await servers.rotatedApiApp.get('/keys/orders', bearer(token)), 'TokenExpiredError', 'Token has expired');
    });

    it('old token rejected once the old key is removed', async () => {
      expectError(await servers.finishedApiApp.get('/keys/orders', bearer(oldToken)), 'InvalidTokenError', 'Invalid Token');
    });

    it('new token accepted once the old key is removed', async () => {
      const response = await servers.finishedApiApp.get('/keys/orders', bearer(page.rotatedIssuer.createAccessToken({ uid: 'ada' })));
      expect(response.body.user_id).to.equal('ada');
    });
  });
});

describe('docs/claims.md', () => {
  interface AppClaims {
    tenant: string;
    roles: string[];
  }

  interface ClaimsPage {
    auth: AuthX<AppClaims>;
    app: Koa;
    billing: AuthX<AppClaims>;
    billingApp: Koa;
  }

  const ISSUER = 'https://auth.example.com';
  const DATA: AppClaims = { tenant: 'acme', roles: ['buyer'] };

  let page: ClaimsPage;
  let server: TestServer;
  let billingServer: TestServer;
  let token: string;

  before(async function () {
    this.timeout(60000);
    page = loadPage<ClaimsPage>('claims.md');
    server = await TestServer.start(page.app);
    billingServer = await TestServer.start(page.billingApp);

    const login = await server.request('/claims/auth/login', { method: 'POST', body: { username: 'ada', password: 'lovelace' } });
    token = login.body.access_token;
  });

  after(async () => {
    await server?.close();
    await billingServer?.close();
  });

  /** Signs claims with the page's secret, to set times that token creation cannot. */
  function forge(overrides: Record<string, unknown>): string {
    const claims = accessClaims('ada', { iss: ISSUER, aud: 'orders-api', ...DATA, ...overrides });
    return forgeToken({ alg: 'HS256', typ: 'JWT' }, claims, page.auth.config.JWT_SECRET_KEY);
  }

  it('login, then the profile', async () => {
    const response = await server.get('/claims/me', bearer(token));
    expect(response.body).to.deep.equal({ user_id: 'ada', tenant: 'acme', roles: ['buyer'], issuer: ISSUER, audience: 'orders-api' });
  });

  it('unknown user', async () => {
    const response = await server.request('/claims/auth/login', { method: 'POST', body: { username: 'toString', password: 'x' } });
    expectError(response, 'UnauthorizedError', 'Invalid credentials');
  });

  it('nbf equals iat', () => {
    const payload = page.auth.decodeToken(token);
    expect(payload.nbf).to.equal(payload.iat);
  });

  it('admin-api audience accepted', async () => {
    const adminToken = page.auth.createAccessToken({ uid: 'ada', data: DATA, audience: 'admin-api' });
    expect((await server.get('/claims/me', bearer(adminToken))).body.audience).to.equal('admin-api');
  });

  it('billing-api audience rejected by orders', async () => {
    const billingToken = page.auth.createAccessToken({ uid: 'ada', data: DATA, audience: 'billing-api' });
    expectError(await server.get('/claims/me', bearer(billingToken)), 'InvalidTokenError', 'Invalid Token');
  });

  it('orders token rejected by billing', async () => {
    expectError(await billingServer.get('/claims/me', bearer(token)), 'InvalidTokenError', 'Invalid Token');
  });

  it('billing token accepted by billing', async () => {
    const billingToken = page.auth.createAccessToken({ uid: 'ada', data: DATA, audience: 'billing-api' });
    expect((await billingServer.get('/claims/me', bearer(billingToken))).body.audience).to.equal('billing-api');
  });

  it('billing has no login route', async () => {
    const response = await billingServer.request('/claims/auth/login', { method: 'POST', body: { username: 'ada', password: 'lovelace' } });
    expect(response.status).to.equal(404);
  });

  it('aud missing', async () => {
    expectError(await server.get('/claims/me', bearer(forge({ aud: undefined }))), 'InvalidTokenError', 'Invalid Token');
  });

  it('iss of another issuer', async () => {
    expectError(await server.get('/claims/me', bearer(forge({ iss: 'https://other.example.com' }))), 'InvalidTokenError', 'Invalid Token');
  });

  it('exp 20 s ago within the leeway', async () => {
    expect((await server.get('/claims/me', bearer(forge({ exp: now() - 20 })))).status).to.equal(200);
  });

  it('exp 40 s ago beyond the leeway', async () => {
    expectError(await server.get('/claims/me', bearer(forge({ exp: now() - 40 }))), 'TokenExpiredError', 'Token has expired');
  });

  it('nbf 20 s ahead within the leeway', async () => {
    expect((await server.get('/claims/me', bearer(forge({ nbf: now() + 20 })))).status).to.equal(200);
  });

  it('nbf 40 s ahead beyond the leeway', async () => {
    expectError(await server.get('/claims/me', bearer(forge({ nbf: now() + 40 }))), 'InvalidTokenError', 'Invalid Token');
  });

  it('reserved name in data', () => {
    const error = catchError(() => page.auth.createAccessToken({ uid: 'ada', data: { ...DATA, sub: 'admin' } as AppClaims }));
    expect(error).to.be.instanceOf(TypeError);
  });
});
