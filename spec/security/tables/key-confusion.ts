import type { ConformanceRow, ConformanceTable } from '../../support/conformance';
import { hmacToken, rsaToken, unsignedToken } from '../../support/forge';
import { attackerRsa, bearer, claims, rs256Service, serviceRsa } from './fixtures';

const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };

/** Builds a request whose token is keyed, with HMAC, by the service's public key in one of its published forms. */
function hmacWithPublicKey(alg: string, key: () => string | Buffer, hash = 'sha256'): ConformanceRow['request'] {
  return () => ({ headers: bearer(hmacToken({ alg, typ: 'JWT' }, claims(), key(), hash)) });
}

/**
 * RFC 8725, section 2.1 (algorithm substitution) and section 3.1: a service that verifies
 * RS256 with a public key must never accept an HMAC token keyed with that public key's text.
 * An attacker has the public key in every form below, so each row is a real forgery attempt.
 */
export const keyConfusionTable: ConformanceTable = {
  title: 'RS256 public key as an HMAC secret (RS256 service)',
  service: (logger) => rs256Service(logger),
  rows: [
    { name: 'RS256 token passes', request: () => ({ headers: bearer(rsaToken({ alg: 'RS256', typ: 'JWT' }, claims(), serviceRsa().privateKey)) }), status: 200, sub: 'user-1' },
    { name: 'HS256 keyed with the SPKI PEM', request: hmacWithPublicKey('HS256', () => serviceRsa().publicPem), ...INVALID },
    { name: 'HS256 keyed with the PEM, no final newline', request: hmacWithPublicKey('HS256', () => serviceRsa().publicPem.trimEnd()), ...INVALID },
    { name: 'HS256 keyed with the PKCS#1 PEM', request: hmacWithPublicKey('HS256', () => serviceRsa().pkcs1Pem), ...INVALID },
    { name: 'HS256 keyed with the JWK text', request: hmacWithPublicKey('HS256', () => serviceRsa().jwkText), ...INVALID },
    { name: 'HS256 keyed with the DER bytes', request: hmacWithPublicKey('HS256', () => serviceRsa().der), ...INVALID },
    { name: 'HS256 keyed with the base64 DER', request: hmacWithPublicKey('HS256', () => serviceRsa().der.toString('base64')), ...INVALID },
    { name: 'HS384 keyed with the SPKI PEM', request: hmacWithPublicKey('HS384', () => serviceRsa().publicPem, 'sha384'), ...INVALID },
    { name: 'HS512 keyed with the SPKI PEM', request: hmacWithPublicKey('HS512', () => serviceRsa().publicPem, 'sha512'), ...INVALID },
    { name: 'RS256 header, HMAC over the PEM', request: hmacWithPublicKey('RS256', () => serviceRsa().publicPem), ...INVALID },
    { name: 'RS256 signed by another key', request: () => ({ headers: bearer(rsaToken({ alg: 'RS256' }, claims(), attackerRsa().privateKey)) }), ...INVALID },
    { name: 'RS512 by the service key, not configured', request: () => ({ headers: bearer(rsaToken({ alg: 'RS512' }, claims(), serviceRsa().privateKey, 'sha512')) }), ...INVALID },
    { name: 'alg none', request: () => ({ headers: bearer(unsignedToken({ alg: 'none' }, claims())) }), ...INVALID },
  ],
};
