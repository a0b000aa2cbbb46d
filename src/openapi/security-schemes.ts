import type { SecuritySchemeObject } from 'openapi3-ts';
import type { AuthXConfig } from '../core/config';
import type { TokenLocation } from '../core/config-schema';
import type { TokenType } from '../core/token-payload';

/** A security scheme with the key it is declared under in `components.securitySchemes`. */
export interface NamedSecurityScheme {
  name: string;
  scheme: SecuritySchemeObject;
}

const SECRET_WARNING = 'This is the JWT itself, never the server\'s JWT_SECRET_KEY.';

/**
 * Names and describes the security schemes that match a config's token locations, so that
 * Swagger UI sends the token where the server looks for it.
 */
export class SecuritySchemes {
  private readonly headerScheme: NamedSecurityScheme;

  constructor(private readonly config: AuthXConfig) {
    this.headerScheme = headerScheme(config.JWT_HEADER_NAME, config.JWT_HEADER_TYPE);
  }

  /** Token locations of the config, the ones a route without its own `locations` accepts. */
  get configuredLocations(): readonly TokenLocation[] {
    return this.config.JWT_TOKEN_LOCATION;
  }

  /**
   * Returns one scheme per location that OpenAPI can describe, in the order the server tries
   * them. The `json` location has no OpenAPI security scheme, so {@link bodyNote} covers it.
   */
  forLocations(locations: readonly TokenLocation[], type: TokenType): NamedSecurityScheme[] {
    const schemes: NamedSecurityScheme[] = [];
    for (const location of locations) {
      const scheme = this.forLocation(location, type);
      if (scheme) schemes.push(scheme);
    }
    return schemes;
  }

  /** Returns a sentence for the operation description when `locations` accept a token in the JSON body. */
  bodyNote(locations: readonly TokenLocation[], type: TokenType): string | undefined {
    if (!locations.includes('json')) return undefined;
    const field = type === 'refresh' ? this.config.JWT_REFRESH_JSON_KEY : this.config.JWT_JSON_KEY;
    return `The ${type} token may also be sent in the \`${field}\` field of a JSON request body.`;
  }

  private forLocation(location: TokenLocation, type: TokenType): NamedSecurityScheme | undefined {
    switch (location) {
      case 'headers':
        return this.headerScheme;
      case 'cookies':
        return this.cookieScheme(type);
      case 'query':
        return queryScheme(this.config.JWT_QUERY_STRING_NAME);
      default:
        return undefined;
    }
  }

  private cookieScheme(type: TokenType): NamedSecurityScheme {
    const config = this.config;
    const cookie = type === 'refresh' ? config.JWT_REFRESH_COOKIE_NAME : config.JWT_ACCESS_COOKIE_NAME;
    let description = `The ${type} token in the \`${cookie}\` cookie, as the login route sets it. `
      + 'Browsers do not let Swagger UI set cookies, so Try it out sends it only when the browser already holds the cookie.';

    if (config.JWT_COOKIE_CSRF_PROTECT) {
      const header = type === 'refresh' ? config.JWT_REFRESH_CSRF_HEADER_NAME : config.JWT_ACCESS_CSRF_HEADER_NAME;
      const csrfCookie = type === 'refresh' ? config.JWT_REFRESH_CSRF_COOKIE_NAME : config.JWT_ACCESS_CSRF_COOKIE_NAME;
      description += ` On ${config.JWT_CSRF_METHODS.join(', ')} requests the \`${header}\` header must repeat the value of the \`${csrfCookie}\` cookie.`;
    }

    return {
      name: type === 'refresh' ? 'refreshCookieAuth' : 'cookieAuth',
      scheme: { type: 'apiKey', in: 'cookie', name: cookie, description },
    };
  }
}

function headerScheme(headerName: string, headerType: string): NamedSecurityScheme {
  if (headerName.toLowerCase() === 'authorization' && headerType.toLowerCase() === 'bearer') {
    return {
      name: 'bearerAuth',
      scheme: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Paste the `access_token` that the login route returns (a route marked `x-token-type: refresh` takes the `refresh_token`), '
          + `without the \`Bearer\` prefix: Swagger UI adds it. ${SECRET_WARNING}`,
      },
    };
  }

  const value = headerType === '' ? 'the token alone' : `\`${headerType} <token>\``;
  return {
    name: 'headerAuth',
    scheme: {
      type: 'apiKey',
      in: 'header',
      name: headerName,
      description: `Paste ${value}, with the token that the login route returns, for the ${headerName} header. ${SECRET_WARNING}`,
    },
  };
}

function queryScheme(parameter: string): NamedSecurityScheme {
  return {
    name: 'queryAuth',
    scheme: {
      type: 'apiKey',
      in: 'query',
      name: parameter,
      description: `Paste the token that the login route returns. Swagger UI sends it as \`?${parameter}=<token>\`. `
        + `Query strings end up in access logs and browser history, so prefer another scheme where one is offered. ${SECRET_WARNING}`,
    },
  };
}
