import { KeyObject, createHash, createPrivateKey, createPublicKey, createSecretKey } from 'node:crypto';
import { Algorithm, KeyFamily, algorithmSpec, describeKey, describeKeyRequirement, keyFitsAlgorithm } from './algorithms';
import { AuthXConfigError } from './errors';

/** Settings that {@link prepareKeyRing} reads. */
export interface KeySettings {
  JWT_SECRET_KEY?: string;
  JWT_PRIVATE_KEY?: string;
  JWT_PUBLIC_KEY?: string;
  JWT_PREVIOUS_SECRET_KEY?: string | readonly string[];
  JWT_PREVIOUS_PUBLIC_KEY?: string | readonly string[];
  JWT_ALGORITHM: Algorithm;
  JWT_DECODE_ALGORITHMS: readonly Algorithm[];
}

/** One verification key of a {@link KeyRing}. */
export interface VerificationKey {
  /** Key id that tokens signed with the matching signing key carry in their header. */
  readonly kid: string;
  readonly key: KeyObject;
  /** The algorithms of `JWT_DECODE_ALGORITHMS` this key can verify. A token naming another `alg` is invalid. */
  readonly algorithms: readonly Algorithm[];
}

/**
 * Keys of one family, prepared once: the current key, which signs every new token, and the
 * previous keys of a rotation, which only verify. Tokens carry the `kid` of their key, so
 * verification looks the key up instead of trying each one.
 */
export interface KeyRing {
  readonly family: KeyFamily;
  /** Undefined on a verify-only service that has only a public key. */
  readonly signingKey?: KeyObject;
  /** `kid` of the current key, written into the header of every token this service signs. */
  readonly kid: string;
  /** `kid`s of the previous keys, in the order they were configured. */
  readonly previousKids: readonly string[];
  /**
   * Returns the key named by a token's `kid`, or undefined when no key of the ring has that id.
   * A token without `kid` is checked against the current key only.
   */
  verificationKey(kid: string | undefined): VerificationKey | undefined;
}

interface PreparedKeys {
  signingKey?: KeyObject;
  currentKey: KeyObject;
  previousKeys: KeyObject[];
}

const GENERATE_HINT = `Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

/** Turns the key settings into `KeyObject`s, or throws an {@link AuthXConfigError} naming the key to fix. */
export function prepareKeyRing(settings: KeySettings): KeyRing {
  const family = checkFamily(settings);
  const prepared = family === 'hmac' ? prepareSecrets(settings) : prepareKeyPairs(settings);

  const entries = [prepared.currentKey, ...prepared.previousKeys].map((key) => ({
    kid: keyId(key),
    key,
    algorithms: Object.freeze(settings.JWT_DECODE_ALGORITHMS.filter((algorithm) => keyFitsAlgorithm(key, algorithm))),
  }));
  const byKid = new Map<string, VerificationKey>();
  for (const entry of entries) {
    // A previous key equal to the current one adds nothing, so the first entry of a kid wins.
    if (!byKid.has(entry.kid)) byKid.set(entry.kid, Object.freeze(entry));
  }
  const current = byKid.get(entries[0].kid) as VerificationKey;

  return {
    family,
    signingKey: prepared.signingKey,
    kid: current.kid,
    previousKids: Object.freeze([...byKid.keys()].slice(1)),
    verificationKey: (kid) => (kid === undefined ? current : byKid.get(kid)),
  };
}

function checkFamily(settings: KeySettings): KeyFamily {
  const family = algorithmSpec(settings.JWT_ALGORITHM).family;
  for (const algorithm of settings.JWT_DECODE_ALGORITHMS) {
    if (algorithmSpec(algorithm).family !== family) {
      throw new AuthXConfigError('JWT_DECODE_ALGORITHMS',
        `JWT_DECODE_ALGORITHMS mixes key families: ${algorithm} cannot be verified with the key of ${settings.JWT_ALGORITHM}. List algorithms of one family only.`);
    }
  }
  return family;
}

function prepareSecrets(settings: KeySettings): PreparedKeys {
  for (const name of ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'JWT_PREVIOUS_PUBLIC_KEY'] as const) {
    if (isSet(settings[name])) {
      throw new AuthXConfigError(name, `${name} is set, but ${settings.JWT_ALGORITHM} signs with JWT_SECRET_KEY. Unset ${name} or choose an RS*, PS*, ES* or EdDSA JWT_ALGORITHM.`);
    }
  }

  const secret = settings.JWT_SECRET_KEY;
  if (secret === undefined || secret === '') {
    throw new AuthXConfigError('JWT_SECRET_KEY', `JWT_SECRET_KEY is missing; ${settings.JWT_ALGORITHM} needs a random secret. ${GENERATE_HINT}`);
  }
  const currentKey = parseSecret(settings, 'JWT_SECRET_KEY', 'JWT_SECRET_KEY', secret);

  const previousKeys = listed(settings.JWT_PREVIOUS_SECRET_KEY).map((previous, index) => {
    const label = itemLabel('JWT_PREVIOUS_SECRET_KEY', index, settings.JWT_PREVIOUS_SECRET_KEY);
    if (previous === '') {
      throw new AuthXConfigError('JWT_PREVIOUS_SECRET_KEY', `${label} is empty. Remove it, or unset JWT_PREVIOUS_SECRET_KEY once no tokens signed with an older secret remain.`);
    }
    return parseSecret(settings, 'JWT_PREVIOUS_SECRET_KEY', label, previous);
  });

  return { signingKey: currentKey, currentKey, previousKeys };
}

function parseSecret(settings: KeySettings, name: 'JWT_SECRET_KEY' | 'JWT_PREVIOUS_SECRET_KEY', label: string, secret: string): KeyObject {
  const previous = name === 'JWT_PREVIOUS_SECRET_KEY';
  if (/-----BEGIN [A-Z ]*KEY-----/.test(secret) || /^\s*\{[\s\S]*"kty"/.test(secret)) {
    const instead = previous ? 'for a retired RSA, EC or EdDSA key, set JWT_PREVIOUS_PUBLIC_KEY instead' : 'for RSA, EC or EdDSA keys set JWT_ALGORITHM and JWT_PRIVATE_KEY instead';
    throw new AuthXConfigError(name, `${label} looks like a PEM or JWK key. An HMAC secret must be random bytes, never a public key; ${instead}.`);
  }

  const strictest = [settings.JWT_ALGORITHM, ...settings.JWT_DECODE_ALGORITHMS]
    .reduce((a, b) => ((algorithmSpec(b).hashBytes ?? 0) > (algorithmSpec(a).hashBytes ?? 0) ? b : a));
  const needed = algorithmSpec(strictest).hashBytes ?? 0;
  const length = Buffer.byteLength(secret, 'utf8');
  if (length < needed) {
    const fix = previous ? `Remove it from ${name}; tokens signed with it must be issued again.` : GENERATE_HINT;
    throw new AuthXConfigError(name, `${label} is ${length} bytes long; ${strictest} needs at least ${needed}. ${fix}`);
  }

  return createSecretKey(Buffer.from(secret, 'utf8'));
}

function prepareKeyPairs(settings: KeySettings): PreparedKeys {
  for (const name of ['JWT_SECRET_KEY', 'JWT_PREVIOUS_SECRET_KEY'] as const) {
    if (isSet(settings[name])) {
      throw new AuthXConfigError(name, `${name} is set, but ${settings.JWT_ALGORITHM} uses JWT_PRIVATE_KEY and JWT_PUBLIC_KEY. Unset ${name}.`);
    }
  }
  if (settings.JWT_PRIVATE_KEY === undefined && settings.JWT_PUBLIC_KEY === undefined) {
    throw new AuthXConfigError('JWT_PRIVATE_KEY',
      `${settings.JWT_ALGORITHM} needs JWT_PRIVATE_KEY (to sign) or JWT_PUBLIC_KEY (to verify only), as PEM text.`);
  }

  const signingKey = settings.JWT_PRIVATE_KEY === undefined ? undefined : parsePrivateKey(settings.JWT_PRIVATE_KEY);
  const currentKey = settings.JWT_PUBLIC_KEY === undefined
    ? createPublicKey(signingKey as KeyObject)
    : parsePublicKey('JWT_PUBLIC_KEY', 'JWT_PUBLIC_KEY', settings.JWT_PUBLIC_KEY);
  if (signingKey && settings.JWT_PUBLIC_KEY !== undefined && !samePublicKey(createPublicKey(signingKey), currentKey)) {
    throw new AuthXConfigError('JWT_PUBLIC_KEY', 'JWT_PUBLIC_KEY does not belong to JWT_PRIVATE_KEY. Set the matching pair, or leave JWT_PUBLIC_KEY unset to derive it.');
  }
  const currentName = signingKey ? 'JWT_PRIVATE_KEY' : 'JWT_PUBLIC_KEY';
  checkKeyFits(currentName, currentName, currentKey, [settings.JWT_ALGORITHM]);

  const previousKeys = listed(settings.JWT_PREVIOUS_PUBLIC_KEY).map((pem, index) => {
    const label = itemLabel('JWT_PREVIOUS_PUBLIC_KEY', index, settings.JWT_PREVIOUS_PUBLIC_KEY);
    const key = parsePublicKey('JWT_PREVIOUS_PUBLIC_KEY', label, pem);
    checkKeyFits('JWT_PREVIOUS_PUBLIC_KEY', label, key, settings.JWT_DECODE_ALGORITHMS);
    return key;
  });

  checkEveryAlgorithmHasKey(settings.JWT_DECODE_ALGORITHMS, [currentKey, ...previousKeys]);
  return { signingKey, currentKey, previousKeys };
}

function parsePrivateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    throw new AuthXConfigError('JWT_PRIVATE_KEY', 'JWT_PRIVATE_KEY is not a valid PEM private key.');
  }
}

function parsePublicKey(name: 'JWT_PUBLIC_KEY' | 'JWT_PREVIOUS_PUBLIC_KEY', label: string, pem: string): KeyObject {
  // createPublicKey also accepts a private key and derives its public half, which would leave a
  // private key in a setting meant for material that may be shared.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new AuthXConfigError(name, `${label} contains a private key. Set only the public key here; print it with: openssl pkey -in private.pem -pubout`);
  }
  try {
    return createPublicKey(pem);
  } catch {
    throw new AuthXConfigError(name, `${label} is not a valid PEM public key.`);
  }
}

/** Throws unless `key` fits at least one of `algorithms`. */
function checkKeyFits(name: string, label: string, key: KeyObject, algorithms: readonly Algorithm[]): void {
  if (algorithms.some((algorithm) => keyFitsAlgorithm(key, algorithm))) return;

  const needs = algorithms.map((algorithm) => `${algorithm} needs ${describeKeyRequirement(algorithm)}`).join('; ');
  throw new AuthXConfigError(name, `${label} is ${describeKey(key)}, but ${needs}.`);
}

function checkEveryAlgorithmHasKey(algorithms: readonly Algorithm[], keys: KeyObject[]): void {
  for (const algorithm of algorithms) {
    if (!keys.some((key) => keyFitsAlgorithm(key, algorithm))) {
      throw new AuthXConfigError('JWT_DECODE_ALGORITHMS',
        `JWT_DECODE_ALGORITHMS lists ${algorithm}, but no configured key can verify it: ${algorithm} needs ${describeKeyRequirement(algorithm)}. Remove ${algorithm} or add such a key.`);
    }
  }
}

function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}

function isSet(value: string | readonly string[] | undefined): boolean {
  return value !== undefined && (typeof value === 'string' || value.length > 0);
}

function listed(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** Names one entry of a setting in messages: `JWT_PREVIOUS_SECRET_KEY[1]` for a list, the bare name for a single value. */
function itemLabel(name: string, index: number, value: unknown): string {
  return typeof value === 'string' ? name : `${name}[${index}]`;
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
