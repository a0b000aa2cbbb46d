import { IsOptional, IsString } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

// These classes describe the routes in the OpenAPI document. class-validator-jsonschema turns
// their decorators into JSON schemas.

/**
 * Query parameters of `POST /login`. Both are optional and carry no format check, so every
 * failed login, a repeated parameter included, gets the same 401.
 */
export class Credentials {
  @IsOptional()
  @JSONSchema({ type: 'string', description: 'User name. The example knows one user, `test`.', example: 'test' })
  username?: string;

  @IsOptional()
  @JSONSchema({ type: 'string', description: 'Password of the user, `test` for the user `test`.', example: 'test' })
  password?: string;
}

/** Body of a successful login. */
export class AccessTokenResponse {
  @IsString()
  @JSONSchema({ description: 'Access token (a JWT) to send as `Authorization: Bearer <token>`. It expires after 15 minutes.' })
  access_token!: string;
}

/** Body of `GET /protected`. */
export class MessageResponse {
  @IsString()
  @JSONSchema({ example: 'Hello World' })
  message!: string;
}

/** Body of `GET /me`. */
export class CurrentUserResponse {
  @IsString()
  @JSONSchema({ description: 'The `sub` claim of the token: the user id given at login.', example: 'test' })
  user_id!: string;
}
