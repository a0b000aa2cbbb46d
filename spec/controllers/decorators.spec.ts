import { expect } from 'chai';
import { IsString, MinLength } from 'class-validator';
import { Authorized, Body, CurrentUser, Get, JsonController, Post } from 'routing-controllers';
import { AuthX, AuthXConfig, TokenPayload } from '../../src';
import { controllerApp, MemoryLogger } from '../support/apps';
import { TestServer, bearer } from '../support/http';
import { SECRET } from '../support/tokens';

class NoteBody {
  @IsString()
  @MinLength(3)
  text!: string;
}

@JsonController('/class-guarded')
@Authorized()
class ClassGuardedController {
  @Get('/one')
  one() {
    return { route: 'one' };
  }

  @Get('/user-twice')
  userTwice(@CurrentUser() first: TokenPayload, @CurrentUser({ required: true }) second: TokenPayload) {
    return { first: first.sub, second: second.sub, same: first === second };
  }
}

@JsonController('/open')
class OpenController {
  @Get('/public')
  public() {
    return { public: true };
  }

  @Get('/optional-user')
  optionalUser(@CurrentUser() user?: TokenPayload) {
    return { user_id: user?.sub ?? null };
  }

  @Get('/required-user')
  requiredUser(@CurrentUser({ required: true }) user: TokenPayload) {
    return { user_id: user.sub };
  }

  @Authorized('notes:write')
  @Post('/notes')
  createNote(@Body() body: NoteBody, @CurrentUser() user: TokenPayload) {
    return { text: body.text, author: user.sub };
  }

  @Get('/crash')
  crash() {
    throw new Error('database password is hunter2');
  }
}

describe('routing-controllers integration', () => {
  const logger = new MemoryLogger();
  const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }), { logger });
  let server: TestServer;
  let decodeCount = 0;

  before(async () => {
    const decode = auth.decodeToken.bind(auth);
    auth.decodeToken = (token: string) => {
      decodeCount++;
      return decode(token);
    };
    server = await TestServer.start(controllerApp(auth, [ClassGuardedController, OpenController]));
  });

  after(() => server.close());

  describe('class-level @Authorized', () => {
    it('guards every method', async () => {
      const response = await server.get('/class-guarded/one');
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('MissingTokenError');
    });

    it('lets a valid token through', async () => {
      const response = await server.get('/class-guarded/one', bearer(auth.createAccessToken({ uid: 'ada' })));
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.equal({ route: 'one' });
    });
  });

  describe('@CurrentUser', () => {
    it('verifies the token once per request', async () => {
      decodeCount = 0;
      const response = await server.get('/class-guarded/user-twice', bearer(auth.createAccessToken({ uid: 'ada' })));
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.equal({ first: 'ada', second: 'ada', same: true });
      expect(decodeCount).to.equal(1);
    });

    it('optional without a token', async () => {
      const response = await server.get('/open/optional-user');
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.equal({ user_id: null });
    });

    it('optional with a token', async () => {
      const response = await server.get('/open/optional-user', bearer(auth.createAccessToken({ uid: 'ada' })));
      expect(response.body).to.deep.equal({ user_id: 'ada' });
    });

    it('optional with an invalid token', async () => {
      const response = await server.get('/open/optional-user', bearer('a.b.c'));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('InvalidTokenError');
    });

    it('required without a token answers like @Authorized', async () => {
      const response = await server.get('/open/required-user');
      expect(response.status).to.equal(401);
      expect(response.body).to.deep.equal({ message: 'Missing JWT in request', error_type: 'MissingTokenError' });
      expect(response.headers['www-authenticate']).to.equal('Bearer');
    });

    it('required with a refresh token', async () => {
      const response = await server.get('/open/required-user', bearer(auth.createRefreshToken({ uid: 'ada' })));
      expect(response.status).to.equal(401);
      expect(response.body.error_type).to.equal('AccessTokenRequiredError');
    });
  });

  describe('@Authorized with a scope', () => {
    const note = (token: string, body: unknown) => server.request('/open/notes', { method: 'POST', headers: bearer(token), body });

    it('token with the scope', async () => {
      const response = await note(auth.createAccessToken({ uid: 'ada', scopes: ['notes:write'] }), { text: 'hello' });
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.equal({ text: 'hello', author: 'ada' });
    });

    it('token without the scope', async () => {
      const response = await note(auth.createAccessToken({ uid: 'ada', scopes: ['notes:read'] }), { text: 'hello' });
      expect(response.status).to.equal(403);
      expect(response.body.error_type).to.equal('InsufficientScopeError');
      expect(response.body.message).to.include('notes:write');
      expect(response.headers['www-authenticate']).to.equal('Bearer error="insufficient_scope", scope="notes:write"');
    });

    it('no token is 401, not 403', async () => {
      const response = await server.request('/open/notes', { method: 'POST', body: { text: 'hello' } });
      expect(response.status).to.equal(401);
    });

    it('invalid body is 400 with the failed constraint', async () => {
      const response = await note(auth.createAccessToken({ uid: 'ada', scopes: ['notes:write'] }), { text: 'x' });
      expect(response.status).to.equal(400);
      expect(response.body.errors[0].property).to.equal('text');
      expect(response.body.errors[0].constraints).to.have.property('minLength');
    });

    it('malformed JSON body is 400', async () => {
      const response = await server.request('/open/notes', {
        method: 'POST',
        headers: { ...bearer(auth.createAccessToken({ uid: 'ada', scopes: ['notes:write'] })), 'content-type': 'application/json' },
        body: '{"text": ',
      });
      expect(response.status).to.equal(400);
      expect(response.body).to.deep.equal({ message: 'The request body is not valid JSON', error_type: 'BadRequestError' });
    });
  });

  describe('error middleware', () => {
    it('unknown route is 404', async () => {
      const response = await server.get('/open/nowhere');
      expect(response.status).to.equal(404);
    });

    it('unexpected error is a bare 500, logged once', async () => {
      const before = logger.errors.length;
      const response = await server.get('/open/crash');
      expect(response.status).to.equal(500);
      expect(response.body).to.deep.equal({ message: 'Internal Server Error', error_type: 'InternalServerError' });
      expect(response.text).not.to.include('hunter2');
      expect(logger.errors.length - before).to.equal(1);
    });

    it('public route needs nothing', async () => {
      const response = await server.get('/open/public');
      expect(response.status).to.equal(200);
    });
  });
});
