import 'reflect-metadata';
import { Authorized, CurrentUser, Get, JsonController } from 'routing-controllers';
import { AuthX } from '../../src/authx';
import { TokenPayload } from '../../src/core/token-payload';
import { controllerApp } from '../support/apps';
import { Response, TestServer, bearer } from '../support/http';

/** The route every spec under spec/keys calls: it requires an access token and returns a few claims. */
@JsonController('/spec-keys')
export class KeysSpecController {
  @Get('/me')
  @Authorized()
  me(@CurrentUser({ required: true }) user: TokenPayload) {
    return { sub: user.sub, aud: user.aud ?? null, iss: user.iss ?? null };
  }
}

/**
 * Starts a routing-controllers app guarded by `auth` on 127.0.0.1, sends one GET /spec-keys/me
 * with `token` as a bearer token, and stops the server.
 */
export async function requestMe(auth: AuthX<any>, token: string): Promise<Response> {
  const server = await TestServer.start(controllerApp(auth, [KeysSpecController]));
  try {
    return await server.get('/spec-keys/me', bearer(token));
  } finally {
    await server.close();
  }
}
