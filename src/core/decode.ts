import { isUtf8 } from 'node:buffer';
import { KeyObject, createHmac, timingSafeEqual, verify } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Algorithm } from './algorithms';
import { AuthXConfig } from './config';
import { InvalidTokenError } from './errors';
import { checkClaims } from './claims';
import { TokenPayload } from './token-payload';

/**
 * Maximum token length accepted, in characters. Tokens koa-authx issues are far shorter, and the
 * bound keeps a hostile header from costing a large base64 decode and JSON parse.
 */
export const MAX_TOKEN_LENGTH = 8192;

/** Longest `kid` header accepted, in characters. koa-authx's own are 16. */
const MAX_KID_LENGTH = 256;

const HMAC_HASHES: Partial<Record<Algorithm, string>> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** Three base64url segments (RFC 7515 compact form); a 5-part JWE or an empty signature fails. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies a token's shape, header, signature and claims, and returns its payload. The key is
 * picked by the token's `kid` from the key ring. RSA and EC signatures are checked by
 * jsonwebtoken, fed a `KeyObject` and the token's algorithm once it is known to be allowed and
 * to fit the key. HMAC and EdDSA signatures are checked with node:crypto directly: jsonwebtoken 9
 * lacks EdDSA, and for HMAC it decodes the token a second time, which doubles the cost of the
 * most common verification.
 *
 * @throws InvalidTokenError for anything malformed, forged or with claims of the wrong type.
 * @throws TokenExpiredError when the token is valid but `exp` has passed.
 */
export function decodeToken(config: AuthXConfig, token: string, now: number = Date.now() / 1000): TokenPayload {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
    throw new InvalidTokenError('token is not a compact JWS of three base64url segments');
  }

  const headerSegment = token.slice(0, token.indexOf('.'));
  const headers = knownHeaders(config);
  const { algorithm, key } = headers.get(headerSegment) ?? selectKey(config, parseHeader(headerSegment));
  const payload = algorithm === 'EdDSA'
    ? verifyEdDSA(token, key)
    : algorithm.startsWith('HS') ? verifyHmac(token, algorithm, key) : verifySignature(token, algorithm, key);

  if (headers.size < MAX_KNOWN_HEADERS) headers.set(headerSegment, { algorithm, key });
  return checkClaims(config, payload, now);
}

/** Most header segments remembered per config; a service signs with few keys, so few headers. */
const MAX_KNOWN_HEADERS = 64;

const headersByConfig = new WeakMap<AuthXConfig, Map<string, { algorithm: Algorithm; key: KeyObject }>>();

/**
 * Header segments of tokens whose signature verified, with the key they selected. Tokens of one
 * key share their header, so this skips decoding and checking it again. Only headers of
 * correctly signed tokens are added, so forged headers cannot fill it.
 */
function knownHeaders(config: AuthXConfig): Map<string, { algorithm: Algorithm; key: KeyObject }> {
  let headers = headersByConfig.get(config);
  if (!headers) {
    headers = new Map();
    headersByConfig.set(config, headers);
  }
  return headers;
}

function parseHeader(segment: string): Record<string, unknown> {
  const header = parseJsonSegment(segment, 'header');
  if (header.crit !== undefined) {
    throw new InvalidTokenError('header lists "crit" extensions, and none are supported (RFC 7515, 4.1.11)');
  }
  return header;
}

function selectKey(config: AuthXConfig, header: Record<string, unknown>): { algorithm: Algorithm; key: KeyObject } {
  const algorithm = header.alg;
  if (typeof algorithm !== 'string' || !(config.JWT_DECODE_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new InvalidTokenError('"alg" is not one of JWT_DECODE_ALGORITHMS');
  }

  const kid = header.kid;
  if (kid !== undefined && (typeof kid !== 'string' || kid.length > MAX_KID_LENGTH)) {
    throw new InvalidTokenError('"kid" header must be a short string');
  }
  const entry = config.keys.verificationKey(kid);
  if (!entry) throw new InvalidTokenError('"kid" names no key of the key ring');
  if (!entry.algorithms.includes(algorithm as Algorithm)) {
    throw new InvalidTokenError('"alg" does not fit the key that "kid" names');
  }
  return { algorithm: algorithm as Algorithm, key: entry.key };
}

function verifySignature(token: string, algorithm: Algorithm, key: KeyObject): unknown {
  // jsonwebtoken decodes the payload leniently, replacing invalid UTF-8 with U+FFFD.
  const payloadSegment = token.slice(token.indexOf('.') + 1, token.lastIndexOf('.'));
  if (!isUtf8(Buffer.from(payloadSegment, 'base64url'))) {
    throw new InvalidTokenError('payload is not valid UTF-8 (RFC 8725, section 3.7)');
  }

  try {
    // Time claims are checked by checkClaims, which also rejects non-finite and string values.
    return jwt.verify(token, key, {
      algorithms: [algorithm as jwt.Algorithm],
      ignoreExpiration: true,
      ignoreNotBefore: true,
    });
  } catch (error) {
    // jsonwebtoken's messages can quote the payload, so keep only the fixed ones such as "invalid signature".
    const message = (error as Error).message;
    throw new InvalidTokenError(`signature or encoding rejected: ${/^[a-z ]{1,40}$/.test(message) ? message : (error as Error).name}`);
  }
}

/**
 * Verifies an HMAC signature (RFC 7518, section 3.2) in constant time, then decodes the payload.
 * The encoded signatures are compared, so a non-canonical base64url form is rejected as well.
 */
function verifyHmac(token: string, algorithm: Algorithm, key: KeyObject): Record<string, unknown> {
  const signatureStart = token.lastIndexOf('.');
  const expected = createHmac(HMAC_HASHES[algorithm] as string, key)
    .update(token.slice(0, signatureStart))
    .digest('base64url');
  const sent = token.slice(signatureStart + 1);
  if (sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
    throw new InvalidTokenError('signature or encoding rejected: invalid signature');
  }

  return parseJsonSegment(token.slice(token.indexOf('.') + 1, signatureStart), 'payload');
}

/** Verifies an EdDSA signature (RFC 8037, section 3.1) over the first two segments, then decodes the payload. */
function verifyEdDSA(token: string, key: KeyObject): Record<string, unknown> {
  const signatureStart = token.lastIndexOf('.');
  const signingInput = Buffer.from(token.slice(0, signatureStart));
  const signature = Buffer.from(token.slice(signatureStart + 1), 'base64url');

  let valid: boolean;
  try {
    valid = verify(null, signingInput, key, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new InvalidTokenError('signature or encoding rejected: invalid signature');

  return parseJsonSegment(token.slice(token.indexOf('.') + 1, signatureStart), 'payload');
}

/** Decodes one base64url segment that must hold a JSON object. */
export function parseJsonSegment(segment: string, part: 'header' | 'payload'): Record<string, unknown> {
  const bytes = Buffer.from(segment, 'base64url');
  if (!isUtf8(bytes)) throw new InvalidTokenError(`${part} is not valid UTF-8 (RFC 8725, section 3.7)`);

  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InvalidTokenError(`${part} is not base64url-encoded JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidTokenError(`${part} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
