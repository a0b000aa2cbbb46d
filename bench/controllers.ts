import { Authorized, CurrentUser, Get, JsonController } from 'routing-controllers';
import type { TokenPayload } from '../src';

/** The routes of the routing-controllers rows: one body, three levels of authentication. */
@JsonController()
export class BenchController {
  @Get('/open')
  open() {
    return { ok: true };
  }

  @Authorized()
  @Get('/protected')
  protected() {
    return { ok: true };
  }

  @Authorized()
  @Get('/me')
  me(@CurrentUser({ required: true }) user: TokenPayload) {
    return { ok: true, sub: user.sub };
  }
}
