import type { RevocationStore } from './revocation-store';

/** The ioredis commands the store uses; an `ioredis` client or cluster fits. */
export interface RedisLikeClient {
  set(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  exists(key: string): Promise<number>;
}

/** Options of {@link RedisRevocationStore}. */
export interface RedisRevocationStoreOptions {
  /** Prefix of every key. Default `koa-authx:revoked:`. */
  keyPrefix?: string;
  /** Milliseconds a check may take before it counts as a failure. Default 1000. */
  timeoutMs?: number;
}

/**
 * Revoked token ids in Redis, shared by every instance of a service: one key per `jti`, which
 * expires with the token. Give the ioredis client `enableOfflineQueue: false` so checks fail at
 * once while Redis is down instead of waiting for a reconnect.
 *
 * @example
 * ```ts
 * const redis = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false });
 * const auth = new AuthX(config, { revocationStore: new RedisRevocationStore(redis) });
 * ```
 */
export class RedisRevocationStore implements RevocationStore {
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;

  constructor(private readonly client: RedisLikeClient, options: RedisRevocationStoreOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? 'koa-authx:revoked:';
    this.timeoutMs = options.timeoutMs ?? 1000;
  }

  async revoke(jti: string, expiresAt: number | undefined): Promise<void> {
    const key = this.keyPrefix + jti;
    if (expiresAt === undefined) {
      await this.withTimeout(this.client.set(key, '1'));
      return;
    }

    const seconds = Math.ceil(expiresAt - Date.now() / 1000);
    if (seconds <= 0) return;
    await this.withTimeout(this.client.set(key, '1', 'EX', seconds));
  }

  async isRevoked(jti: string): Promise<boolean> {
    return (await this.withTimeout(this.client.exists(this.keyPrefix + jti))) > 0;
  }

  private withTimeout<T>(operation: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis command timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
  }
}
