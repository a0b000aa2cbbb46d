import type { ConformanceRow, ConformanceTable } from '../../support/conformance';
import { hmacToken, segment } from '../../support/forge';
import { SECRET } from '../../support/tokens';
import { claims, hs256Service } from './fixtures';

const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };
const HEADER = { alg: 'HS256', typ: 'JWT' };

/** Builds a row that sends `Authorization: Bearer <text>`, with `text` built when the row runs. */
function raw(name: string, text: () => string): ConformanceRow {
  return { name, request: () => ({ headers: { authorization: `Bearer ${text()}` } }), ...INVALID };
}

/** Signs a valid token and returns its three segments. */
function parts(): [string, string, string] {
  return hmacToken(HEADER, claims(), SECRET).split('.') as [string, string, string];
}

/** Returns the UTF-8 bytes of `json` with `bytes` spliced in right after the first `marker`. */
function withBytes(json: string, marker: string, bytes: number[]): Buffer {
  const end = json.indexOf(marker) + marker.length;
  return Buffer.concat([Buffer.from(json.slice(0, end)), Buffer.from(bytes), Buffer.from(json.slice(end))]);
}

/**
 * RFC 7515, sections 3.1 and 7.1, and RFC 7519, section 7.2: a token is exactly three
 * base64url segments, the header and payload are UTF-8 JSON objects, and anything else is an
 * invalid token. Rows signed with the service secret fail on shape alone.
 */
export const serializationTable: ConformanceTable = {
  title: 'compact serialization (HS256 service)',
  service: (logger) => hs256Service(logger),
  rows: [
    raw('one segment', () => parts()[0]),
    raw('two segments', () => parts().slice(0, 2).join('.')),
    raw('four segments', () => [...parts(), parts()[2]].join('.')),
    raw('five segments (JWE)', () => [...parts(), 'aXY', 'dGFn'].join('.')),
    raw('six segments', () => [...parts(), 'YQ', 'Yg', 'Yw'].join('.')),
    raw('empty header segment', () => ['', ...parts().slice(1)].join('.')),
    raw('empty payload segment', () => { const [head, , signature] = parts(); return `${head}..${signature}`; }),
    raw('empty signature segment', () => `${parts().slice(0, 2).join('.')}.`),
    raw('leading dot', () => `.${parts().join('.')}`),
    raw('only dots', () => '..'),
    raw('plus sign (base64, not base64url)', () => { const [head, body, signature] = parts(); return `${head}.${body}.+${signature.slice(1)}`; }),
    raw('slash (base64, not base64url)', () => { const [head, body, signature] = parts(); return `${head}.${body}/.${signature}`; }),
    raw('padding', () => `${parts().join('.')}==`),
    raw('percent-encoded dot', () => parts().join('%2E')),
    raw('asterisk', () => `${parts().join('.')}*`),
    raw('Latin-1 letter', () => `${parts().join('.')}\u00e9`),
    raw('space inside the payload', () => { const [head, body, signature] = parts(); return `${head}.${body.slice(0, 10)} ${body.slice(10)}.${signature}`; }),
    raw('tab inside the signature', () => { const [head, body, signature] = parts(); return `${head}.${body}.${signature.slice(0, 5)}\t${signature.slice(5)}`; }),
    raw('signature with changed trailing bits', () => {
      // The last base64url character of a 32-byte HMAC carries 2 unused bits. Flipping one
      // keeps the decoded bytes but changes the text, which must not verify.
      const [head, body, signature] = parts();
      const last = signature.at(-1) as string;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const index = alphabet.indexOf(last);
      return `${head}.${body}.${signature.slice(0, -1)}${alphabet[index ^ 1]}`;
    }),
    raw('header not JSON', () => hmacToken('{"alg":"HS256"', claims(), SECRET)),
    raw('header with trailing text', () => hmacToken('{"alg":"HS256"}x', claims(), SECRET)),
    raw('header with a byte order mark', () => hmacToken('\ufeff{"alg":"HS256"}', claims(), SECRET)),
    raw('header an array', () => hmacToken('["HS256"]', claims(), SECRET)),
    raw('header a number', () => hmacToken('256', claims(), SECRET)),
    raw('header a string', () => hmacToken('"HS256"', claims(), SECRET)),
    raw('header null', () => hmacToken('null', claims(), SECRET)),
    raw('payload not JSON', () => hmacToken(HEADER, '{"sub":"user-1"', SECRET)),
    raw('payload an array', () => hmacToken(HEADER, [claims()], SECRET)),
    raw('payload a number', () => hmacToken(HEADER, '42', SECRET)),
    raw('payload a string', () => hmacToken(HEADER, '"user-1"', SECRET)),
    raw('payload null', () => hmacToken(HEADER, 'null', SECRET)),
    raw('payload true', () => hmacToken(HEADER, 'true', SECRET)),
    raw('payload an empty object', () => hmacToken(HEADER, {}, SECRET)),
    raw('payload of raw bytes, not UTF-8 JSON', () => hmacToken(HEADER, Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), SECRET)),
    raw('invalid UTF-8 inside a payload string', () => hmacToken(HEADER, withBytes(JSON.stringify(claims()), '"sub":"user-1', [0xc3, 0x28]), SECRET)),
    raw('invalid UTF-8 inside a header string', () => hmacToken(withBytes('{"alg":"HS256","typ":"JWT"}', '"typ":"JWT', [0xff]), claims(), SECRET)),
    raw('header segment of random bytes', () => `${segment(Buffer.from([0x80, 0x81, 0x82]))}.${parts()[1]}.${parts()[2]}`),
  ],
};
