import { createHmac } from 'node:crypto';

/** A secret long enough for HS512, used across specs. */
export const SECRET = 'spec-secret-0123456789-0123456789-0123456789-0123456789-abcdefgh';

/**
 * Signs arbitrary header and payload JSON with HMAC, bypassing koa-authx and jsonwebtoken, so
 * specs can craft tokens that those libraries would refuse to produce.
 */
export function forgeToken(header: unknown, payload: unknown, secret: string = SECRET, hash = 'sha256'): string {
  const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  const signature = createHmac(hash, secret).update(input).digest('base64url');
  return `${input}.${signature}`;
}

/** Seconds since the epoch, as JWT time claims count. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
