import type Koa from 'koa';
import type { Context } from 'koa';
import { createParamDecorator } from 'routing-controllers';

/** Part of an {@link AuthX} instance that `@CurrentSubject()` uses. */
export interface SubjectLoader {
  loadSubject(ctx: Context): Promise<unknown>;
}

const APP_LOADER = Symbol('koa-authx subject loader');

/** Records the AuthX whose error middleware guards `app`, for `@CurrentSubject()` without `auth`. */
export function bindSubjectLoader(app: Koa<any, any>, loader: SubjectLoader): void {
  (app as unknown as { [APP_LOADER]?: SubjectLoader })[APP_LOADER] = loader;
}

/**
 * Injects the user that the subject getter returns for the verified access token's `sub`.
 * A request without a valid token gets the usual 401; a token whose user is not found gets a
 * 401 `UnknownSubjectError`, so the handler never receives `null`. The AuthX used is `auth` when
 * given, else the one whose `handleErrors` was called on the app.
 *
 * @example
 * ```ts
 * auth.setSubjectGetter(async (uid) => users.findById(uid));
 *
 * @Get('/profile')
 * profile(@CurrentSubject() user: User) { return { name: user.name }; }
 * ```
 */
export function CurrentSubject(options: { auth?: SubjectLoader } = {}) {
  return createParamDecorator({
    required: false,
    value: (action) => {
      const ctx = action.context as Context;
      const loader = options.auth ?? (ctx.app as unknown as { [APP_LOADER]?: SubjectLoader })[APP_LOADER];
      if (!loader) {
        throw new TypeError('@CurrentSubject() found no AuthX for this app: call auth.handleErrors(app), or pass @CurrentSubject({ auth })');
      }
      return loader.loadSubject(ctx);
    },
  });
}
