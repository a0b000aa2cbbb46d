import type { Context } from 'koa';
import type { AuthXConfig } from '../core/config';
import type { TokenLocation } from '../core/config-schema';
import { InvalidRequestError, InvalidTokenError, MissingTokenError } from '../core/errors';
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
   * @throws InvalidRequestError or InvalidTokenError when a location contains malformed credentials.
   */
  find(ctx: Context, type: TokenType, locations: readonly TokenLocation[] = this.config.JWT_TOKEN_LOCATION): RequestToken | undefined {
    for (const location of locations) {
      const token = this.read(ctx, location, type);
      if (token !== undefined) return { token, location };
    }
    return undefined;
  }

  /** Builds the error for a request with no token, naming every place that was looked at. */
  missing(type: TokenType, locations: readonly TokenLocation[] = this.config.JWT_TOKEN_LOCATION): MissingTokenError {
    if (locations.length === 1 && locations[0] === 'headers') return new MissingTokenError();
    const places = locations.map((location) => this.describe(location, type));
    return new MissingTokenError(`Missing JWT in request: looked in ${places.join(', ')}`);
  }

  private read(ctx: Context, location: TokenLocation, type: TokenType): string | undefined {
    switch (location) {
      case 'headers':
        return this.header.read(ctx);
      case 'cookies':
        return ctx.cookies.get(this.cookieName(type)) || undefined;
      case 'query':
        return this.readQuery(ctx);
      case 'json':
        return this.readJson(ctx, type);
    }
  }

  private readQuery(ctx: Context): string | undefined {
    const value = ctx.query[this.config.JWT_QUERY_STRING_NAME];
    if (Array.isArray(value)) {
      throw new InvalidRequestError(`Send the ${this.config.JWT_QUERY_STRING_NAME} query parameter once`);
    }
    return value || undefined;
  }

  /** Reads the token field of a parsed JSON body; the body parser must run before the guard. */
  private readJson(ctx: Context, type: TokenType): string | undefined {
    const body = (ctx.request as { body?: unknown }).body;
    if (!ctx.request.is('json') || body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;

    const key = this.jsonKey(type);
    const value = (body as Record<string, unknown>)[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') {
      throw new InvalidTokenError(`JSON field ${key} is not a string`, `Invalid Token: the ${key} field must be a string`);
    }
    return value;
  }

  private cookieName(type: TokenType): string {
    return type === 'access' ? this.config.JWT_ACCESS_COOKIE_NAME : this.config.JWT_REFRESH_COOKIE_NAME;
  }

  private jsonKey(type: TokenType): string {
    return type === 'access' ? this.config.JWT_JSON_KEY : this.config.JWT_REFRESH_JSON_KEY;
  }

  private describe(location: TokenLocation, type: TokenType): string {
    switch (location) {
      case 'headers':
        return `the ${this.headerName} header`;
      case 'cookies':
        return `the ${this.cookieName(type)} cookie`;
      case 'query':
        return `the ${this.config.JWT_QUERY_STRING_NAME} query parameter`;
      case 'json':
        return `the ${this.jsonKey(type)} JSON field`;
    }
  }
}
