import fc from 'fast-check';
import type { AuthX } from '../../../src';
import { hmacToken, segment, unsignedToken } from '../forge';
import { SECRET, nowSeconds } from '../tokens';

/** A token to send and whether the service must reject it whatever route and location it reaches. */
export interface FuzzToken {
  kind: 'random' | 'segments' | 'mutated' | 'wrong key' | 'signed' | 'valid';
  token: string;
  mustFail: boolean;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const TOKEN_CHARACTERS = `${BASE64URL}.`;

/** Random text of several kinds: any UTF-16, single bytes, and token-like characters. */
const randomText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.stringMatching(/^[A-Za-z0-9_.-]{0,600}$/),
);

/** One to six dot-separated segments of base64url-encoded bytes or JSON. */
const segments = fc.array(
  fc.oneof(
    fc.uint8Array({ maxLength: 120 }).map((bytes) => segment(Buffer.from(bytes))),
    fc.jsonValue({ maxDepth: 3 }).map((value) => segment(JSON.stringify(value) ?? 'null')),
    fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/),
  ),
  { minLength: 1, maxLength: 6 },
).map((parts) => parts.join('.'));

/** Edits of a token that use only token characters, so the result is always a different string. */
type Mutation =
  | { op: 'replace' | 'insert'; at: number; character: string }
  | { op: 'delete' | 'truncate'; at: number }
  | { op: 'swap' | 'duplicate'; first: number; second: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('replace' as const, 'insert' as const), at: fc.nat(), character: fc.constantFrom(...TOKEN_CHARACTERS) }),
  fc.record({ op: fc.constantFrom('delete' as const, 'truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constantFrom('swap' as const, 'duplicate' as const), first: fc.nat(2), second: fc.nat(2) }),
);

function mutate(token: string, edit: Mutation): string {
  const parts = token.split('.');
  switch (edit.op) {
    case 'replace': {
      const at = edit.at % token.length;
      return `${token.slice(0, at)}${edit.character}${token.slice(at + 1)}`;
    }
    case 'insert': {
      const at = edit.at % (token.length + 1);
      return `${token.slice(0, at)}${edit.character}${token.slice(at)}`;
    }
    case 'delete': {
      const at = edit.at % token.length;
      return `${token.slice(0, at)}${token.slice(at + 1)}`;
    }
    case 'truncate':
      return token.slice(0, edit.at % token.length);
    case 'swap':
      [parts[edit.first], parts[edit.second]] = [parts[edit.second], parts[edit.first]];
      return parts.join('.');
    case 'duplicate':
      parts.splice(edit.second, 0, parts[edit.first]);
      return parts.join('.');
  }
}

/** Mostly `valid`, sometimes JSON of any type, so each claim check is reached without making most tokens fail. */
function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid, weight: 5 }, fc.jsonValue({ maxDepth: 2 }));
}

/** Claims of a token signed with the service secret: valid in most runs for each claim, any JSON in the rest. */
function claimsArbitrary(now: number): fc.Arbitrary<Record<string, unknown>> {
  const any = fc.jsonValue({ maxDepth: 2 });
  return fc.record({
    sub: mostly(fc.constantFrom('user-1', '')),
    type: mostly(fc.constantFrom('access', 'refresh')),
    jti: mostly(fc.uuid()),
    exp: mostly(fc.oneof(fc.constant(now + 600), fc.integer({ min: now - 1000, max: now + 1000 }))),
    iat: mostly(fc.integer({ min: now - 1000, max: now + 5 })),
    nbf: mostly(fc.integer({ min: now - 1000, max: now + 1000 })),
    fresh: mostly(fc.boolean()),
    scopes: mostly(fc.oneof(fc.constant(['admin']), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }))),
    csrf: mostly(fc.string({ maxLength: 30 })),
    aud: any,
    iss: any,
    constructor: fc.dictionary(fc.string({ maxLength: 8 }), any, { maxKeys: 2 }),
  }, { requiredKeys: ['sub', 'type', 'jti', 'exp'] });
}

/**
 * Payload JSON text: random claims, sometimes with a `__proto__` member spliced into the text,
 * because an object literal or `JSON.stringify` cannot write that name as a member.
 */
function payloadTextArbitrary(now: number): fc.Arbitrary<string> {
  const proto = fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }));
  const claimsText = fc.tuple(claimsArbitrary(now), proto).map(([claims, extra]) => {
    const text = JSON.stringify(claims);
    if (extra === null) return text;
    const member = `"__proto__":${JSON.stringify(extra)}`;
    return text === '{}' ? `{${member}}` : `${text.slice(0, -1)},${member}}`;
  });
  return fc.oneof({ arbitrary: claimsText, weight: 4 }, fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value) ?? 'null'));
}

/** JOSE headers: the plain HS256 one in most runs, else random parameters around a mostly valid `alg`. */
function headerArbitrary(currentKid: string): fc.Arbitrary<Record<string, unknown>> {
  const random = fc.record({
    alg: fc.oneof({ arbitrary: fc.constant('HS256'), weight: 3 }, fc.constantFrom('none', 'None', 'HS512', 'RS256', 'hs256', 'EdDSA'), fc.jsonValue({ maxDepth: 1 })),
    typ: fc.constantFrom('JWT', 'at+jwt', 'JOSE'),
    kid: fc.oneof(fc.constant(currentKid), fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })),
    crit: fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
    jku: fc.constant('http://127.0.0.1:1/jwks.json'),
  }, { requiredKeys: ['alg'] });
  return fc.oneof({ arbitrary: fc.constant({ alg: 'HS256', typ: 'JWT' }), weight: 2 }, random);
}

/**
 * Returns whether the service must reject a token signed with its own secret. Only rules that
 * need no clock precision count: an algorithm other than HS256, any `crit`, a `kid` of another
 * key, or a payload that is not an object. So do a missing or mistyped `sub`, `type` or `exp`,
 * and an `exp` already reached.
 */
function signedMustFail(header: Record<string, unknown>, payloadText: string, currentKid: string, now: number): boolean {
  const payload: unknown = JSON.parse(payloadText);
  if (header.alg !== 'HS256' || header.crit !== undefined) return true;
  if (header.kid !== undefined && header.kid !== currentKid) return true;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return true;

  const claims = payload as Record<string, unknown>;
  if (typeof claims.sub !== 'string' || claims.sub === '') return true;
  if (claims.type !== 'access' && claims.type !== 'refresh') return true;
  return typeof claims.exp !== 'number' || claims.exp <= now;
}

/**
 * Builds tokens of every kind, weighted toward the ones that reach deep checks. The kinds are
 * random text, random segments, small edits of a valid token, and tokens signed with a wrong
 * key or none. Tokens signed with the service secret over random headers and claims, and valid
 * tokens, complete the mix.
 */
export function tokenArbitrary(auth: AuthX<any>): fc.Arbitrary<FuzzToken> {
  const now = nowSeconds();
  const headers = headerArbitrary(auth.config.keys.kid);
  const valid = fc.constantFrom('access', 'refresh').map((type) => (type === 'access' ? auth.createAccessToken({ uid: 'user-1', scopes: ['admin'] }) : auth.createRefreshToken({ uid: 'user-1' })));

  return fc.oneof(
    { arbitrary: randomText.map((token): FuzzToken => ({ kind: 'random', token, mustFail: true })), weight: 2 },
    { arbitrary: segments.map((token): FuzzToken => ({ kind: 'segments', token, mustFail: true })), weight: 2 },
    {
      arbitrary: fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([token, edits]): FuzzToken => {
        const mutated = edits.reduce(mutate, token);
        return { kind: 'mutated', token: mutated, mustFail: mutated !== token };
      }),
      weight: 3,
    },
    {
      arbitrary: fc.tuple(headers, payloadTextArbitrary(now), fc.boolean()).map(([header, payload, unsigned]): FuzzToken => ({
        kind: 'wrong key',
        token: unsigned ? unsignedToken(header, payload) : hmacToken(header, payload, 'wrong-secret-of-a-forger-0123456789-0123456789'),
        mustFail: true,
      })),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(headers, payloadTextArbitrary(now)).map(([header, payload]): FuzzToken => ({
        kind: 'signed',
        token: hmacToken(header, payload, SECRET),
        mustFail: signedMustFail(header, payload, auth.config.keys.kid, now),
      })),
      weight: 4,
    },
    { arbitrary: valid.map((token): FuzzToken => ({ kind: 'valid', token, mustFail: false })), weight: 1 },
  );
}

/** Where a token is sent. */
export type Placement = 'header' | 'cookie' | 'query' | 'json' | 'nowhere';

/** A token in one location of one request, with the CSRF header a browser script might add. */
export interface PlacedToken {
  token: FuzzToken;
  placement: Placement;
  method: string;
  path: string;
  /** `Authorization` scheme text before the token, for the header placement. */
  scheme: string;
  /** `X-CSRF-TOKEN`: none, the token's own `csrf` claim, or random text. */
  csrf: 'none' | 'own' | string;
}

/** A route as method and path. */
export interface Route {
  method: string;
  path: string;
}

/**
 * Places tokens on `routes` in most runs, and on any method and path of `routes` in the
 * rest, which reaches the router's 404 and 405 responses too.
 */
export function placedTokenArbitrary(auth: AuthX<any>, routes: readonly Route[]): fc.Arbitrary<PlacedToken> {
  const anyRoute = fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), path: fc.constantFrom(...routes.map((route) => route.path)) });
  return fc.record({
    token: tokenArbitrary(auth),
    placement: fc.constantFrom<Placement>('header', 'header', 'cookie', 'query', 'json', 'nowhere'),
    route: fc.oneof({ arbitrary: fc.constantFrom(...routes), weight: 9 }, anyRoute),
    scheme: fc.oneof({ arbitrary: fc.constant('Bearer '), weight: 6 }, fc.mixedCase(fc.constant('bearer  ')), fc.string({ maxLength: 12 })),
    csrf: fc.oneof(fc.constantFrom('none', 'own'), fc.string({ maxLength: 40 })),
  }).map(({ route, ...placed }) => ({ ...placed, method: route.method, path: route.path }));
}

/** Keeps the characters Node's HTTP client accepts in a header value: tab, printable ASCII and 0x80 to 0xFF. */
export function headerSafe(text: string): string {
  return text.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
}

/** Percent-encodes the UTF-8 bytes of `text`, leaving unreserved characters as they are. */
export function percentEncode(text: string): string {
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const character = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9_.~-]/.test(character) ? character : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/** Reads the `csrf` claim of a token without verifying it, or undefined. */
export function csrfClaim(token: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof claims?.csrf === 'string' ? claims.csrf : undefined;
  } catch {
    return undefined;
  }
}
