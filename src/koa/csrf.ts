import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { AuthXConfig } from '../core/config';
import { CSRFError } from '../core/errors';
import type { TokenPayload, TokenType } from '../core/token-payload';

/**
 * CSRF double submit for cookie-borne tokens: on a method listed in `JWT_CSRF_METHODS`, the
 * request must echo the token's `csrf` claim in a header (or a form field, when
 * `JWT_CSRF_CHECK_FORM` is on). A cross-site form can send the cookie but cannot read the
 * CSRF cookie to copy its value.
 */
export class CsrfChecker {
  private readonly methods: ReadonlySet<string>;

  constructor(private readonly config: AuthXConfig) {
    this.methods = new Set(config.JWT_CSRF_METHODS);
  }

  /** Returns whether a token from cookies on this request needs the CSRF value. */
  applies(ctx: Context): boolean {
    return this.config.JWT_COOKIE_CSRF_PROTECT && this.methods.has(ctx.method);
  }

  /** @throws CSRFError when the value is missing or does not match the token's `csrf` claim. */
  check(ctx: Context, payload: TokenPayload, type: TokenType): void {
    const headerName = type === 'access' ? this.config.JWT_ACCESS_CSRF_HEADER_NAME : this.config.JWT_REFRESH_CSRF_HEADER_NAME;
    const fieldName = type === 'access' ? this.config.JWT_ACCESS_CSRF_FIELD_NAME : this.config.JWT_REFRESH_CSRF_FIELD_NAME;
    const cookieName = type === 'access' ? this.config.JWT_ACCESS_CSRF_COOKIE_NAME : this.config.JWT_REFRESH_CSRF_COOKIE_NAME;

    const sent = this.readSentValue(ctx, headerName, fieldName);
    if (sent === undefined) {
      const where = this.config.JWT_CSRF_CHECK_FORM ? `the ${headerName} header or the ${fieldName} form field` : `the ${headerName} header`;
      throw new CSRFError(`Missing CSRF token: send ${where} with the value of the ${cookieName} cookie`);
    }
    if (payload.csrf === undefined) {
      throw new CSRFError('CSRF check failed: the token carries no csrf claim; log in again to get cookies with CSRF protection');
    }
    if (!constantTimeEqual(sent, payload.csrf)) {
      throw new CSRFError(`CSRF token does not match: send the value of the ${cookieName} cookie in ${headerName}`);
    }
  }

  private readSentValue(ctx: Context, headerName: string, fieldName: string): string | undefined {
    const header = ctx.get(headerName);
    if (header !== '') return header;
    if (!this.config.JWT_CSRF_CHECK_FORM) return undefined;

    const body = (ctx.request as { body?: unknown }).body;
    const field = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[fieldName] : undefined;
    return typeof field === 'string' && field !== '' ? field : undefined;
  }
}

/** Compares two strings in time independent of where they differ, hashing first so lengths match. */
function constantTimeEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a).digest();
  const digestB = createHash('sha256').update(b).digest();
  return timingSafeEqual(digestA, digestB);
}
