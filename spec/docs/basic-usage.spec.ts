import { expect } from 'chai';
import type Koa from 'koa';
import type { AuthX } from '../../src';
import { compileDocs } from '../support/docs';
import { TestServer, bearer } from '../support/http';

describe('docs/basic-usage.md', () => {
  let page: { app: Koa; plainApp: Koa; auth: AuthX };
  let server: TestServer;
  let plainServer: TestServer;

  before(async function () {
    this.timeout(60000);
    const files = compileDocs(['basic-usage.md']);
    page = require(files['basic-usage.md']);
    server = await TestServer.start(page.app);
    plainServer = await TestServer.start(page.plainApp);
  });

  after(async () => {
    await server?.close();
    await plainServer?.close();
  });

  it('login, then the protected route', async () => {
    const login = await server.request('/login?username=test&password=test', { method: 'POST' });
    expect(login.status).to.equal(200);

    const response = await server.get('/protected', bearer(login.body.access_token));
    expect(response.body).to.deep.equal({ message: 'Hello World' });
  });

  it('me returns the subject and expiry', async () => {
    const response = await server.get('/me', bearer(page.auth.createAccessToken({ uid: 'ada' })));
    expect(response.body.user_id).to.equal('ada');
    expect(Date.parse(response.body.expires_at)).to.be.greaterThan(Date.now());
  });

  it('bad credentials', async () => {
    const response = await server.request('/login?username=test&password=x', { method: 'POST' });
    expect(response.status).to.equal(401);
    expect(response.body.message).to.equal('Invalid credentials');
  });

  it('missing token', async () => {
    const response = await server.get('/protected');
    expect(response.body).to.deep.equal({ message: 'Missing JWT in request', error_type: 'MissingTokenError' });
  });

  it('plain router guard', async () => {
    const response = await plainServer.get('/plain/protected', bearer(page.auth.createAccessToken({ uid: 'ada' })));
    expect(response.body).to.deep.equal({ user_id: 'ada' });
  });

  it('plain router scope guard', async () => {
    const response = await plainServer.get('/plain/reports', bearer(page.auth.createAccessToken({ uid: 'ada' })));
    expect(response.status).to.equal(403);
  });
});
