import { KeyObject, createHmac, sign } from 'node:crypto';

/** A JOSE header or payload: a value written as JSON, or a string or bytes used as they are. */
export type SegmentSource = unknown;

/** Encodes one token segment: strings and bytes as they are, anything else as JSON. */
export function segment(value: SegmentSource): string {
  if (Buffer.isBuffer(value)) return value.toString('base64url');
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/**
 * Signs a header and a payload with HMAC under any key, text or bytes, so specs can sign with
 * a public key's PEM or DER bytes as an algorithm-confusion attacker would.
 */
export function hmacToken(header: SegmentSource, payload: SegmentSource, key: string | Buffer, hash = 'sha256'): string {
  const signingInput = `${segment(header)}.${segment(payload)}`;
  return `${signingInput}.${createHmac(hash, key).update(signingInput).digest('base64url')}`;
}

/** Builds a token with an empty signature segment, the form `alg: none` tokens take. */
export function unsignedToken(header: SegmentSource, payload: SegmentSource): string {
  return `${segment(header)}.${segment(payload)}.`;
}

/** Signs a header and a payload with an RSA private key (RS256 by default), whatever `alg` the header names. */
export function rsaToken(header: SegmentSource, payload: SegmentSource, privateKey: KeyObject | string, hash = 'sha256'): string {
  const signingInput = `${segment(header)}.${segment(payload)}`;
  return `${signingInput}.${sign(hash, Buffer.from(signingInput), privateKey).toString('base64url')}`;
}
