import 'reflect-metadata';
import Koa from 'koa';
import { useKoaServer } from 'routing-controllers';
import { AuthX } from '../../src';

/** A Koa app running `controllers` behind `auth`, wired as the README shows. */
export function controllerApp(auth: AuthX<any>, controllers: Function[]): Koa {
  const app = new Koa();
  auth.handleErrors(app);
  useKoaServer(app, {
    controllers,
    authorizationChecker: auth.authorizationChecker,
    currentUserChecker: auth.currentUserChecker,
    defaultErrorHandler: false,
  });
  return app;
}

/** A logger that keeps what it is given, for specs that check what was logged. */
export class MemoryLogger {
  readonly warnings: string[] = [];
  readonly errors: { message: string; error: unknown }[] = [];

  warn(message: string): void {
    this.warnings.push(message);
  }

  error(message: string, error?: unknown): void {
    this.errors.push({ message, error });
  }
}
