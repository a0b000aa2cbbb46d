import { STATUS_CODES } from 'node:http';
import type { Context, Middleware } from 'koa';
import { AuthXError } from '../core/errors';
import type { AuthXLogger } from '../core/logger';

/** JSON body of every error response. */
export interface ErrorBody {
  message: string;
  error_type: string;
  /** Validation failures of a request body, without the rejected values. */
  errors?: { property: string; constraints?: Record<string, string> }[];
}

export interface ErrorMiddlewareOptions {
  /** Scheme named in `WWW-Authenticate`, normally `JWT_HEADER_TYPE`. */
  scheme: string;
  logger: AuthXLogger;
  /** Builds the 401 sent when routing-controllers rejects a required `@CurrentUser()` that is empty. */
  missingToken: () => AuthXError;
}

interface HttpErrorLike {
  httpCode: number;
  name?: string;
  message?: string;
  errors?: unknown;
}

interface KoaErrorLike {
  status: number;
  expose?: boolean;
  message?: string;
}

/**
 * Builds the middleware that turns every error thrown below it into a JSON response:
 * koa-authx errors with their status and `WWW-Authenticate` header, routing-controllers'
 * `HttpError`s below 500 by `httpCode`, Koa's exposed errors by `status`, and anything else into a bare
 * 500 that is logged once.
 */
export function createErrorMiddleware(options: ErrorMiddlewareOptions): Middleware {
  return async function authxErrors(ctx, next) {
    try {
      await next();
    } catch (error) {
      respond(ctx, toResponse(error, options));
    }
  };
}

interface ErrorResponse {
  status: number;
  body: ErrorBody;
  wwwAuthenticate?: string;
}

function toResponse(error: unknown, options: ErrorMiddlewareOptions): ErrorResponse {
  if (isNamed(error, 'AuthorizationRequiredError')) {
    return fromAuthXError(options.missingToken(), options.scheme);
  }
  if (error instanceof AuthXError) {
    return fromAuthXError(error, options.scheme);
  }
  if (isHttpError(error)) {
    return fromHttpError(error, options.scheme || 'Bearer');
  }
  if (error instanceof SyntaxError && isKoaClientError(error)) {
    // co-body (koa-bodyparser) marks an unparsable body with status 400; its message and `body` quote the input.
    return { status: 400, body: { message: 'The request body is not valid JSON', error_type: 'BadRequestError' } };
  }
  if (isKoaClientError(error)) {
    return {
      status: error.status,
      body: { message: error.expose && error.message ? error.message : statusText(error.status), error_type: 'HttpError' },
    };
  }

  options.logger.error('request failed with an unexpected error; sent 500', error);
  return { status: 500, body: { message: 'Internal Server Error', error_type: 'InternalServerError' } };
}

function fromAuthXError(error: AuthXError, scheme: string): ErrorResponse {
  return {
    status: error.status,
    body: { message: error.message, error_type: error.errorType },
    wwwAuthenticate: error.wwwAuthenticate(scheme || 'Bearer'),
  };
}

function fromHttpError(error: HttpErrorLike, scheme: string): ErrorResponse {
  const body: ErrorBody = { message: error.message || statusText(error.httpCode), error_type: error.name || 'HttpError' };
  if (Array.isArray(error.errors)) {
    body.errors = error.errors.map((item: { property?: unknown; constraints?: Record<string, string> }) => ({
      property: String(item?.property),
      constraints: item?.constraints,
    }));
  }
  // RFC 9110, section 15.5.2: a 401 always names the scheme that would be accepted.
  return { status: error.httpCode, body, wwwAuthenticate: error.httpCode === 401 ? scheme : undefined };
}

function respond(ctx: Context, response: ErrorResponse): void {
  ctx.status = response.status;
  ctx.body = response.body;
  if (response.wwwAuthenticate) ctx.set('WWW-Authenticate', response.wwwAuthenticate);
  if (response.status === 401 || response.status === 403) ctx.set('Cache-Control', 'no-store');
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

function isHttpError(error: unknown): error is HttpErrorLike {
  const code = (error as HttpErrorLike | null)?.httpCode;
  return typeof code === 'number' && code >= 400 && code < 500;
}

function isKoaClientError(error: unknown): error is KoaErrorLike {
  const status = (error as KoaErrorLike | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
