import fc from 'fast-check';
import { ALLOWED_CHALLENGES } from '../conformance';
import { FUZZ_ROUTES, FuzzResponse, FuzzRequest, FuzzTarget, GUARDED_PATHS } from './target';
import { PlacedToken, csrfClaim, headerSafe, percentEncode, placedTokenArbitrary } from './inputs';

/** Header names the random-header property never sends: they frame the message or carry the token. */
const EXCLUDED_HEADERS = new Set([
  'authorization', 'content-length', 'transfer-encoding', 'host', 'connection', 'expect', 'upgrade',
  'te', 'trailer', 'keep-alive', 'proxy-connection', 'http2-settings',
]);

/** Builds the HTTP request that carries a placed token. */
export function buildRequest(placed: PlacedToken): FuzzRequest {
  const { token } = placed.token;
  const headers: Record<string, string> = {};
  let path = placed.path;
  let body: Buffer | undefined;

  switch (placed.placement) {
    case 'header':
      headers.authorization = headerSafe(`${placed.scheme}${token}`);
      break;
    case 'cookie':
      headers.cookie = headerSafe(`${placed.path === '/fuzz/refresh' ? 'refresh_token_cookie' : 'access_token_cookie'}=${token}`);
      break;
    case 'query':
      path = `${path}?token=${percentEncode(token)}`;
      break;
    case 'json':
      headers['content-type'] = 'application/json';
      body = Buffer.from(JSON.stringify({ [placed.path === '/fuzz/refresh' ? 'refresh_token' : 'access_token']: token }));
      break;
    case 'nowhere':
      break;
  }

  let csrf: string | undefined = placed.csrf;
  if (placed.csrf === 'none') csrf = undefined;
  if (placed.csrf === 'own') csrf = csrfClaim(token);
  if (csrf !== undefined && headerSafe(csrf) !== '') headers['x-csrf-token'] = headerSafe(csrf);
  return { method: placed.method, path, headers, body };
}

/**
 * Throws unless a response meets the rules every response must meet. No response is a 5xx,
 * and the `WWW-Authenticate` challenge is fixed text. A 401 carries a challenge, except a CSRF
 * failure, which carries none by design. A 401 or 403 body is JSON with `message` and
 * `error_type`. Other 4xx bodies, such as the router's plain-text 405, are not koa-authx's.
 */
export function checkResponse(response: FuzzResponse): void {
  if (response.status >= 500) throw new Error(`${response.status}: ${response.text}`);

  const challenge = response.headers['www-authenticate'];
  if (!ALLOWED_CHALLENGES.includes(challenge)) throw new Error(`WWW-Authenticate not fixed text: ${challenge}`);
  if (response.status !== 401 && response.status !== 403) return;

  const body = parseJson(response.text);
  if (typeof body?.message !== 'string' || typeof body?.error_type !== 'string') throw new Error(`error body without message and error_type: ${response.text}`);
  if (response.status === 401 && body.error_type !== 'CSRFError' && challenge === undefined) throw new Error(`401 ${body.error_type} without WWW-Authenticate`);
  if (body.error_type === 'CSRFError' && challenge !== undefined) throw new Error('CSRF failure with a WWW-Authenticate challenge');
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The fuzz properties, each a function of the target and the number of runs. */
export interface FuzzProperty {
  name: string;
  check(target: FuzzTarget, runs: number, seed?: number): Promise<void>;
}

/**
 * Tokens of every kind in every location, method and guarded route: each response meets
 * {@link checkResponse}, a token that must fail never gets a 200, and no token of 24
 * characters or more comes back in the response.
 */
const placedTokens: FuzzProperty = {
  name: 'placed tokens',
  check: (target, runs, seed) => fc.assert(
    fc.asyncProperty(placedTokenArbitrary(target.auth, FUZZ_ROUTES), async (placed) => {
      const response = await target.send(buildRequest(placed));
      checkResponse(response);
      if (placed.token.mustFail && placed.placement !== 'nowhere' && GUARDED_PATHS.includes(placed.path) && response.status === 200) {
        throw new Error(`${placed.token.kind} token accepted`);
      }
      if (placed.token.token.length >= 24 && response.text.includes(placed.token.token)) throw new Error('response echoes the token');
    }),
    { numRuns: runs, seed },
  ),
};

/**
 * Raw bytes (any but CR and LF) as the value of a credential header, written on a socket so
 * bytes Node's client refuses still arrive. The server responds with a status below 500, or
 * closes the connection as Node's parser does for control characters.
 */
const rawHeaderBytes: FuzzProperty = {
  name: 'raw header bytes',
  check: (target, runs, seed) => fc.assert(
    fc.asyncProperty(
      fc.constantFrom('Authorization', 'Cookie', 'X-CSRF-TOKEN', 'Content-Type'),
      fc.constantFrom('', 'Bearer ', 'access_token_cookie='),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes.filter((byte) => byte !== 0x0d && byte !== 0x0a))),
      fc.constantFrom('GET', 'POST'),
      async (name, prefix, value, method) => {
        const head = Buffer.from(`${method} /fuzz/resource HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n${name}: ${prefix}`, 'latin1');
        const status = await target.sendRaw(Buffer.concat([head, value, Buffer.from('\r\nConnection: close\r\n\r\n', 'latin1')]));
        if (status >= 500) throw new Error(`raw request answered ${status}`);
      },
    ),
    { numRuns: runs, seed },
  ),
};

/** A valid bearer token with random extra headers still passes: no other header breaks authentication. */
const randomHeaders: FuzzProperty = {
  name: 'random headers beside a valid token',
  check: (target, runs, seed) => fc.assert(
    fc.asyncProperty(
      fc.dictionary(
        fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/).filter((name) => !EXCLUDED_HEADERS.has(name.toLowerCase())),
        fc.string({ unit: 'binary', maxLength: 100 }).map(headerSafe),
        { maxKeys: 6 },
      ),
      async (extra) => {
        const token = target.auth.createAccessToken({ uid: 'user-1' });
        const response = await target.send({ method: 'GET', path: '/fuzz/resource', headers: { ...extra, authorization: `Bearer ${token}` } });
        checkResponse(response);
        if (response.status !== 200) throw new Error(`valid token got ${response.status}: ${response.text}`);
      },
    ),
    { numRuns: runs, seed },
  ),
};

/** Random bodies under random content types on a guarded POST: below 500, with the usual error shape. */
const randomBodies: FuzzProperty = {
  name: 'random bodies',
  check: (target, runs, seed) => fc.assert(
    fc.asyncProperty(
      fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=latin1', 'multipart/form-data'),
      fc.oneof(
        fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
        fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
        fc.dictionary(fc.constantFrom('access_token', 'refresh_token', '__proto__', 'csrf_token', 'constructor'), fc.jsonValue({ maxDepth: 2 })).map((value) => Buffer.from(JSON.stringify(value))),
      ),
      fc.boolean(),
      async (contentType, body, withToken) => {
        const headers: Record<string, string> = { 'content-type': contentType };
        if (withToken) headers.authorization = `Bearer ${target.auth.createAccessToken({ uid: 'user-1' })}`;
        checkResponse(await target.send({ method: 'POST', path: '/fuzz/resource', headers, body }));
      },
    ),
    { numRuns: runs, seed },
  ),
};

/** Every fuzz property, with its share of the runs: the placed-token property gets most. */
export const FUZZ_PROPERTIES: readonly { property: FuzzProperty; share: number }[] = [
  { property: placedTokens, share: 0.6 },
  { property: rawHeaderBytes, share: 0.15 },
  { property: randomHeaders, share: 0.1 },
  { property: randomBodies, share: 0.15 },
];
