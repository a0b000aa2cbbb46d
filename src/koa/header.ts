import type { Context } from 'koa';
import { InvalidRequestError, InvalidTokenError } from '../core/errors';

const TOKEN_CHARACTERS = /^[A-Za-z0-9_.-]+$/;

/**
 * Reads a token from an `Authorization`-style header (RFC 6750, section 2.1). Built once per
 * config, so the request path does no string building or regex compilation.
 */
export class HeaderTokenReader {
  private readonly name: string;
  private readonly scheme: string;
  private readonly expected: string;

  /** `scheme` is matched case-insensitively; an empty scheme means the header contains a bare token. */
  constructor(name: string, scheme: string) {
    this.name = name.toLowerCase();
    this.scheme = scheme.toLowerCase();
    this.expected = scheme === '' ? `${name}: <token>` : `${name}: ${scheme} <token>`;
  }

  /**
   * Returns the token, or `undefined` when the header is absent or uses another scheme.
   *
   * @throws InvalidRequestError when the header is sent twice.
   * @throws InvalidTokenError when the scheme matches but the credentials are not one token.
   */
  read(ctx: Context): string | undefined {
    const value = ctx.request.headers[this.name];
    if (value === undefined) return undefined;
    if (Array.isArray(value) || this.isRepeated(ctx)) {
      throw new InvalidRequestError(`Send the ${this.name} header once`);
    }
    if (value === '') return undefined;

    const credentials = this.scheme === '' ? value : this.stripScheme(value);
    if (credentials === undefined) return undefined;
    if (!TOKEN_CHARACTERS.test(credentials)) {
      throw new InvalidTokenError('header credentials are not one token', `Invalid ${this.name} header: expected "${this.expected}"`);
    }
    return credentials;
  }

  /** Node keeps only the first of repeated `Authorization` headers, so count the raw ones. */
  private isRepeated(ctx: Context): boolean {
    const raw = ctx.req.rawHeaders;
    let count = 0;
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i].length === this.name.length && raw[i].toLowerCase() === this.name) count++;
    }
    return count > 1;
  }

  /** Returns what follows the scheme and its spaces, or `undefined` for another scheme. */
  private stripScheme(value: string): string | undefined {
    const length = this.scheme.length;
    if (value.length < length || value.slice(0, length).toLowerCase() !== this.scheme) return undefined;
    if (value.length > length && value[length] !== ' ') {
      // "Bearerx ..." is another scheme; "Bearer\t..." is ours, malformed, and fails the token check.
      return /\s/.test(value[length]) ? value.slice(length) : undefined;
    }

    let start = length;
    while (value[start] === ' ') start++;
    return value.slice(start);
  }
}
