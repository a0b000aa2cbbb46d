import { expect } from 'chai';
import type Koa from 'koa';
import { TestServer, bearer } from '../support/http';

describe('examples/basic', () => {
  let server: TestServer;

  before(async () => {
    process.env.JWT_SECRET_KEY ??= 'examples-basic-spec-secret-0123456789abcdef';
    const { createApp } = require('../../examples/basic/app') as { createApp: () => Koa };
    server = await TestServer.start(createApp());
  });

  after(() => server.close());

  async function login(username: string, password: string) {
    return server.request(`/login?username=${username}&password=${password}`, { method: 'POST' });
  }

  it('login returns an access token', async () => {
    const response = await login('test', 'test');
    expect(response.status).to.equal(200);
    expect(response.body.access_token).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('login with a wrong password', async () => {
    const response = await login('test', 'nope');
    expect(response.status).to.equal(401);
    expect(response.body.message).to.equal('Invalid credentials');
    expect(response.headers['www-authenticate']).to.equal('Bearer');
  });

  it('login of an unknown user', async () => {
    const response = await login('mallory', 'test');
    expect(response.status).to.equal(401);
    expect(response.body.message).to.equal('Invalid credentials');
  });

  it('login without credentials', async () => {
    const response = await server.request('/login', { method: 'POST' });
    expect(response.status).to.equal(401);
    expect(response.body.message).to.equal('Invalid credentials');
  });

  it('protected route with the token', async () => {
    const token = (await login('test', 'test')).body.access_token;
    const response = await server.get('/protected', bearer(token));
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal({ message: 'Hello World' });
  });

  it('protected route without a token', async () => {
    const response = await server.get('/protected');
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({ message: 'Missing JWT in request', error_type: 'MissingTokenError' });
    expect(response.headers['www-authenticate']).to.equal('Bearer');
  });

  it('protected route with a garbage token', async () => {
    const response = await server.get('/protected', bearer('not.a.token'));
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({ message: 'Invalid Token', error_type: 'InvalidTokenError' });
    expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
  });

  it('me returns the subject', async () => {
    const token = (await login('test', 'test')).body.access_token;
    const response = await server.get('/me', bearer(token));
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal({ user_id: 'test' });
  });

  it('me without a token', async () => {
    const response = await server.get('/me');
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('MissingTokenError');
  });
});
