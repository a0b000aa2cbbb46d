import { expect } from 'chai';
import { Authorized, Get, JsonController } from 'routing-controllers';
import { AuthX, AuthXConfig } from '../../src';
import { controllerApp, MemoryLogger } from '../support/apps';
import { TestServer } from '../support/http';
import { SECRET, forgeToken, nowSeconds } from '../support/tokens';

@JsonController('/bad-requests')
class GuardedController {
  @Authorized()
  @Get('/resource')
  resource() {
    return { ok: true };
  }
}

const INVALID = 'Bearer error="invalid_token"';

interface Row {
  name: string;
  headers: (auth: AuthX) => Record<string, string | string[]>;
  status: number;
  errorType: string;
  wwwAuthenticate: string | undefined;
}

const now = nowSeconds();
const header = { alg: 'HS256', typ: 'JWT' };
const claims = (overrides: Record<string, unknown> = {}) => ({ sub: 'u1', type: 'access', jti: 'j1', iat: now, exp: now + 600, fresh: false, ...overrides });
const forged = (payload: unknown, head: unknown = header) => ({ authorization: `Bearer ${forgeToken(head, payload)}` });
const raw = (value: string) => ({ authorization: value });

const rows: Row[] = [
  { name: 'no Authorization header', headers: () => ({}), status: 401, errorType: 'MissingTokenError', wwwAuthenticate: 'Bearer' },
  { name: 'empty Authorization header', headers: () => raw(''), status: 401, errorType: 'MissingTokenError', wwwAuthenticate: 'Bearer' },
  { name: 'Basic scheme', headers: () => raw('Basic dXNlcjpwYXNz'), status: 401, errorType: 'MissingTokenError', wwwAuthenticate: 'Bearer' },
  { name: 'Token scheme', headers: (auth) => raw(`Token ${auth.createAccessToken({ uid: 'u1' })}`), status: 401, errorType: 'MissingTokenError', wwwAuthenticate: 'Bearer' },
  { name: 'scheme glued to the token', headers: (auth) => raw(`Bearer${auth.createAccessToken({ uid: 'u1' })}`), status: 401, errorType: 'MissingTokenError', wwwAuthenticate: 'Bearer' },
  { name: 'scheme without a token', headers: () => raw('Bearer'), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'scheme and spaces only', headers: () => raw('Bearer    '), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'two tokens', headers: (auth) => raw(`Bearer ${auth.createAccessToken({ uid: 'u1' })} ${auth.createAccessToken({ uid: 'u2' })}`), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'tab after the scheme', headers: (auth) => raw(`Bearer\t${auth.createAccessToken({ uid: 'u1' })}`), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'two Authorization headers', headers: (auth) => ({ authorization: [`Bearer ${auth.createAccessToken({ uid: 'u1' })}`, `Bearer ${auth.createAccessToken({ uid: 'u1' })}`] }), status: 400, errorType: 'InvalidRequestError', wwwAuthenticate: 'Bearer error="invalid_request"' },
  { name: 'one segment', headers: () => raw('Bearer abcdef'), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'two segments', headers: () => raw('Bearer abc.def'), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'four segments', headers: () => raw('Bearer a.b.c.d'), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'five segments (JWE)', headers: () => raw('Bearer a.b.c.d.e'), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'characters outside base64url', headers: () => raw('Bearer ab+c.de/f.gh='), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'header not JSON', headers: () => raw(`Bearer ${Buffer.from('{oops').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.c2ln`), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'payload not JSON', headers: () => forged('not json at all'), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'payload an array', headers: () => forged([1, 2]), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'payload a number', headers: () => forged(42), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'alg none', headers: () => raw(`Bearer ${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'alg None signed', headers: () => forged(claims(), { alg: 'None' }), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'alg HS512 not configured', headers: () => ({ authorization: `Bearer ${forgeToken({ alg: 'HS512' }, claims(), SECRET, 'sha512')}` }), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'alg not a string', headers: () => forged(claims(), { alg: ['HS256'] }), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'signed with another secret', headers: () => ({ authorization: `Bearer ${forgeToken(header, claims(), 'another-secret-of-enough-length-0123456789')}` }), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'signature of another token', headers: (auth) => {
    const [head, body] = auth.createAccessToken({ uid: 'u1' }).split('.');
    const signature = auth.createAccessToken({ uid: 'admin' }).split('.')[2];
    return raw(`Bearer ${head}.${body}.${signature}`);
  }, status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'crit header', headers: () => forged(claims(), { alg: 'HS256', crit: ['exp'] }), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'unknown kid', headers: () => forged(claims(), { alg: 'HS256', kid: '../../etc/passwd' }), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'expired', headers: () => forged(claims({ iat: now - 1200, exp: now - 600 })), status: 401, errorType: 'TokenExpiredError', wwwAuthenticate: INVALID },
  { name: 'exp equal to now', headers: () => forged(claims({ exp: nowSeconds() })), status: 401, errorType: 'TokenExpiredError', wwwAuthenticate: INVALID },
  { name: 'exp missing', headers: () => forged(claims({ exp: undefined })), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'exp a string', headers: () => forged(claims({ exp: String(now + 600) })), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'exp 1e400', headers: () => forged(JSON.stringify(claims()).replace(/"exp":\d+/, '"exp":1e400')), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'nbf in the future', headers: () => forged(claims({ nbf: now + 600 })), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'iat a string', headers: () => forged(claims({ iat: 'yesterday' })), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'sub a number', headers: () => forged(claims({ sub: 42 })), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'sub missing', headers: () => forged(claims({ sub: undefined })), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'type missing', headers: () => forged(claims({ type: undefined })), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'scopes a string', headers: () => forged(claims({ scopes: 'admin' })), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
  { name: 'refresh token as access token', headers: (auth) => raw(`Bearer ${auth.createRefreshToken({ uid: 'u1' })}`), status: 401, errorType: 'AccessTokenRequiredError', wwwAuthenticate: INVALID },
  { name: 'token of 9000 characters', headers: () => raw(`Bearer ${'a'.repeat(3000)}.${'b'.repeat(3000)}.${'c'.repeat(3000)}`), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: INVALID },
];

describe('bad requests to a guarded route', () => {
  const logger = new MemoryLogger();
  const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }), { logger });
  let server: TestServer;

  before(async () => {
    server = await TestServer.start(controllerApp(auth, [GuardedController]));
  });

  after(() => server.close());

  it('valid token passes', async () => {
    const response = await server.get('/bad-requests/resource', { authorization: `Bearer ${auth.createAccessToken({ uid: 'u1' })}` });
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal({ ok: true });
  });

  it('lowercase scheme and several spaces pass', async () => {
    const response = await server.get('/bad-requests/resource', { authorization: `bearer    ${auth.createAccessToken({ uid: 'u1' })}` });
    expect(response.status).to.equal(200);
  });

  for (const row of rows) {
    it(row.name, async () => {
      const headers = row.headers(auth);
      const response = await server.get('/bad-requests/resource', headers);

      expect(response.status, response.text).to.equal(row.status);
      expect(response.body.error_type).to.equal(row.errorType);
      expect(response.headers['www-authenticate']).to.equal(row.wwwAuthenticate);
      expect(response.headers['content-type']).to.match(/^application\/json/);
      const sent = ([] as string[]).concat(...Object.values(headers)).join(' ');
      for (const part of sent.split(/[\s.]+/).filter((piece) => piece.length > 8)) {
        expect(response.text, 'response echoes the credentials').not.to.include(part);
      }
    });
  }

  it('nothing was logged', () => {
    expect(logger.errors).to.deep.equal([]);
  });
});
