import type { TokenPayload } from '../core/token-payload';

/**
 * Storage of revoked token ids (`jti`). Guards call `isRevoked` after the signature and claims
 * are verified, so unauthenticated requests never reach the store. An implementation throws
 * when it cannot reach its storage, and the request then fails closed.
 */
export interface RevocationStore {
  /** Records `jti` as revoked until `expiresAt` (seconds since the epoch), or forever when undefined. */
  revoke(jti: string, expiresAt: number | undefined): Promise<void>;
  /** Returns whether `jti` was revoked. */
  isRevoked(jti: string, payload: TokenPayload<object>): Promise<boolean>;
}
