import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { AuthX, AuthXConfig, RedisRevocationStore, RevocationStore } from '../../src';

function secretFromEnvironment(): string {
  const secret = process.env.JWT_SECRET_KEY;
  if (secret) return secret;

  console.warn('JWT_SECRET_KEY is not set, so a random secret was generated: tokens stop working when the server restarts.');
  return randomBytes(32).toString('base64url');
}

/** Shares revocations through Redis when REDIS_URL is set; otherwise AuthX keeps them in memory. */
function revocationStoreFromEnvironment(): RevocationStore | undefined {
  const url = process.env.REDIS_URL;
  if (!url) return undefined;

  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', (error) => console.error(`Redis connection error: ${error.message}`));
  return new RedisRevocationStore(redis);
}

export const auth = new AuthX(new AuthXConfig({
  JWT_SECRET_KEY: secretFromEnvironment(),
  JWT_TOKEN_LOCATION: ['headers', 'cookies', 'json'],
  JWT_COOKIE_SECURE: process.env.NODE_ENV === 'production',
}), { revocationStore: revocationStoreFromEnvironment() });
