import { KeyObject, createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { AuthX, AuthXConfig, AuthXConfigOptions, AuthXLogger } from '../../../src';
import { PemPair, generatePair } from '../../keys/key-pairs';
import { SECRET, nowSeconds } from '../../support/tokens';

/** Builds the HS256 service most tables run against: headers only, default lifetimes, no leeway. */
export function hs256Service(logger: AuthXLogger, options: AuthXConfigOptions = {}): AuthX<any> {
  return new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET, ...options }), { logger });
}

/** Claims of a valid access token, with a new `jti`; an override of `undefined` drops the claim. */
export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowSeconds();
  return { sub: 'user-1', type: 'access', jti: randomUUID(), iat: now, exp: now + 600, fresh: false, ...overrides };
}

/** Authorization header of a bearer token. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** An RSA key pair and the forms an attacker could copy the public half in. */
export interface RsaMaterial {
  pem: PemPair;
  privateKey: KeyObject;
  /** SPKI PEM, the form `JWT_PUBLIC_KEY` takes. */
  publicPem: string;
  /** PKCS#1 PEM (`BEGIN RSA PUBLIC KEY`). */
  pkcs1Pem: string;
  /** The public key as JWK JSON text, as a JWKS endpoint publishes it. */
  jwkText: string;
  /** SPKI DER bytes. */
  der: Buffer;
}

function rsaMaterial(): RsaMaterial {
  const pem = generatePair('rsa');
  const publicKey = createPublicKey(pem.publicKey);
  return {
    pem,
    privateKey: createPrivateKey(pem.privateKey),
    publicPem: pem.publicKey,
    pkcs1Pem: publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    jwkText: JSON.stringify(publicKey.export({ format: 'jwk' })),
    der: publicKey.export({ type: 'spki', format: 'der' }),
  };
}

let serviceKeys: RsaMaterial | undefined;
let attackerKeys: RsaMaterial | undefined;

/** Key pair of the RS256 service, generated once per process (2048 bits). */
export function serviceRsa(): RsaMaterial {
  serviceKeys ??= rsaMaterial();
  return serviceKeys;
}

/** Returns a key pair the service has never seen, as an attacker would generate. */
export function attackerRsa(): RsaMaterial {
  attackerKeys ??= rsaMaterial();
  return attackerKeys;
}

/** Builds an RS256 service that signs with {@link serviceRsa}. */
export function rs256Service(logger: AuthXLogger): AuthX<any> {
  return new AuthX(new AuthXConfig({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: serviceRsa().pem.privateKey }), { logger });
}
