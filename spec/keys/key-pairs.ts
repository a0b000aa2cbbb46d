import { KeyObject, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Algorithm } from '../../src/core/algorithms';

/** A PEM key pair, as a service would read it from files or the environment. */
export interface PemPair {
  privateKey: string;
  publicKey: string;
}

/** Kinds of key pair the specs generate: `rsa`, an EC curve as Node names it, `ed25519` or `ed448`. */
export type PairKind = 'rsa' | 'prime256v1' | 'secp384r1' | 'secp521r1' | 'ed25519' | 'ed448';

/** Generates a fresh PEM key pair of `kind`. RSA keys have 2048 bits, the smallest accepted. */
export function generatePair(kind: PairKind): PemPair {
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  switch (kind) {
    case 'rsa':
      return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding });
    case 'ed25519':
      return generateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding });
    case 'ed448':
      return generateKeyPairSync('ed448', { publicKeyEncoding, privateKeyEncoding });
    default:
      return generateKeyPairSync('ec', { namedCurve: kind, publicKeyEncoding, privateKeyEncoding });
  }
}

/** Seconds since the epoch, as JWT time claims count. */
export function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** Claims of a valid access token for `sub`, with `overrides` applied. */
export function accessClaims(sub: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const issuedAt = now();
  return { sub, type: 'access', jti: `jti-${sub}-${issuedAt}`, iat: issuedAt, exp: issuedAt + 900, fresh: false, ...overrides };
}

/**
 * Signs `claims` with a private key outside koa-authx, as another issuer or an older release
 * would, so specs can set `exp` in the past or any `kid`. EdDSA goes through node:crypto
 * because jsonwebtoken 9 lacks it; `kid: undefined` leaves the header without one.
 */
export function signWithKey(privateKey: string | KeyObject, algorithm: Algorithm, kid: string | undefined, claims: Record<string, unknown>): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const header: Record<string, unknown> = { alg: algorithm, typ: 'JWT' };
  if (kid !== undefined) header.kid = kid;

  if (algorithm === 'EdDSA') return signEdDSA(key, header, claims);
  return jwt.sign(claims, key, { algorithm, header: header as unknown as jwt.JwtHeader, noTimestamp: true });
}

/**
 * Signs a header and a payload with EdDSA. Objects are written as JSON and strings are used as
 * they are, so specs can sign segments that are not JSON objects.
 */
export function signEdDSA(privateKey: string | KeyObject, header: unknown, payload: unknown): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(payload)}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), key).toString('base64url')}`;
}

/** Decodes a token's header without verifying it. */
export function tokenHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
}
