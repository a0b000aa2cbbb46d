import { randomBytes } from 'node:crypto';
import { AuthX, AuthXConfig } from '../../src';

function secretFromEnvironment(): string {
  const secret = process.env.JWT_SECRET_KEY;
  if (secret) return secret;

  console.warn('JWT_SECRET_KEY is not set, so a random secret was generated: tokens stop working when the server restarts.');
  return randomBytes(32).toString('base64url');
}

export const auth = new AuthX(new AuthXConfig({
  JWT_SECRET_KEY: secretFromEnvironment(),
  JWT_TOKEN_LOCATION: ['headers', 'cookies', 'json'],
  JWT_COOKIE_SECURE: process.env.NODE_ENV === 'production',
}));
