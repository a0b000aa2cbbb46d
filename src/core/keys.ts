import { KeyObject, createHash, createPrivateKey, createPublicKey, createSecretKey } from 'node:crypto';
import { Algorithm, KeyFamily, MIN_RSA_BITS, algorithmSpec } from './algorithms';
import { AuthXConfigError } from './errors';

/** Settings that {@link prepareKeyRing} reads. */
export interface KeySettings {
  JWT_SECRET_KEY?: string;
  JWT_PRIVATE_KEY?: string;
  JWT_PUBLIC_KEY?: string;
  JWT_ALGORITHM: Algorithm;
  JWT_DECODE_ALGORITHMS: readonly Algorithm[];
}

/**
 * Keys of one family, prepared once. Tokens are signed with `signingKey` and carry its `kid`;
 * verification picks the key by the token's `kid`.
 */
export interface KeyRing {
  readonly family: KeyFamily;
  /** Undefined on a verify-only service that holds just a public key. */
  readonly signingKey?: KeyObject;
  readonly kid: string;
  /** Verification key for a `kid`; a token without `kid` is checked against the current key. */
  verificationKey(kid: string | undefined): KeyObject | undefined;
}

const GENERATE_HINT = `Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

/** Turns the key settings into `KeyObject`s, or throws an {@link AuthXConfigError} naming the key to fix. */
export function prepareKeyRing(settings: KeySettings): KeyRing {
  const family = algorithmSpec(settings.JWT_ALGORITHM).family;
  for (const algorithm of settings.JWT_DECODE_ALGORITHMS) {
    if (algorithmSpec(algorithm).family !== family) {
      throw new AuthXConfigError('JWT_DECODE_ALGORITHMS',
        `JWT_DECODE_ALGORITHMS mixes key families: ${algorithm} cannot be verified with the key of ${settings.JWT_ALGORITHM}. List algorithms of one family only.`);
    }
  }

  const { signingKey, verificationKey } = family === 'hmac' ? prepareSecret(settings) : prepareKeyPair(settings, family);
  const kid = keyId(verificationKey);
  const byKid = new Map([[kid, verificationKey]]);

  return {
    family,
    signingKey,
    kid,
    verificationKey: (tokenKid) => (tokenKid === undefined ? verificationKey : byKid.get(tokenKid)),
  };
}

function prepareSecret(settings: KeySettings): { signingKey: KeyObject; verificationKey: KeyObject } {
  for (const key of ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY'] as const) {
    if (settings[key] !== undefined) {
      throw new AuthXConfigError(key, `${key} is set, but ${settings.JWT_ALGORITHM} signs with JWT_SECRET_KEY. Unset ${key} or choose an RS*, PS* or ES* JWT_ALGORITHM.`);
    }
  }

  const secret = settings.JWT_SECRET_KEY;
  if (secret === undefined || secret === '') {
    throw new AuthXConfigError('JWT_SECRET_KEY', `JWT_SECRET_KEY is missing; ${settings.JWT_ALGORITHM} needs a random secret. ${GENERATE_HINT}`);
  }
  if (/-----BEGIN [A-Z ]*KEY-----/.test(secret) || /^\s*\{[\s\S]*"kty"/.test(secret)) {
    throw new AuthXConfigError('JWT_SECRET_KEY',
      'JWT_SECRET_KEY looks like a PEM or JWK key. An HMAC secret must be random bytes, never a public key; for RSA or EC keys set JWT_ALGORITHM and JWT_PRIVATE_KEY instead.');
  }

  const needed = Math.max(...[settings.JWT_ALGORITHM, ...settings.JWT_DECODE_ALGORITHMS].map((name) => algorithmSpec(name).hashBytes));
  const length = Buffer.byteLength(secret, 'utf8');
  if (length < needed) {
    throw new AuthXConfigError('JWT_SECRET_KEY', `JWT_SECRET_KEY is ${length} bytes long; ${settings.JWT_ALGORITHM} needs at least ${needed}. ${GENERATE_HINT}`);
  }

  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return { signingKey: key, verificationKey: key };
}

function prepareKeyPair(settings: KeySettings, family: KeyFamily): { signingKey?: KeyObject; verificationKey: KeyObject } {
  if (settings.JWT_SECRET_KEY !== undefined) {
    throw new AuthXConfigError('JWT_SECRET_KEY', `JWT_SECRET_KEY is set, but ${settings.JWT_ALGORITHM} uses JWT_PRIVATE_KEY and JWT_PUBLIC_KEY. Unset JWT_SECRET_KEY.`);
  }
  if (settings.JWT_PRIVATE_KEY === undefined && settings.JWT_PUBLIC_KEY === undefined) {
    throw new AuthXConfigError('JWT_PRIVATE_KEY',
      `${settings.JWT_ALGORITHM} needs JWT_PRIVATE_KEY (to sign) or JWT_PUBLIC_KEY (to verify only), as PEM text.`);
  }

  const signingKey = settings.JWT_PRIVATE_KEY === undefined ? undefined : parseKey('JWT_PRIVATE_KEY', settings.JWT_PRIVATE_KEY);
  const verificationKey = settings.JWT_PUBLIC_KEY === undefined
    ? createPublicKey(signingKey as KeyObject)
    : parseKey('JWT_PUBLIC_KEY', settings.JWT_PUBLIC_KEY);

  if (signingKey && settings.JWT_PUBLIC_KEY !== undefined && !samePublicKey(createPublicKey(signingKey), verificationKey)) {
    throw new AuthXConfigError('JWT_PUBLIC_KEY', 'JWT_PUBLIC_KEY does not belong to JWT_PRIVATE_KEY. Set the matching pair, or leave JWT_PUBLIC_KEY unset to derive it.');
  }
  for (const algorithm of new Set([settings.JWT_ALGORITHM, ...settings.JWT_DECODE_ALGORITHMS])) {
    checkKeyFits(verificationKey, algorithm, family, signingKey ? 'JWT_PRIVATE_KEY' : 'JWT_PUBLIC_KEY');
  }
  return { signingKey, verificationKey };
}

function parseKey(name: 'JWT_PRIVATE_KEY' | 'JWT_PUBLIC_KEY', pem: string): KeyObject {
  try {
    return name === 'JWT_PRIVATE_KEY' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw new AuthXConfigError(name, `${name} is not a valid PEM ${name === 'JWT_PRIVATE_KEY' ? 'private' : 'public'} key.`);
  }
}

function checkKeyFits(key: KeyObject, algorithm: Algorithm, family: KeyFamily, name: string): void {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};

  if (family === 'rsa') {
    if (type !== 'rsa' && type !== 'rsa-pss') {
      throw new AuthXConfigError(name, `${name} is an ${type} key, but ${algorithm} needs an RSA key.`);
    }
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS) {
      throw new AuthXConfigError(name, `${name} is a ${details.modulusLength}-bit RSA key; ${algorithm} needs at least ${MIN_RSA_BITS} bits.`);
    }
    return;
  }

  const curve = algorithmSpec(algorithm).curve;
  if (type !== 'ec' || details.namedCurve !== curve) {
    throw new AuthXConfigError(name, `${name} is ${type === 'ec' ? `an EC key on ${details.namedCurve}` : `an ${type} key`}, but ${algorithm} needs an EC key on ${curve}.`);
  }
}

function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}

/**
 * Derives a short, stable `kid` from a key. For a secret the hash is salted with a label so
 * the `kid` reveals nothing usable about the secret.
 */
function keyId(key: KeyObject): string {
  const material = key.type === 'secret'
    ? Buffer.concat([Buffer.from('koa-authx kid\0'), key.export()])
    : key.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(material).digest('base64url').slice(0, 16);
}
