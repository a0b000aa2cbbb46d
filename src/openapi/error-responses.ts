import type { ResponseObject, SchemaObject } from 'openapi3-ts';
import type { ErrorBody } from '../koa/error-middleware';

/** Key of the error body schema in `components.schemas`. */
export const ERROR_SCHEMA_NAME = 'AuthXErrorBody';

/** Schema of the JSON body that the koa-authx error middleware sends with every 4xx and 5xx. */
export const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['message', 'error_type'],
  properties: {
    message: { type: 'string', description: 'What failed and, where it helps, what to do next.' },
    error_type: { type: 'string', description: 'Name of the failure, such as `MissingTokenError` or `TokenExpiredError`, for clients to switch on.' },
  },
};

/**
 * Builds a response object whose body is the koa-authx error body, for documenting errors
 * that a route throws itself, such as the 401 of a login with bad credentials.
 *
 * @example
 * ```ts
 * @OpenAPI({ responses: { 401: errorResponse('Wrong user name or password', { message: 'Invalid credentials', error_type: 'UnauthorizedError' }) } })
 * ```
 */
export function errorResponse(description: string, example?: ErrorBody): ResponseObject {
  const media: { schema: { $ref: string }; example?: ErrorBody } = { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` } };
  if (example) media.example = example;
  return { description, content: { 'application/json': media } };
}
