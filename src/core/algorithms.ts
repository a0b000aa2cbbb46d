/** Key family of a JWS algorithm. A key is used with exactly one family. */
export type KeyFamily = 'hmac' | 'rsa' | 'ec';

/** JWS algorithms koa-authx signs and verifies (RFC 7518, section 3.1). */
export type Algorithm =
  | 'HS256' | 'HS384' | 'HS512'
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512';

interface AlgorithmSpec {
  family: KeyFamily;
  /** Output size of the hash in bytes, which is also the minimum HMAC secret length (RFC 7518, 3.2). */
  hashBytes: number;
  /** Named curve an ES* key must use, as Node reports it in `asymmetricKeyDetails.namedCurve`. */
  curve?: string;
}

const ALGORITHMS: Record<Algorithm, AlgorithmSpec> = {
  HS256: { family: 'hmac', hashBytes: 32 },
  HS384: { family: 'hmac', hashBytes: 48 },
  HS512: { family: 'hmac', hashBytes: 64 },
  RS256: { family: 'rsa', hashBytes: 32 },
  RS384: { family: 'rsa', hashBytes: 48 },
  RS512: { family: 'rsa', hashBytes: 64 },
  PS256: { family: 'rsa', hashBytes: 32 },
  PS384: { family: 'rsa', hashBytes: 48 },
  PS512: { family: 'rsa', hashBytes: 64 },
  ES256: { family: 'ec', hashBytes: 32, curve: 'prime256v1' },
  ES384: { family: 'ec', hashBytes: 48, curve: 'secp384r1' },
  ES512: { family: 'ec', hashBytes: 64, curve: 'secp521r1' },
};

/** Every supported algorithm name, in a stable order. */
export const SUPPORTED_ALGORITHMS = Object.keys(ALGORITHMS) as Algorithm[];

/** Smallest RSA modulus accepted, in bits (RFC 7518, section 3.3). */
export const MIN_RSA_BITS = 2048;

export function isAlgorithm(value: unknown): value is Algorithm {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ALGORITHMS, value);
}

export function algorithmSpec(algorithm: Algorithm): AlgorithmSpec {
  return ALGORITHMS[algorithm];
}
