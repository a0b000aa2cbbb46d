import 'reflect-metadata';
import Koa from 'koa';
import { Authorized, CurrentUser, Get, JsonController, Post, QueryParam, UnauthorizedError, useKoaServer } from 'routing-controllers';
import { TokenPayload } from '../../src';
import { auth } from './auth';

const USERS: Record<string, string> = { test: 'test' };

@JsonController()
export class LoginController {
  @Post('/login')
  login(@QueryParam('username') username: string, @QueryParam('password') password: string) {
    if (!username || USERS[username] !== password) {
      throw new UnauthorizedError('Invalid credentials');
    }
    return { access_token: auth.createAccessToken({ uid: username }) };
  }
}

@JsonController()
@Authorized()
export class ProtectedController {
  @Get('/protected')
  protected() {
    return { message: 'Hello World' };
  }

  @Get('/me')
  me(@CurrentUser({ required: true }) user: TokenPayload) {
    return { user_id: user.sub };
  }
}

export function createApp(): Koa {
  const app = new Koa();
  auth.handleErrors(app);
  useKoaServer(app, {
    controllers: [LoginController, ProtectedController],
    authorizationChecker: auth.authorizationChecker,
    currentUserChecker: auth.currentUserChecker,
    defaultErrorHandler: false,
  });
  return app;
}
