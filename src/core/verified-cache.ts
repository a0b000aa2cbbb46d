import type { AuthXConfig } from './config';
import { checkTimes } from './claims';
import type { TokenPayload } from './token-payload';

/**
 * Tokens that passed verification, keyed by the whole token string, so a token seen again
 * costs a map lookup instead of a signature check. Only successes are stored. A hit still
 * checks `exp`, `nbf` and `iat`, and the caller checks revocation on every request.
 *
 * Entries live in two generations of at most half of `JWT_VERIFIED_TOKEN_CACHE_SIZE` each:
 * when the newer one is full it becomes the older one and the older one is dropped whole. This
 * keeps eviction O(1). Deleting the oldest key of one large `Map` one entry at a time made each
 * insert cost several microseconds on Node 20 (measured with `npm run bench -- --profile`).
 */
export class VerifiedTokenCache {
  private current = new Map<string, TokenPayload>();
  private previous = new Map<string, TokenPayload>();
  private readonly generationSize: number;

  constructor(private readonly config: AuthXConfig) {
    this.generationSize = Math.ceil(config.JWT_VERIFIED_TOKEN_CACHE_SIZE / 2);
  }

  /**
   * Returns the cached payload of `token`, or `undefined` when it is not cached.
   *
   * @throws TokenExpiredError or InvalidTokenError when a cached token's times no longer pass.
   */
  get(token: string, now: number): TokenPayload | undefined {
    const payload = this.current.get(token) ?? this.previous.get(token);
    if (payload === undefined) return undefined;

    try {
      checkTimes(this.config, payload, payload.type, now);
    } catch (error) {
      this.current.delete(token);
      this.previous.delete(token);
      throw error;
    }
    return payload;
  }

  set(token: string, payload: TokenPayload): void {
    if (this.generationSize === 0) return;
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(token, payload);
  }

  /** Number of cached tokens, at most `JWT_VERIFIED_TOKEN_CACHE_SIZE` (rounded up to even). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
