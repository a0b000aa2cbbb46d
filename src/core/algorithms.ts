import type { KeyObject } from 'node:crypto';

/**
 * Key family of a JWS algorithm. A key is used with exactly one family; `okp` is the
 * octet key pair of EdDSA (RFC 8037).
 */
export type KeyFamily = 'hmac' | 'rsa' | 'ec' | 'okp';

/** JWS algorithms koa-authx signs and verifies (RFC 7518, section 3.1, and RFC 8037 for EdDSA). */
export type Algorithm =
  | 'HS256' | 'HS384' | 'HS512'
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA';

interface AlgorithmSpec {
  family: KeyFamily;
  /**
   * Output size of the hash in bytes: the minimum HMAC secret length (RFC 7518, 3.2) and the
   * hash an RSA-PSS key must be restricted to. EdDSA has no separate hash to choose.
   */
  hashBytes?: number;
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
  EdDSA: { family: 'okp' },
};

/** Every supported algorithm name, in a stable order. */
export const SUPPORTED_ALGORITHMS = Object.keys(ALGORITHMS) as Algorithm[];

/** Smallest RSA modulus accepted, in bits (RFC 7518, section 3.3). */
export const MIN_RSA_BITS = 2048;

/** Curve names of the ES* algorithms as RFC 7518 writes them, for messages. */
const CURVE_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

export function isAlgorithm(value: unknown): value is Algorithm {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ALGORITHMS, value);
}

export function algorithmSpec(algorithm: Algorithm): AlgorithmSpec {
  return ALGORITHMS[algorithm];
}

/**
 * Checks whether an asymmetric key can sign or verify `algorithm`: its type, RSA modulus
 * size, EC curve and RSA-PSS restrictions. The RSA-PSS rule is the one jsonwebtoken 9
 * applies, so a key accepted here is never refused by jsonwebtoken later.
 */
export function keyFitsAlgorithm(key: KeyObject, algorithm: Algorithm): boolean {
  const spec = ALGORITHMS[algorithm];
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};

  switch (spec.family) {
    case 'hmac':
      return key.type === 'secret';
    case 'ec':
      return type === 'ec' && details.namedCurve === spec.curve;
    case 'okp':
      return type === 'ed25519' || type === 'ed448';
    case 'rsa':
      if ((details.modulusLength ?? 0) < MIN_RSA_BITS) return false;
      if (type === 'rsa') return true;
      return type === 'rsa-pss' && algorithm.startsWith('PS') && pssParametersFit(details, spec.hashBytes as number);
  }
}

function pssParametersFit(details: NonNullable<KeyObject['asymmetricKeyDetails']>, hashBytes: number): boolean {
  const hash = `sha${hashBytes * 8}`;
  return details.hashAlgorithm === hash
    && details.mgf1HashAlgorithm === hash
    && (details.saltLength === undefined || details.saltLength <= hashBytes);
}

/** Describes the key `algorithm` needs, for configuration errors: "an EC key on P-256 (prime256v1)". */
export function describeKeyRequirement(algorithm: Algorithm): string {
  const spec = ALGORITHMS[algorithm];
  switch (spec.family) {
    case 'hmac':
      return 'an HMAC secret';
    case 'ec':
      return `an EC key on ${CURVE_NAMES[spec.curve as string]} (${spec.curve})`;
    case 'okp':
      return 'an Ed25519 or Ed448 key';
    case 'rsa':
      return algorithm.startsWith('PS')
        ? `an RSA key of at least ${MIN_RSA_BITS} bits, or an RSA-PSS key of that size restricted to SHA-${(spec.hashBytes as number) * 8}`
        : `an RSA key (not RSA-PSS) of at least ${MIN_RSA_BITS} bits`;
  }
}

/** Describes a key by type and size only, never its material: "a 1024-bit RSA key". */
export function describeKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case undefined:
      return 'a secret key';
    case 'rsa':
      return `a ${details.modulusLength}-bit RSA key`;
    case 'rsa-pss':
      return `a ${details.modulusLength}-bit RSA-PSS key${details.hashAlgorithm ? ` restricted to ${details.hashAlgorithm}` : ''}`;
    case 'ec':
      return `an EC key on ${details.namedCurve}`;
    case 'ed25519':
      return 'an Ed25519 key';
    case 'ed448':
      return 'an Ed448 key';
    default:
      return `a key of type ${key.asymmetricKeyType}`;
  }
}
