import Router from '@koa/router';
import Redis from 'ioredis';
import Koa from 'koa';
import koaJwt from 'koa-jwt';
import { useKoaServer } from 'routing-controllers';
import { AuthX, AuthXConfig, RedisRevocationStore } from '../src';
import { BenchController } from './controllers';

/** The apps the HTTP rows load, each run in its own child process. */
export const SERVER_KINDS = ['koa', 'controllers', 'controllers-redis', 'koa-jwt'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** What a benchmark server needs from the parent. */
export interface ServerSettings {
  /** HMAC secret of the parent's tokens. */
  secret: string;
  /** Redis URL, for `controllers-redis` only. */
  redisUrl?: string;
}

/** Builds the Koa app of `kind`. */
export async function buildApp(kind: ServerKind, settings: ServerSettings): Promise<Koa> {
  switch (kind) {
    case 'koa':
      return plainKoaApp(new AuthX(configFor(settings)));
    case 'controllers':
      return controllerApp(new AuthX(configFor(settings)));
    case 'controllers-redis':
      return controllerApp(new AuthX(configFor(settings), { revocationStore: await redisStore(settings) }));
    case 'koa-jwt':
      return koaJwtApp(settings.secret);
  }
}

function configFor(settings: ServerSettings): AuthXConfig {
  return new AuthXConfig({ JWT_SECRET_KEY: settings.secret });
}

/** `/open` without authentication and `/protected` behind `auth.accessTokenRequired`, routed by @koa/router. */
function plainKoaApp(auth: AuthX): Koa {
  const app = new Koa();
  const router = new Router();
  auth.handleErrors(app);
  router.get('/open', (ctx) => {
    ctx.body = { ok: true };
  });
  router.get('/protected', auth.accessTokenRequired, (ctx) => {
    ctx.body = { ok: true };
  });
  app.use(router.routes());
  return app;
}

/** The {@link BenchController} routes, wired as the README shows. */
function controllerApp(auth: AuthX): Koa {
  const app = new Koa();
  auth.handleErrors(app);
  useKoaServer(app, {
    controllers: [BenchController],
    authorizationChecker: auth.authorizationChecker,
    currentUserChecker: auth.currentUserChecker,
    defaultErrorHandler: false,
  });
  return app;
}

/** koa-jwt 4 in front of every route, with the secret as a string, as its README shows. */
function koaJwtApp(secret: string): Koa {
  const app = new Koa();
  const router = new Router();
  app.use(koaJwt({ secret }));
  router.get('/protected', (ctx) => {
    ctx.body = { ok: true };
  });
  app.use(router.routes());
  return app;
}

async function redisStore(settings: ServerSettings): Promise<RedisRevocationStore> {
  if (!settings.redisUrl) throw new TypeError('the controllers-redis server needs a Redis URL');
  const redis = new Redis(settings.redisUrl, { enableOfflineQueue: false });
  await new Promise<void>((resolve, reject) => {
    redis.once('ready', resolve);
    redis.once('error', reject);
  });
  return new RedisRevocationStore(redis);
}
