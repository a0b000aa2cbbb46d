import { KeyObject, createHmac, verify } from 'node:crypto';
import type { BenchAlgorithm } from './keys';

/**
 * Builds a verifier that does only the work every verifier of `algorithm` must do: check the
 * signature over the signing input with node:crypto, then `JSON.parse` the base64url-decoded
 * payload. It parses no header and checks no algorithm or claim. The HMAC comparison is a plain
 * string comparison, cheaper than the constant-time one a real verifier needs.
 */
export function floorVerifier(algorithm: BenchAlgorithm, key: KeyObject): (token: string) => unknown {
  if (algorithm === 'HS256') {
    return (token) => {
      const signatureStart = token.lastIndexOf('.');
      const signature = createHmac('sha256', key).update(token.slice(0, signatureStart)).digest('base64url');
      if (signature !== token.slice(signatureStart + 1)) throw new Error('floor: HMAC does not match');
      return parsePayload(token, signatureStart);
    };
  }

  const hash = algorithm === 'EdDSA' ? null : 'sha256';
  const verifyKey = algorithm === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  return (token) => {
    const signatureStart = token.lastIndexOf('.');
    const signature = Buffer.from(token.slice(signatureStart + 1), 'base64url');
    if (!verify(hash, Buffer.from(token.slice(0, signatureStart)), verifyKey, signature)) {
      throw new Error(`floor: ${algorithm} signature does not verify`);
    }
    return parsePayload(token, signatureStart);
  };
}

function parsePayload(token: string, signatureStart: number): unknown {
  const payload = token.slice(token.indexOf('.') + 1, signatureStart);
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}
