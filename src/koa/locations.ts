import type { Context } from 'koa';
import type { AuthXConfig } from '../core/config';
import type { TokenLocation } from '../core/config-schema';
import { MissingTokenError } from '../core/errors';
import type { TokenType } from '../core/token-payload';
import { HeaderTokenReader } from './header';

/** A token found in a request, with where it was found. */
export interface RequestToken {
  token: string;
  location: TokenLocation;
}

/**
 * Finds the token of a request by trying each location in order. Built once per config.
 */
export class TokenLocator {
  private readonly header: HeaderTokenReader;
  private readonly headerName: string;

  constructor(private readonly config: AuthXConfig) {
    this.header = new HeaderTokenReader(config.JWT_HEADER_NAME, config.JWT_HEADER_TYPE);
    this.headerName = config.JWT_HEADER_NAME;
  }

  /**
   * Returns the first token found in `locations`, or `undefined` when none has one.
   *
   * @throws InvalidRequestError or InvalidTokenError when a location holds malformed credentials.
   */
  find(ctx: Context, type: TokenType, locations: readonly TokenLocation[] = this.config.JWT_TOKEN_LOCATION): RequestToken | undefined {
    for (const location of locations) {
      const token = this.read(ctx, location, type);
      if (token !== undefined) return { token, location };
    }
    return undefined;
  }

  /** The error for a request with no token, naming every place that was looked at. */
  missing(type: TokenType, locations: readonly TokenLocation[] = this.config.JWT_TOKEN_LOCATION): MissingTokenError {
    if (locations.length === 1 && locations[0] === 'headers') return new MissingTokenError();
    const places = locations.map((location) => this.describe(location, type));
    return new MissingTokenError(`Missing JWT in request: looked in ${places.join(', ')}`);
  }

  private read(ctx: Context, location: TokenLocation, type: TokenType): string | undefined {
    switch (location) {
      case 'headers':
        return this.header.read(ctx);
      default:
        // TODO: cookies, query and json locations are not read yet; only headers are.
        return undefined;
    }
  }

  private describe(location: TokenLocation, type: TokenType): string {
    switch (location) {
      case 'headers':
        return `the ${this.headerName} header`;
      default:
        return `${location} (${type} token)`;
    }
  }
}
