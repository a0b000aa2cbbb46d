import { KeyObject, createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { AuthX, AuthXConfig } from '../src';

/** Algorithms the micro benchmarks cover. */
export type BenchAlgorithm = 'HS256' | 'RS256' | 'ES256' | 'EdDSA';

export const BENCH_ALGORITHMS: readonly BenchAlgorithm[] = ['HS256', 'RS256', 'ES256', 'EdDSA'];

/** Subject of every benchmark token. */
export const SUBJECT = 'user-1';

/** Lifetime of benchmark tokens: longer than a full run, so none expires while it is measured. */
const TOKEN_LIFETIME = '2h';

/**
 * Keys of one algorithm in the forms the libraries take, and the koa-authx instance that signs
 * and verifies with them. `auth` is undefined when koa-authx rejects the algorithm, and
 * `unsupportedReason` then contains its error message.
 */
export interface AlgorithmKeys {
  algorithm: BenchAlgorithm;
  /** HS256 only: the secret as a string, as jsonwebtoken and koa-jwt READMEs pass it. */
  secret?: string;
  /** The HMAC secret or the public key, as a `KeyObject`. */
  verifyKey: KeyObject;
  /** The HMAC secret or the public key in PEM, for fast-jwt. */
  verifyKeyText: string;
  /** The HMAC secret or the private key, for signing tokens without koa-authx. */
  signKeyText: string;
  auth?: AuthX;
  unsupportedReason?: string;
}

/** Builds fresh keys of `algorithm` and, where koa-authx accepts them, an {@link AuthX} instance. */
export function prepareKeys(algorithm: BenchAlgorithm): AlgorithmKeys {
  if (algorithm === 'HS256') {
    const secret = randomBytes(32).toString('base64url');
    return { algorithm, secret, verifyKey: createSecretKey(Buffer.from(secret)), verifyKeyText: secret, signKeyText: secret, ...authFor({ JWT_SECRET_KEY: secret }) };
  }

  const { privateKey, publicKey } = generateKeyPair(algorithm);
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    algorithm,
    verifyKey: publicKey,
    verifyKeyText: publicPem,
    signKeyText: privatePem,
    ...authFor({ JWT_ALGORITHM: algorithm, JWT_PRIVATE_KEY: privatePem }),
  };
}

function generateKeyPair(algorithm: Exclude<BenchAlgorithm, 'HS256'>): { privateKey: KeyObject; publicKey: KeyObject } {
  switch (algorithm) {
    case 'RS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'EdDSA':
      return generateKeyPairSync('ed25519');
  }
}

/** Builds the AuthX instance and checks that it can sign and verify, or returns why it cannot. */
function authFor(options: ConstructorParameters<typeof AuthXConfig>[0]): { auth?: AuthX; unsupportedReason?: string } {
  try {
    const auth = new AuthX(new AuthXConfig({ ...options, JWT_ACCESS_TOKEN_EXPIRES: TOKEN_LIFETIME }));
    auth.decodeToken(auth.createAccessToken({ uid: SUBJECT }));
    return { auth };
  } catch (error) {
    return { unsupportedReason: (error as Error).message };
  }
}

/**
 * Signs `count` distinct access tokens: with koa-authx when it supports the algorithm, else with
 * fast-jwt and the same claims koa-authx writes. Every token differs by its random `jti`.
 */
export function signTokens(keys: AlgorithmKeys, count: number): string[] {
  const tokens = new Array<string>(count);
  if (keys.auth) {
    for (let i = 0; i < count; i++) tokens[i] = keys.auth.createAccessToken({ uid: SUBJECT });
    return tokens;
  }

  const sign = createSigner({ key: keys.signKeyText, algorithm: keys.algorithm, expiresIn: 2 * 3600 * 1000 });
  for (let i = 0; i < count; i++) {
    tokens[i] = sign({ sub: SUBJECT, type: 'access', fresh: false, jti: randomBytes(16).toString('hex') });
  }
  return tokens;
}

/** Tokens for each round of a micro benchmark: round 0 is the warm-up, then one per sample. */
export interface TokenSource {
  slice(round: number): string[];
  /** Whether a round ends after its slice. False when one token is verified over and over. */
  readonly limited: boolean;
}

/**
 * Distinct tokens for the rows that verify tokens not seen before: one slice for the warm-up
 * and one for each sample, so no token is verified twice in a row's run, whatever the size or
 * eviction rule of a verified-token cache.
 */
export class TokenPool implements TokenSource {
  readonly limited = true;
  private readonly slices: string[][] = [];

  constructor(keys: AlgorithmKeys, rounds: number, readonly sliceSize: number) {
    for (let round = 0; round < rounds; round++) this.slices.push(signTokens(keys, sliceSize));
  }

  slice(round: number): string[] {
    return this.slices[round];
  }
}

/** One token, verified in every call of every round, for the rows of tokens seen recently. */
export class RepeatedToken implements TokenSource {
  readonly limited = false;
  private readonly tokens: string[];

  constructor(keys: AlgorithmKeys) {
    this.tokens = signTokens(keys, 1);
  }

  slice(): string[] {
    return this.tokens;
  }
}
