import { createVerifier } from 'fast-jwt';
import { jwtVerify } from 'jose';
import jwt from 'jsonwebtoken';
import type { AuthX } from '../src';
import { floorVerifier } from './floor';
import { AlgorithmKeys, BenchAlgorithm, RepeatedToken, SUBJECT, TokenPool, TokenSource } from './keys';
import { libraryVersion } from './machine';
import type { Operation } from './measure';
import { BenchRequest } from './request-context';

/** One row of the micro benchmarks. */
export interface MicroRow {
  /** Stable id, used by the targets and in `--json` output. */
  id: string;
  algorithm: BenchAlgorithm;
  label: string;
  /** Builds the operation, outside the timed loop, or returns why the library cannot run the row. */
  build(): Operation | string;
}

/** Sizes of the token slices of the rows that verify tokens not seen before. */
export interface PoolSettings {
  /** Slices per pool: one for the warm-up plus one per sample. */
  rounds: number;
  hmacSlice: number;
  asymmetricSlice: number;
}

/** Ids of the rows the performance targets compare. */
export const MICRO_IDS = {
  floor: 'HS256.floor',
  verifySeen: 'HS256.koa-authx.verifyRequest.seen',
  verifyUnseen: 'HS256.koa-authx.verifyRequest.unseen',
} as const;

/** Lists the micro benchmark rows of one algorithm, HS256 with the most rows. */
export function microRows(keys: AlgorithmKeys, pools: PoolSettings): MicroRow[] {
  const algorithm = keys.algorithm;
  const sliceSize = algorithm === 'HS256' ? pools.hmacSlice : pools.asymmetricSlice;
  let sharedPool: TokenPool | undefined;
  const libraryPool = () => (sharedPool ??= new TokenPool(keys, pools.rounds, sliceSize));
  const authxPool = () => new TokenPool(keys, pools.rounds, sliceSize);
  const row = (name: string, label: string, build: () => Operation | string): MicroRow => ({ id: `${algorithm}.${name}`, algorithm, label, build });

  const floorLabel = algorithm === 'HS256' ? 'floor: createHmac + JSON.parse of the payload' : 'floor: crypto.verify + JSON.parse of the payload';
  const rows: MicroRow[] = [row('floor', floorLabel, () => eachToken(libraryPool(), floorVerifier(algorithm, keys.verifyKey)))];

  rows.push(row('koa-authx.verifyRequest.unseen', 'koa-authx verifyRequest, token not seen before', () => withAuth(keys, (auth) => verifyRequests(auth, authxPool()))));
  if (algorithm === 'HS256') {
    rows.push(
      row('koa-authx.verifyRequest.seen', 'koa-authx verifyRequest, token seen recently', () => withAuth(keys, (auth) => verifyRequests(auth, new RepeatedToken(keys)))),
      row('koa-authx.decodeToken.unseen', 'koa-authx decodeToken, token not seen before', () => withAuth(keys, (auth) => eachToken(authxPool(), (token) => auth.decodeToken(token)))),
      row('koa-authx.decodeToken.seen', 'koa-authx decodeToken, token seen recently', () => withAuth(keys, (auth) => eachToken(new RepeatedToken(keys), (token) => auth.decodeToken(token)))),
      row('koa-authx.createAccessToken', 'koa-authx createAccessToken', () => withAuth(keys, (auth) => ({ async: false, run: () => auth.createAccessToken({ uid: SUBJECT }) }))),
    );
  }

  const jsonwebtoken = `jsonwebtoken ${libraryVersion('jsonwebtoken')}`;
  if (keys.secret !== undefined) {
    const secret = keys.secret;
    rows.push(row('jsonwebtoken.string', `${jsonwebtoken} verify, secret as a string`, () => eachToken(libraryPool(), (token) => jwt.verify(token, secret, { algorithms: [algorithm as jwt.Algorithm] }))));
  }
  rows.push(
    row('jsonwebtoken.KeyObject', `${jsonwebtoken} verify, KeyObject`, () => {
      if (algorithm === 'EdDSA') return 'jsonwebtoken 9 has no EdDSA';
      return eachToken(libraryPool(), (token) => jwt.verify(token, keys.verifyKey, { algorithms: [algorithm] }));
    }),
    row('jose.jwtVerify', `jose ${libraryVersion('jose')} jwtVerify, ${algorithm === 'HS256' ? 'Uint8Array secret' : 'KeyObject'}`, () => {
      const key = keys.secret !== undefined ? new TextEncoder().encode(keys.secret) : keys.verifyKey;
      return eachTokenAsync(libraryPool(), (token) => jwtVerify(token, key, { algorithms: [algorithm] }));
    }),
    row('fast-jwt.createVerifier', `fast-jwt ${libraryVersion('fast-jwt')} createVerifier, ${algorithm === 'HS256' ? 'string secret' : 'PEM key'}, no cache`, () => {
      const verify = createVerifier({ key: keys.verifyKeyText, algorithms: [algorithm] });
      return eachToken(libraryPool(), (token) => verify(token));
    }),
  );
  return rows;
}

function withAuth(keys: AlgorithmKeys, build: (auth: AuthX) => Operation): Operation | string {
  if (!keys.auth) return `koa-authx rejects the config: ${keys.unsupportedReason}`;
  return build(keys.auth);
}

/** Calls `verify` on each token of the round's slice, or on the one token of a repeated source. */
function eachToken(source: TokenSource, verify: (token: string) => unknown): Operation {
  let tokens: string[] = [];
  return {
    async: false,
    prepareRound(round) {
      tokens = source.slice(round);
      return source.limited ? tokens.length : undefined;
    },
    run: source.limited ? (i) => verify(tokens[i]) : () => verify(tokens[0]),
  };
}

function eachTokenAsync(source: TokenSource, verify: (token: string) => Promise<unknown>): Operation {
  return { ...eachToken(source, verify), async: true };
}

/**
 * Calls `auth.verifyRequest(ctx, {})` once per token, each time on a context reset to look like
 * a new request carrying `Authorization: Bearer <token>`.
 */
function verifyRequests(auth: AuthX, source: TokenSource): Operation {
  const request = new BenchRequest();
  let headers: string[] = [];
  return {
    async: true,
    prepareRound(round) {
      // Flat strings, as Node's HTTP parser produces, built outside the timed loop.
      headers = source.slice(round).map((token) => Buffer.from(`Bearer ${token}`, 'latin1').toString('latin1'));
      return source.limited ? headers.length : undefined;
    },
    run: source.limited ? (i) => auth.verifyRequest(request.startRequest(headers[i]), {}) : () => auth.verifyRequest(request.startRequest(headers[0]), {}),
  };
}
