import type { Context } from 'koa';
import type { AuthXConfig } from '../core/config';
import type { TokenPayload, TokenType } from '../core/token-payload';

interface CookieAttributes {
  path: string;
  httpOnly: boolean;
  /** Seconds; undefined for a session cookie, 0 to delete. */
  maxAge?: number;
}

/**
 * Sets and clears the token cookies and their CSRF cookies with the attributes of the config.
 * Set-Cookie headers are written directly, so a `Secure` cookie can be set behind a TLS proxy
 * that Koa does not know about, and a second call in one response replaces the first.
 */
export class CookieWriter {
  constructor(private readonly config: AuthXConfig) {}

  /** Sets the token cookie of `type` and, when enabled, its CSRF cookie from the token's `csrf` claim. */
  set(ctx: Context, type: TokenType, token: string, payload: TokenPayload): void {
    const maxAge = this.maxAge(payload);
    this.write(ctx, this.tokenCookie(type), token, { path: this.tokenPath(type), httpOnly: this.config.JWT_COOKIE_HTTP_ONLY, maxAge });

    if (this.config.JWT_CSRF_IN_COOKIES && payload.csrf !== undefined) {
      this.write(ctx, this.csrfCookie(type), payload.csrf, { path: this.csrfPath(type), httpOnly: false, maxAge });
    }
  }

  /** Clears the token cookie of `type` and its CSRF cookie. */
  unset(ctx: Context, type: TokenType): void {
    this.write(ctx, this.tokenCookie(type), '', { path: this.tokenPath(type), httpOnly: this.config.JWT_COOKIE_HTTP_ONLY, maxAge: 0 });
    if (this.config.JWT_CSRF_IN_COOKIES) {
      this.write(ctx, this.csrfCookie(type), '', { path: this.csrfPath(type), httpOnly: false, maxAge: 0 });
    }
  }

  private maxAge(payload: TokenPayload): number | undefined {
    if (this.config.JWT_SESSION_COOKIE) return undefined;
    if (this.config.JWT_COOKIE_MAX_AGE !== undefined) return Math.floor(this.config.JWT_COOKIE_MAX_AGE);
    const left = payload.timeUntilExpiry();
    return Number.isFinite(left) ? Math.max(0, Math.floor(left)) : undefined;
  }

  private write(ctx: Context, name: string, value: string, attributes: CookieAttributes): void {
    const parts = [`${name}=${value}`, `Path=${attributes.path}`];
    if (this.config.JWT_COOKIE_DOMAIN) parts.push(`Domain=${this.config.JWT_COOKIE_DOMAIN}`);
    if (attributes.maxAge !== undefined) {
      parts.push(`Max-Age=${attributes.maxAge}`, `Expires=${new Date(Date.now() + attributes.maxAge * 1000).toUTCString()}`);
    }
    if (attributes.httpOnly) parts.push('HttpOnly');
    if (this.config.JWT_COOKIE_SECURE || this.config.JWT_COOKIE_SAMESITE === 'none') parts.push('Secure');
    parts.push(`SameSite=${capitalize(this.config.JWT_COOKIE_SAMESITE)}`);

    const previous = ctx.response.get('Set-Cookie') as unknown as string[] | string;
    const otherCookies = ([] as string[]).concat(previous || []).filter((line) => !line.startsWith(`${name}=`));
    ctx.set('Set-Cookie', [...otherCookies, parts.join('; ')]);
  }

  private tokenCookie(type: TokenType): string {
    return type === 'access' ? this.config.JWT_ACCESS_COOKIE_NAME : this.config.JWT_REFRESH_COOKIE_NAME;
  }

  private tokenPath(type: TokenType): string {
    return type === 'access' ? this.config.JWT_ACCESS_COOKIE_PATH : this.config.JWT_REFRESH_COOKIE_PATH;
  }

  private csrfCookie(type: TokenType): string {
    return type === 'access' ? this.config.JWT_ACCESS_CSRF_COOKIE_NAME : this.config.JWT_REFRESH_CSRF_COOKIE_NAME;
  }

  private csrfPath(type: TokenType): string {
    return type === 'access' ? this.config.JWT_ACCESS_CSRF_COOKIE_PATH : this.config.JWT_REFRESH_CSRF_COOKIE_PATH;
  }
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
