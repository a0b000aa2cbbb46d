import { expect } from 'chai';
import { Body, CurrentUser, Get, JsonController, Post } from 'routing-controllers';
import { AuthX, AuthXConfig, TokenPayload, TokenRequired } from '../../src';
import { controllerApp } from '../support/apps';
import { TestServer, bearer } from '../support/http';
import { SECRET } from '../support/tokens';

@JsonController('/locations')
class LocationsController {
  @TokenRequired({})
  @Get('/any')
  any(@CurrentUser() user: TokenPayload) {
    return { user_id: user.sub };
  }

  @TokenRequired({})
  @Post('/any')
  anyPost(@CurrentUser() user: TokenPayload, @Body() body: unknown) {
    return { user_id: user.sub, body };
  }

  @TokenRequired({ locations: ['headers'] })
  @Get('/header-only')
  headerOnly(@CurrentUser() user: TokenPayload) {
    return { user_id: user.sub };
  }

  @TokenRequired({ type: 'refresh' })
  @Post('/refresh')
  refresh(@CurrentUser() user: TokenPayload) {
    return { user_id: user.sub, type: user.type };
  }
}

describe('token locations', () => {
  const auth = new AuthX(new AuthXConfig({
    JWT_SECRET_KEY: SECRET,
    JWT_TOKEN_LOCATION: ['headers', 'query', 'json', 'cookies'],
    JWT_COOKIE_CSRF_PROTECT: false,
  }));
  const access = (uid = 'ada') => auth.createAccessToken({ uid });
  let server: TestServer;

  before(async () => {
    server = await TestServer.start(controllerApp(auth, [LocationsController]));
  });

  after(() => server.close());

  it('header', async () => {
    const response = await server.get('/locations/any', bearer(access()));
    expect(response.status).to.equal(200);
    expect(response.body.user_id).to.equal('ada');
  });

  it('query parameter', async () => {
    const response = await server.get(`/locations/any?token=${access()}`);
    expect(response.status).to.equal(200);
  });

  it('query parameter twice', async () => {
    const response = await server.get(`/locations/any?token=${access()}&token=${access()}`);
    expect(response.status).to.equal(400);
    expect(response.body.error_type).to.equal('InvalidRequestError');
  });

  it('cookie', async () => {
    const response = await server.get('/locations/any', { cookie: `access_token_cookie=${access()}` });
    expect(response.status).to.equal(200);
  });

  it('JSON body', async () => {
    const response = await server.request('/locations/any', { method: 'POST', body: { access_token: access(), note: 'x' } });
    expect(response.status).to.equal(200);
    expect(response.body.body.note).to.equal('x');
  });

  it('JSON body with charset', async () => {
    const response = await server.request('/locations/any', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ access_token: access() }),
    });
    expect(response.status).to.equal(200);
  });

  it('JSON body field not a string', async () => {
    const response = await server.request('/locations/any', { method: 'POST', body: { access_token: 42 } });
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('InvalidTokenError');
  });

  it('form body is not the json location', async () => {
    const response = await server.request('/locations/any', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `access_token=${access()}`,
    });
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('MissingTokenError');
  });

  it('order: the header wins over the cookie', async () => {
    const response = await server.get('/locations/any', { ...bearer(access('from-header')), cookie: `access_token_cookie=${access('from-cookie')}` });
    expect(response.body.user_id).to.equal('from-header');
  });

  it('missing token names every place', async () => {
    const response = await server.get('/locations/any');
    expect(response.status).to.equal(401);
    expect(response.body.message).to.equal(
      'Missing JWT in request: looked in the Authorization header, the token query parameter, the access_token JSON field, the access_token_cookie cookie',
    );
    expect(response.headers['www-authenticate']).to.equal('Bearer');
  });

  it('narrowed route ignores the cookie', async () => {
    const response = await server.get('/locations/header-only', { cookie: `access_token_cookie=${access()}` });
    expect(response.status).to.equal(401);
    expect(response.body.message).to.equal('Missing JWT in request');
  });

  it('narrowed route reads the header', async () => {
    const response = await server.get('/locations/header-only', bearer(access()));
    expect(response.status).to.equal(200);
  });

  it('refresh token in the header', async () => {
    const response = await server.request('/locations/refresh', { method: 'POST', headers: bearer(auth.createRefreshToken({ uid: 'ada' })) });
    expect(response.status).to.equal(200);
    expect(response.body.type).to.equal('refresh');
  });

  it('refresh token in the query string', async () => {
    const response = await server.request(`/locations/refresh?token=${auth.createRefreshToken({ uid: 'ada' })}`, { method: 'POST' });
    expect(response.status).to.equal(200);
  });

  it('refresh token in the JSON body', async () => {
    const response = await server.request('/locations/refresh', { method: 'POST', body: { refresh_token: auth.createRefreshToken({ uid: 'ada' }) } });
    expect(response.status).to.equal(200);
  });

  it('refresh token in its cookie', async () => {
    const response = await server.request('/locations/refresh', { method: 'POST', headers: { cookie: `refresh_token_cookie=${auth.createRefreshToken({ uid: 'ada' })}` } });
    expect(response.status).to.equal(200);
  });

  it('access token on the refresh route', async () => {
    const response = await server.request('/locations/refresh', { method: 'POST', headers: bearer(access()) });
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('RefreshTokenRequiredError');
  });

  it('refresh token on an access route', async () => {
    const response = await server.get(`/locations/any?token=${auth.createRefreshToken({ uid: 'ada' })}`);
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('AccessTokenRequiredError');
  });
});
