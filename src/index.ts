import type { TokenPayload } from './core/token-payload';

export { AuthX } from './authx';
export type { AuthXOptions, TokenPair } from './authx';
export { AuthXConfig } from './core/config';
export type { AuthXConfigOptions } from './core/config';
export type { TokenLocation } from './core/config-schema';
export type { Algorithm } from './core/algorithms';
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
} from './core/errors';
export type { TokenRequirement } from './koa/requirement';
export type { ErrorBody } from './koa/error-middleware';
export type { AuthorizationCheckerFunction, CurrentUserCheckerFunction } from './controllers/checkers';
export { TokenRequired, RefreshTokenRequired, FreshTokenRequired } from './controllers/decorators';

declare module 'koa' {
  interface DefaultState {
    /** Payload of the token a koa-authx guard accepted on this request. */
    user?: TokenPayload;
  }
}
