import 'reflect-metadata';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import Koa from 'koa';
import type { Context } from 'koa';
import { Authorized, BadRequestError, Body, Ctx, CurrentUser, Get, JsonController, Post, Put, UnauthorizedError, useKoaServer } from 'routing-controllers';
import { FreshTokenRequired, RefreshTokenRequired, TokenPayload } from '../../src';
import { auth } from './auth';

/** Demo accounts; a real app checks password hashes in its user store. */
const USERS: Record<string, string> = { test: 'test', admin: 'admin' };

export class LoginBody {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  username!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password!: string;
}

export class PasswordBody {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password!: string;
}

function checkCredentials(body: LoginBody): string {
  // routing-controllers turns a JSON array body into an array of LoginBody and validates no fields.
  if (!(body instanceof LoginBody)) throw new BadRequestError('Send a JSON object with username and password');
  if (!Object.prototype.hasOwnProperty.call(USERS, body.username) || USERS[body.username] !== body.password) {
    throw new UnauthorizedError('Invalid credentials');
  }
  return body.username;
}

@JsonController('/auth')
export class AuthController {
  @Post('/login')
  login(@Body({ required: true }) body: LoginBody) {
    const uid = checkCredentials(body);
    return auth.createTokenPair({ uid, fresh: true });
  }

  @Post('/cookie-login')
  cookieLogin(@Body({ required: true }) body: LoginBody, @Ctx() ctx: Context) {
    const uid = checkCredentials(body);
    auth.setAccessCookies(ctx, auth.createAccessToken({ uid, fresh: true }));
    auth.setRefreshCookies(ctx, auth.createRefreshToken({ uid }));
    return { login: true };
  }

  @RefreshTokenRequired()
  @Post('/refresh')
  refresh(@CurrentUser({ required: true }) refreshToken: TokenPayload, @Ctx() ctx: Context) {
    const accessToken = auth.createAccessToken({ uid: refreshToken.sub, fresh: false });
    if (auth.tokenLocation(ctx) === 'cookies') auth.setAccessCookies(ctx, accessToken);
    return { access_token: accessToken };
  }
}

@JsonController('/account')
export class AccountController {
  @Authorized()
  @Get()
  account(@CurrentUser({ required: true }) user: TokenPayload) {
    return { user_id: user.sub };
  }

  @FreshTokenRequired()
  @Put('/password')
  changePassword(@Body({ required: true }) body: PasswordBody, @CurrentUser({ required: true }) user: TokenPayload) {
    USERS[user.sub] = body.password;
    return { updated: true };
  }
}

export function createApp(): Koa {
  const app = new Koa();
  auth.handleErrors(app);
  app.use(auth.implicitRefresh());
  useKoaServer(app, {
    controllers: [AuthController, AccountController],
    authorizationChecker: auth.authorizationChecker,
    currentUserChecker: auth.currentUserChecker,
    defaultErrorHandler: false,
    validation: { forbidUnknownValues: true },
  });
  return app;
}
