import type { Context } from 'koa';
import { createParamDecorator } from 'routing-controllers';

/** What `@CurrentSubject()` needs from an {@link AuthX} instance. */
export interface SubjectLoader {
  loadSubject(ctx: Context): Promise<unknown>;
}

let defaultLoader: SubjectLoader | undefined;

/** Makes `loader` the one `@CurrentSubject()` uses when it names none; `setSubjectGetter` calls it. */
export function setDefaultSubjectLoader(loader: SubjectLoader): void {
  defaultLoader = loader;
}

/**
 * Injects the user that the subject getter returns for the verified access token's `sub`.
 * A request without a valid token gets the usual 401; a token whose user is not found gets a
 * 401 `UnknownSubjectError`, so the handler never sees `null`. With several `AuthX` instances
 * in one process, pass the one to use as `auth`.
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
      const loader = options.auth ?? defaultLoader;
      if (!loader) {
        throw new TypeError('@CurrentSubject() needs a subject getter: call auth.setSubjectGetter(async (uid) => user) first');
      }
      return loader.loadSubject(action.context as Context);
    },
  });
}
