/**
 * Returns the required scopes that `granted` does not cover. A granted scope ending in `:*`
 * covers every scope under that prefix (`users:*` covers `users:read` and `users:read:own`,
 * not `users`). Matching is case-sensitive, as scope values are in RFC 6749, section 3.3.
 */
export function missingScopes(granted: readonly string[] | undefined, required: readonly string[]): string[] {
  const have = granted ?? [];
  return required.filter((scope) => !have.some((grant) => covers(grant, scope)));
}

function covers(grant: string, scope: string): boolean {
  if (grant === scope) return true;
  return grant.endsWith(':*') && scope.startsWith(grant.slice(0, -1)) && scope.length > grant.length - 1;
}

/** A scope token of RFC 6749, section 3.3: printable ASCII without space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Checks scopes that a route requires, so a typo such as `'users:read users:write'` (one scope
 * with a space, which no token can contain) fails loudly instead of returning 403 forever.
 *
 * @throws TypeError naming the first invalid scope.
 */
export function checkScopeSyntax(scopes: readonly unknown[]): void {
  for (const scope of scopes) {
    if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
      const description = typeof scope === 'string' ? JSON.stringify(scope) : typeof scope;
      throw new TypeError(`Required scope ${description} is invalid: a scope is printable ASCII without spaces, quotes or backslashes; list several scopes as separate strings`);
    }
  }
}
