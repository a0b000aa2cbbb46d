import type { OperationObject, ResponseObject, SecurityRequirementObject } from 'openapi3-ts';
import { AuthXError, InsufficientScopeError, MissingTokenError } from '../core/errors';
import type { ErrorBody } from '../koa/error-middleware';
import { errorResponse } from './error-responses';
import type { MergedRequirement } from '../koa/requirement';
import type { RouteGuard } from './route-guards';

/** Security schemes and description notes of a guarded operation. */
export interface OperationSecurity {
  /** Security schemes a request may use, any one of them. */
  schemeNames: readonly string[];
  /** Scheme named in `WWW-Authenticate`, such as `Bearer`. */
  authScheme: string;
  /** Sentences added to the description, such as where a token in the body goes. */
  notes?: readonly string[];
}

/**
 * Marks an operation as guarded: its `security` alternatives, a 401 (and a 403 when scopes are
 * required) with the error body, the token it needs in the description, and the
 * `x-token-type`, `x-fresh-token-required`, `x-required-scopes` and `x-required-any-scopes`
 * extensions. `x-required-any-scopes` lists groups: the token needs one scope of each group. Responses the operation already documents are kept.
 */
export function secureOperation(operation: OperationObject, guard: RouteGuard, security: OperationSecurity): void {
  const { schemeNames, authScheme } = security;
  const { requirement } = guard;
  const type = requirement.type ?? 'access';
  const scopes = requirement.scopes ?? [];
  const anyScopeGroups = scopeGroups(requirement);

  if (schemeNames.length > 0) {
    const alternatives: SecurityRequirementObject[] = schemeNames.map((name) => ({ [name]: [] }));
    operation.security = guard.optional ? [{}, ...alternatives] : alternatives;
  }

  operation.responses ??= {};
  const unauthorized = errorResponse(unauthorizedText(guard), bodyOf(new MissingTokenError()));
  operation.responses['401'] ??= withAuthenticateHeader(unauthorized, `\`${authScheme}\`, or \`${authScheme} error="invalid_token"\``);

  if (scopes.length > 0 || anyScopeGroups.length > 0) {
    const required = scopes.length > 0 ? scopes : anyScopeGroups[0];
    const forbidden = errorResponse('The token lacks a required scope.', bodyOf(new InsufficientScopeError(required, required, scopes.length === 0)));
    operation.responses['403'] ??= withAuthenticateHeader(forbidden, `\`${authScheme} error="insufficient_scope", scope="..."\` with the required scopes`);
  }

  operation.description = [operation.description, ...requirementLines(guard), ...(security.notes ?? [])].filter(Boolean).join('\n\n');
  operation['x-token-type'] = type;
  operation['x-fresh-token-required'] = requirement.fresh === true;
  if (scopes.length > 0) operation['x-required-scopes'] = [...scopes];
  if (anyScopeGroups.length > 0) operation['x-required-any-scopes'] = anyScopeGroups.map((group) => [...group]);
}

function requirementLines(guard: RouteGuard): string[] {
  const { requirement } = guard;
  const lines: string[] = [];

  if (guard.optional) {
    lines.push('**Authentication:** optional. A token that is sent must be valid.');
  } else if (requirement.type === 'refresh') {
    lines.push('**Authentication:** a refresh token (the `refresh_token` from login), not an access token.');
  } else if (requirement.fresh) {
    lines.push('**Authentication:** a fresh access token, one issued by logging in rather than by a token refresh.');
  } else {
    lines.push('**Authentication:** an access token.');
  }

  if (requirement.scopes?.length) lines.push(`**Required scopes:** ${formatScopes(requirement.scopes)}, all of them.`);
  for (const group of scopeGroups(requirement)) lines.push(`**Required scopes:** at least one of ${formatScopes(group)}.`);
  return lines;
}

function unauthorizedText(guard: RouteGuard): string {
  if (guard.optional) return 'The token sent is invalid or expired.';
  const token = guard.requirement.type === 'refresh' ? 'refresh token' : 'access token';
  const fresh = guard.requirement.fresh ? ', or not fresh' : '';
  return `The ${token} is missing, invalid, expired or of the wrong type${fresh}.`;
}

function scopeGroups(requirement: MergedRequirement): string[][] {
  const groups = requirement.anyScopeGroups ?? [];
  return requirement.anyScopes?.length ? [requirement.anyScopes, ...groups] : groups;
}

function formatScopes(scopes: readonly string[]): string {
  return scopes.map((scope) => `\`${scope}\``).join(', ');
}

function withAuthenticateHeader(response: ResponseObject, value: string): ResponseObject {
  response.headers = {
    'WWW-Authenticate': { description: `Challenge for the client: ${value}.`, schema: { type: 'string' } },
  };
  return response;
}

function bodyOf(error: AuthXError): ErrorBody {
  return { message: error.message, error_type: error.errorType };
}
