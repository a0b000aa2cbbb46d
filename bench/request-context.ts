import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import Koa, { Context } from 'koa';

/**
 * A Koa context built by `app.createContext` from a real `IncomingMessage` and `ServerResponse`,
 * on a socket that never connects. The micro benchmarks reuse it for every call, and
 * {@link startRequest} makes each call look like a new request to koa-authx.
 */
export class BenchRequest {
  readonly ctx: Context;
  private readonly request: IncomingMessage;

  constructor(app: Koa = new Koa()) {
    this.request = new IncomingMessage(new Socket());
    this.request.method = 'GET';
    this.request.url = '/protected';
    this.request.headers = { host: '127.0.0.1', authorization: '' };
    this.request.rawHeaders = ['Host', '127.0.0.1', 'Authorization', ''];
    this.ctx = app.createContext(this.request, new ServerResponse(this.request));
  }

  /**
   * Sets the `Authorization` header and gives the context a new, empty `ctx.state`, as Koa does
   * for every request, so koa-authx's per-request memo of verified tokens starts empty.
   */
  startRequest(authorization: string): Context {
    this.request.headers.authorization = authorization;
    this.request.rawHeaders[3] = authorization;
    this.ctx.state = {};
    return this.ctx;
  }
}
