import { expect } from 'chai';
import type { ConformanceRow, ConformanceTable } from '../../support/conformance';
import { rsaToken } from '../../support/forge';
import { ConnectRecorder, ConnectionTrap } from '../../support/outbound';
import { attackerRsa, bearer, claims, rs256Service, serviceRsa } from './fixtures';

const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };

let trap: ConnectionTrap | undefined;
let recorder: ConnectRecorder | undefined;

function trapUrl(path: string): string {
  if (!trap) throw new Error('the connection trap is not running');
  return `${trap.url}${path}`;
}

/** Header parameters that name or carry the attacker's key, in each of the four forms. */
function attackerKeyHeaders(): Record<string, Record<string, unknown>> {
  const attacker = attackerRsa();
  return {
    jku: { jku: trapUrl('/jwks.json') },
    'jku naming localhost': { jku: trapUrl('/jwks.json').replace('127.0.0.1', 'localhost') },
    x5u: { x5u: trapUrl('/cert.pem') },
    jwk: { jwk: JSON.parse(attacker.jwkText) },
    // Real x5c values are DER certificates; an SPKI is enough to show the value is never read.
    x5c: { x5c: [attacker.der.toString('base64')] },
  };
}

function signedBy(signer: 'attacker' | 'service', parameter: string): ConformanceRow['request'] {
  return () => {
    const key = signer === 'attacker' ? attackerRsa().privateKey : serviceRsa().privateKey;
    return { headers: bearer(rsaToken({ alg: 'RS256', typ: 'JWT', ...attackerKeyHeaders()[parameter] }, claims(), key)) };
  };
}

const PARAMETERS = ['jku', 'jku naming localhost', 'x5u', 'jwk', 'x5c'];

/**
 * RFC 8725, section 3.10: following a `jku` or `x5u` URL from a token is a server-side
 * request forgery, and trusting an embedded `jwk` or `x5c` lets anyone sign. koa-authx
 * ignores all four: a token signed by an attacker's key fails whatever it names, a token
 * signed by the service key passes whatever it names, and no socket is opened to any URL.
 * The URLs point only at a trap on this machine, so a regression cannot reach another host.
 */
export const headerKeysTable: ConformanceTable = {
  title: 'jku, x5u, jwk and x5c ignored (RS256 service)',
  service: (logger) => rs256Service(logger),
  before: async () => {
    trap = await ConnectionTrap.start();
    recorder = new ConnectRecorder();
    recorder.start();
  },
  after: async () => {
    recorder?.stop();
    await trap?.close();
    trap = undefined;
  },
  rows: [
    ...PARAMETERS.map((parameter) => ({ name: `${parameter}, attacker's signature`, request: signedBy('attacker', parameter), ...INVALID })),
    ...PARAMETERS.map((parameter) => ({ name: `${parameter}, service's signature passes`, request: signedBy('service', parameter), status: 200, sub: 'user-1' })),
  ],
  checks: [
    {
      name: 'trap received no connection',
      run: () => {
        expect(trap?.connections).to.equal(0);
      },
    },
    {
      name: 'sockets opened only to the test server',
      run: () => {
        const targets = new Set(recorder?.targets);
        expect(targets.size, [...targets].join(', ')).to.equal(1);
        expect([...targets][0]).to.match(/^127\.0\.0\.1:\d+$/);
        expect([...targets][0]).not.to.equal(`127.0.0.1:${trap?.port}`);
      },
    },
  ],
};
