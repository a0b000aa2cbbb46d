import type { TokenPayload } from './core/token-payload';

export { AuthX } from './authx';
export type { AuthXOptions, SubjectGetter, TokenPair } from './authx';
export { AuthXConfig } from './core/config';
export type { AuthXConfigOptions } from './core/config';
export type { TokenLocation } from './core/config-schema';
export type { Algorithm, KeyFamily } from './core/algorithms';
export type { KeyRing, VerificationKey } from './core/keys';
export type { CreateTokenOptions } from './core/encode';
export { TokenPayload } from './core/token-payload';
export type { TokenClaims, TokenType } from './core/token-payload';
export type { AuthXLogger } from './core/logger';
export { missingScopes } from './core/scopes';
export {
  AuthXError,
  AuthXConfigError,
  MissingTokenError,
  InvalidTokenError,
  TokenExpiredError,
  WrongTokenTypeError,
  FreshTokenRequiredError,
  RevokedTokenError,
  CSRFError,
  InsufficientScopeError,
  InvalidRequestError,
  RevocationCheckFailedError,
  UnknownSubjectError,
} from './core/errors';
export type { TokenRequirement } from './koa/requirement';
export type { ErrorBody } from './koa/error-middleware';
export type { AuthorizationCheckerFunction, CurrentUserCheckerFunction } from './controllers/checkers';
export { TokenRequired, RefreshTokenRequired, FreshTokenRequired, anyScope } from './controllers/decorators';
export { CurrentSubject } from './controllers/current-subject';
export type { RevocationStore } from './stores/revocation-store';
export { MemoryRevocationStore } from './stores/memory-store';
export type { MemoryRevocationStoreOptions } from './stores/memory-store';
export { RedisRevocationStore } from './stores/redis-store';
export type { RedisLikeClient, RedisRevocationStoreOptions } from './stores/redis-store';
export { CallbackRevocationStore } from './stores/callback-store';
export type { TokenBlocklist } from './stores/callback-store';

export { buildOpenApiDocument } from './openapi/document';
export type { OpenApiDocumentOptions, HasAuthXConfig } from './openapi/document';
export type { OpenAPIObject } from 'openapi3-ts';
export { serveOpenApi, openApiMiddleware } from './openapi/serve';
export type { ServeOpenApiOptions } from './openapi/serve';
export { errorResponse, ERROR_SCHEMA_NAME } from './openapi/error-responses';
export { runOpenApiExport } from './openapi/export-command';
export type { ExportCommandIo, ExportCommandOptions } from './openapi/export-command';

declare module 'koa' {
  interface DefaultState {
    /** Payload of the token a koa-authx guard accepted on this request. */
    user?: TokenPayload;
  }
}
