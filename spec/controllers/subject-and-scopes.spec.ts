import { expect } from 'chai';
import { Authorized, Get, JsonController } from 'routing-controllers';
import { AuthX, AuthXConfig, CurrentSubject, TokenRequired, anyScope } from '../../src';
import { MemoryLogger, controllerApp } from '../support/apps';
import { TestServer, bearer } from '../support/http';
import { SECRET } from '../support/tokens';

interface User {
  id: string;
  name: string;
}

const USERS: Record<string, User> = { u1: { id: 'u1', name: 'Ada' } };

@JsonController('/subject')
class SubjectController {
  @Authorized()
  @Get('/profile')
  profile(@CurrentSubject() user: User, @CurrentSubject() again: User) {
    return { name: user.name, same: user === again };
  }

  @Get('/unguarded-profile')
  unguarded(@CurrentSubject() user: User) {
    return { name: user.name };
  }
}

@JsonController('/scopes')
class ScopesController {
  @Authorized(['reports:read', 'reports:export'])
  @Get('/all-of')
  allOf() {
    return { ok: true };
  }

  @Authorized(anyScope('reports:read', 'reports:admin'))
  @Get('/any-of')
  anyOf() {
    return { ok: true };
  }

  @Authorized('users:read')
  @Get('/single')
  single() {
    return { ok: true };
  }
}

@JsonController('/grouped')
@Authorized(anyScope('reports:read', 'reports:admin'))
class GroupedScopesController {
  @TokenRequired({ anyScopes: ['billing:read', 'billing:admin'] })
  @Get('/both-groups')
  bothGroups() {
    return { ok: true };
  }

  @Authorized('bad scope with spaces')
  @Get('/invalid-scope')
  invalidScope() {
    return { ok: true };
  }
}

describe('@CurrentSubject', () => {
  const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }));
  let lookups = 0;
  let server: TestServer;

  before(async () => {
    auth.setSubjectGetter(async (uid) => {
      lookups++;
      return USERS[uid] ?? null;
    });
    server = await TestServer.start(controllerApp(auth, [SubjectController]));
  });

  after(() => server.close());

  it('known subject, loaded once', async () => {
    lookups = 0;
    const response = await server.get('/subject/profile', bearer(auth.createAccessToken({ uid: 'u1' })));
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal({ name: 'Ada', same: true });
    expect(lookups).to.equal(1);
  });

  it('unknown subject is 401', async () => {
    const response = await server.get('/subject/profile', bearer(auth.createAccessToken({ uid: 'deleted-user' })));
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('UnknownSubjectError');
    expect(response.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
  });

  it('no token on an unguarded route is 401', async () => {
    const response = await server.get('/subject/unguarded-profile');
    expect(response.status).to.equal(401);
    expect(response.body.error_type).to.equal('MissingTokenError');
  });

  it('unguarded route verifies the token itself', async () => {
    const response = await server.get('/subject/unguarded-profile', bearer(auth.createAccessToken({ uid: 'u1' })));
    expect(response.body).to.deep.equal({ name: 'Ada' });
  });
});

describe('scopes over HTTP', () => {
  const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }));
  let server: TestServer;
  const call = (path: string, scopes?: string[]) => server.get(path, bearer(auth.createAccessToken({ uid: 'ada', scopes })));

  before(async () => {
    server = await TestServer.start(controllerApp(auth, [ScopesController]));
  });

  after(() => server.close());

  const cases: [string, string, string[] | undefined, number][] = [
    ['all-of with both', '/scopes/all-of', ['reports:read', 'reports:export'], 200],
    ['all-of with one', '/scopes/all-of', ['reports:read'], 403],
    ['all-of with wildcard', '/scopes/all-of', ['reports:*'], 200],
    ['all-of without scopes claim', '/scopes/all-of', undefined, 403],
    ['any-of with the first', '/scopes/any-of', ['reports:read'], 200],
    ['any-of with the second', '/scopes/any-of', ['reports:admin'], 200],
    ['any-of with neither', '/scopes/any-of', ['users:read'], 403],
    ['single exact', '/scopes/single', ['users:read'], 200],
    ['single other case', '/scopes/single', ['USERS:READ'], 403],
    ['single with parent wildcard', '/scopes/single', ['users:*'], 200],
    ['single with bare prefix', '/scopes/single', ['users'], 403],
  ];
  for (const [name, path, scopes, status] of cases) {
    it(name, async () => {
      const response = await call(path, scopes);
      expect(response.status).to.equal(status);
    });
  }

  it('403 names the missing scope', async () => {
    const response = await call('/scopes/all-of', ['reports:read']);
    expect(response.body.message).to.equal('Insufficient scope: the token lacks the scopes reports:export');
    expect(response.headers['www-authenticate']).to.equal('Bearer error="insufficient_scope", scope="reports:read reports:export"');
  });

  it('any-of 403 lists the alternatives', async () => {
    const response = await call('/scopes/any-of', []);
    expect(response.body.message).to.equal('Insufficient scope: the token lacks one of the scopes reports:read, reports:admin');
    expect(response.headers['www-authenticate']).to.equal('Bearer error="insufficient_scope", scope="reports:read reports:admin"');
  });

  it('no token is still 401', async () => {
    const response = await server.get('/scopes/single');
    expect(response.status).to.equal(401);
  });

  it('invalid token is still 401', async () => {
    const response = await server.get('/scopes/single', bearer('a.b.c'));
    expect(response.status).to.equal(401);
  });
});

describe('scope groups on class and method', () => {
  const logger = new MemoryLogger();
  const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }), { logger });
  let server: TestServer;
  const call = (path: string, scopes: string[]) => server.get(path, bearer(auth.createAccessToken({ uid: 'ada', scopes })));

  before(async () => {
    server = await TestServer.start(controllerApp(auth, [GroupedScopesController]));
  });

  after(() => server.close());

  it('class group only', async () => {
    const response = await call('/grouped/both-groups', ['reports:read']);
    expect(response.status).to.equal(403);
    expect(response.headers['www-authenticate']).to.equal('Bearer error="insufficient_scope", scope="billing:read billing:admin"');
  });

  it('method group only', async () => {
    const response = await call('/grouped/both-groups', ['billing:admin']);
    expect(response.status).to.equal(403);
  });

  it('one scope of each group', async () => {
    const response = await call('/grouped/both-groups', ['reports:admin', 'billing:read']);
    expect(response.status).to.equal(200);
  });

  it('invalid route scope is a logged 500', async () => {
    const response = await call('/grouped/invalid-scope', ['reports:read']);
    expect(response.status).to.equal(500);
    expect(response.body.error_type).to.equal('InternalServerError');
    expect(String(logger.errors[0]?.error)).to.include('"bad scope with spaces" is invalid');
  });

  it('invalid scope in a plain guard throws at start-up', () => {
    expect(() => auth.scopesRequired('users:read users:write')).to.throw(TypeError, /"users:read users:write" is invalid/);
    expect(() => auth.tokenRequired({ anyScopes: ['a"b'] })).to.throw(TypeError, /invalid/);
  });
});

describe('@CurrentSubject without handleErrors', () => {
  it('answers 500 naming the fix', async () => {
    const auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET }), { logger: { warn: () => {}, error: () => {} } });
    auth.setSubjectGetter(async (uid) => USERS[uid] ?? null);
    const { default: Koa } = await import('koa');
    const { useKoaServer } = await import('routing-controllers');
    const app = new Koa();
    let logged: unknown;
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        logged = error;
        ctx.status = 500;
      }
    });
    useKoaServer(app, { controllers: [SubjectController], defaultErrorHandler: false });
    const server = await TestServer.start(app);
    try {
      const response = await server.get('/subject/unguarded-profile', bearer(auth.createAccessToken({ uid: 'u1' })));
      expect(response.status).to.equal(500);
      expect((logged as Error).message).to.include('auth.handleErrors(app)');
    } finally {
      await server.close();
    }
  });
});
