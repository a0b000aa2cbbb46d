import { RevocationCheckFailedError } from '../core/errors';
import type { AuthXLogger } from '../core/logger';
import type { TokenPayload } from '../core/token-payload';
import type { RevocationStore } from './revocation-store';

/**
 * Asks the store whether a verified token was revoked, failing closed: when the store throws,
 * the request gets a {@link RevocationCheckFailedError} (503 or 401). The first failure of an
 * outage is logged, and so is the first success after it; the failures between are not.
 */
export class RevocationChecker {
  private storeDown = false;

  constructor(
    public store: RevocationStore,
    private readonly logger: AuthXLogger,
    private readonly failureStatus: 401 | 503,
  ) {}

  async isRevoked(payload: TokenPayload<object>): Promise<boolean> {
    let revoked: boolean;
    try {
      revoked = await this.store.isRevoked(payload.jti, payload);
    } catch (error) {
      if (!this.storeDown) {
        this.storeDown = true;
        this.logger.error(`revocation store failed, so requests are rejected with ${this.failureStatus} until it recovers`, describeError(error));
      }
      throw new RevocationCheckFailedError(this.failureStatus);
    }

    if (this.storeDown) {
      this.storeDown = false;
      this.logger.warn('revocation store recovered; requests are checked again');
    }
    return revoked;
  }

  /**
   * Stores a revocation. A store failure is logged and becomes a {@link RevocationCheckFailedError},
   * so a logout fails visibly with 503 (or 401) instead of a bare 500.
   */
  async revoke(jti: string, expiresAt: number | undefined): Promise<void> {
    try {
      await this.store.revoke(jti, expiresAt);
    } catch (error) {
      if (error instanceof TypeError) throw error;
      this.logger.error('revocation store failed to store a revoked token id; the token stays valid', describeError(error));
      throw new RevocationCheckFailedError(this.failureStatus, 'Token could not be revoked; try again later');
    }
  }
}

/** Keeps the class and message of a store error, never request data. */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
