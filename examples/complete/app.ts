import 'reflect-metadata';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import Koa from 'koa';
import type { Context } from 'koa';
import { Authorized, BadRequestError, Body, Ctx, CurrentUser, Delete, Get, JsonController, NotFoundError, Param, Post, Put, UnauthorizedError, useKoaServer } from 'routing-controllers';
import { FreshTokenRequired, RefreshTokenRequired, TokenPayload } from '../../src';
import { auth } from './auth';

/** Demo accounts; a real app checks password hashes in its user store. */
const USERS: Record<string, string> = { test: 'test', admin: 'admin' };

/** Scopes granted at login. `users:*` covers every `users:` scope. */
const SCOPES: Record<string, string[]> = { test: ['users:read'], admin: ['users:*'] };

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
    return auth.createTokenPair({ uid, fresh: true, scopes: SCOPES[uid] });
  }

  @Post('/cookie-login')
  cookieLogin(@Body({ required: true }) body: LoginBody, @Ctx() ctx: Context) {
    const uid = checkCredentials(body);
    auth.setAccessCookies(ctx, auth.createAccessToken({ uid, fresh: true, scopes: SCOPES[uid] }));
    auth.setRefreshCookies(ctx, auth.createRefreshToken({ uid, scopes: SCOPES[uid] }));
    return { login: true };
  }

  @RefreshTokenRequired()
  @Post('/refresh')
  refresh(@CurrentUser({ required: true }) refreshToken: TokenPayload, @Ctx() ctx: Context) {
    const accessToken = auth.createAccessToken({ uid: refreshToken.sub, fresh: false, scopes: refreshToken.scopes ? [...refreshToken.scopes] : undefined });
    if (auth.tokenLocation(ctx) === 'cookies') auth.setAccessCookies(ctx, accessToken);
    return { access_token: accessToken };
  }

  /**
   * Revokes the access token and, when the request also carries one (refresh cookie or
   * `refresh_token` JSON field), the refresh token, so neither works again.
   */
  @Authorized()
  @Post('/logout')
  async logout(@CurrentUser({ required: true }) accessToken: TokenPayload, @Ctx() ctx: Context) {
    // The access token already passed the CSRF check, so the refresh cookie needs no second value.
    const refreshToken = await auth.verifyRequest(ctx, { type: 'refresh', locations: ['cookies', 'json'], csrf: false, optional: true });
    await auth.revokeToken(accessToken);
    if (refreshToken) await auth.revokeToken(refreshToken);
    auth.unsetCookies(ctx);
    return { logout: true, refresh_token_revoked: refreshToken !== undefined };
  }
}

@JsonController('/admin/users')
export class AdminController {
  @Authorized('users:read')
  @Get()
  list() {
    return { users: Object.keys(USERS).map((id) => ({ id, scopes: SCOPES[id] ?? [] })) };
  }

  /** Reports the deletion without removing the account, so the demo users stay available. */
  @Authorized('users:write')
  @Delete('/:id')
  remove(@Param('id') id: string) {
    if (!Object.prototype.hasOwnProperty.call(USERS, id)) throw new NotFoundError(`No user ${id}`);
    return { deleted: id };
  }
}

@JsonController('/account')
export class AccountController {
  @Authorized()
  @Get()
  account(@CurrentUser({ required: true }) user: TokenPayload) {
    return { user_id: user.sub };
  }

  /** Changes the demo user's password in memory, until the server restarts. */
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
    controllers: [AuthController, AccountController, AdminController],
    authorizationChecker: auth.authorizationChecker,
    currentUserChecker: auth.currentUserChecker,
    defaultErrorHandler: false,
    validation: { forbidUnknownValues: true },
  });
  return app;
}
