import type { AuthXConfig } from './config';
import { checkTimes } from './claims';
import type { TokenPayload } from './token-payload';

/**
 * Tokens that passed verification, keyed by the whole token string, so a token seen again
 * costs a map lookup instead of a signature check. Only successes are stored. A hit still
 * checks `exp`, `nbf` and `iat`; revocation is checked by the caller on every request. The
 * oldest entry is dropped when `JWT_VERIFIED_TOKEN_CACHE_SIZE` entries are stored.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, TokenPayload>();

  constructor(private readonly config: AuthXConfig) {}

  /**
   * Returns the cached payload of `token`, or `undefined` when it is not cached.
   *
   * @throws TokenExpiredError or InvalidTokenError when a cached token's times no longer pass.
   */
  get(token: string, now: number): TokenPayload | undefined {
    const payload = this.entries.get(token);
    if (payload === undefined) return undefined;

    try {
      checkTimes(this.config, payload, payload.type, now);
    } catch (error) {
      this.entries.delete(token);
      throw error;
    }
    return payload;
  }

  set(token: string, payload: TokenPayload): void {
    const capacity = this.config.JWT_VERIFIED_TOKEN_CACHE_SIZE;
    if (capacity === 0) return;
    if (this.entries.size >= capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(token, payload);
  }

  /** Number of cached tokens. */
  get size(): number {
    return this.entries.size;
  }
}
