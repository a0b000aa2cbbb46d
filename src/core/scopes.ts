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
