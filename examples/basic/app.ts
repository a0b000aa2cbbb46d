import 'reflect-metadata';
import Koa from 'koa';
import { Authorized, CurrentUser, Get, JsonController, Post, QueryParams, UnauthorizedError, useKoaServer } from 'routing-controllers';
import { OpenAPI, ResponseSchema } from 'routing-controllers-openapi';
import { OpenAPIObject, TokenPayload, buildOpenApiDocument, errorResponse, serveOpenApi } from '../../src';
import { auth } from './auth';
import { AccessTokenResponse, Credentials, CurrentUserResponse, MessageResponse } from './schemas';

const USERS: Record<string, string> = { test: 'test' };

@JsonController()
export class LoginController {
  @Post('/login')
  @OpenAPI({
    summary: 'Log in and get an access token',
    responses: { 401: errorResponse('Wrong user name or password.', { message: 'Invalid credentials', error_type: 'UnauthorizedError' }) },
  })
  @ResponseSchema(AccessTokenResponse, { description: 'The access token.' })
  login(@QueryParams() { username, password }: Credentials) {
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
  @OpenAPI({ summary: 'Greet the holder of a valid access token' })
  @ResponseSchema(MessageResponse, { description: 'A greeting, for a valid access token.' })
  protected() {
    return { message: 'Hello World' };
  }

  @Get('/me')
  @OpenAPI({ summary: 'Return the user id of the token' })
  @ResponseSchema(CurrentUserResponse, { description: 'The user the token was issued to.' })
  me(@CurrentUser({ required: true }) user: TokenPayload) {
    return { user_id: user.sub };
  }
}

export const controllers = [LoginController, ProtectedController];

/** Builds the OpenAPI document of the example's routes. */
export function createOpenApiDocument(): OpenAPIObject {
  return buildOpenApiDocument(auth, {
    controllers,
    info: {
      title: 'koa-authx basic example',
      version: '1.0.0',
      description: 'Log in with `POST /login` (user `test`, password `test`), click **Authorize** and paste the `access_token`, then call the locked routes.',
    },
  });
}

/** Builds the example app: the routes, `GET /openapi.json` and Swagger UI at `/docs`. */
export function createApp(): Koa {
  const app = new Koa();
  auth.handleErrors(app);
  serveOpenApi(app, createOpenApiDocument());
  useKoaServer(app, {
    controllers,
    authorizationChecker: auth.authorizationChecker,
    currentUserChecker: auth.currentUserChecker,
    defaultErrorHandler: false,
  });
  return app;
}
