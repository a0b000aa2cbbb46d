import { inspect } from 'node:util';
import { expect } from 'chai';
import { Authorized, Get, JsonController } from 'routing-controllers';
import type { AuthX } from '../../src';
import { MemoryLogger, controllerApp } from '../support/apps';
import { ConformanceController, sendRow } from '../support/conformance';
import { TestServer } from '../support/http';
import { SECRET } from '../support/tokens';
import { CONFORMANCE_TABLES } from './tables';
import { hs256Service } from './tables/fixtures';

@JsonController('/logging')
class FailingController {
  @Authorized()
  @Get('/failure')
  fail() {
    throw new Error('database unreachable');
  }
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Returns the key material of a service's config, split into lines of at least 10 characters. */
function keyMaterial(auth: AuthX<any>): string[] {
  const config = auth.config;
  const values = [config.JWT_SECRET_KEY, config.JWT_PRIVATE_KEY, ...[config.JWT_PREVIOUS_SECRET_KEY ?? []].flat()];
  return values
    .filter((value): value is string => typeof value === 'string')
    .flatMap((value) => value.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.length >= 10 && !line.startsWith('-----'));
}

/** Everything the logger received, with error objects written out in full. */
function loggedText(logger: MemoryLogger): string {
  const errors = logger.errors.map(({ message, error }) => `${message}\n${inspect(error, { depth: 10, showHidden: true })}`);
  return [...logger.warnings, ...errors].join('\n');
}

describe('logs of the conformance tables', () => {
  const logger = new MemoryLogger();
  const consoleOutput: string[] = [];
  const credentials = new Set<string>();
  const secrets = new Set<string>();
  let rowsSent = 0;

  before(async function () {
    this.timeout(60_000);
    const originals = CONSOLE_METHODS.map((method) => console[method]);
    for (const method of CONSOLE_METHODS) {
      console[method] = (...args: unknown[]) => {
        consoleOutput.push(args.map((arg) => inspect(arg)).join(' '));
      };
    }

    try {
      for (const table of CONFORMANCE_TABLES) {
        await table.before?.();
        const auth = table.service(logger);
        const server = await TestServer.start(controllerApp(auth, [ConformanceController]));
        try {
          for (const row of table.rows) {
            const { fragments } = await sendRow(server, auth, row);
            fragments.forEach((fragment) => credentials.add(fragment));
            rowsSent++;
          }
        } finally {
          await server.close();
          await table.after?.();
        }
        keyMaterial(auth).forEach((line) => secrets.add(line));
      }
    } finally {
      CONSOLE_METHODS.forEach((method, index) => {
        console[method] = originals[index] as never;
      });
    }
  });

  it('every row was sent', () => {
    expect(rowsSent).to.equal(CONFORMANCE_TABLES.reduce((sum, table) => sum + table.rows.length, 0));
    expect(credentials.size, 'credential pieces collected').to.be.greaterThan(100);
    expect(secrets.size, 'key material collected').to.be.greaterThan(1);
  });

  it('store failure was logged', () => {
    expect(logger.errors.map(({ message }) => message)).to.deep.equal([
      'revocation store failed, so requests are rejected with 401 until it recovers',
    ]);
  });

  it('no token or cookie value in logs', () => {
    const text = loggedText(logger);
    for (const credential of credentials) expect(text, 'a credential was logged').not.to.include(credential);
  });

  it('no key material in logs', () => {
    const text = loggedText(logger);
    for (const secret of secrets) expect(text, 'key material was logged').not.to.include(secret);
  });

  it('nothing written to the console', () => {
    expect(consoleOutput).to.deep.equal([]);
  });
});

describe('log of a 500', () => {
  it('names the error, not the request', async () => {
    const logger = new MemoryLogger();
    const auth = hs256Service(logger, { JWT_TOKEN_LOCATION: ['headers', 'cookies'] });
    const server = await TestServer.start(controllerApp(auth, [FailingController]));
    const token = auth.createAccessToken({ uid: 'user-1' });
    try {
      const response = await server.get('/logging/failure', { authorization: `Bearer ${token}`, cookie: `access_token_cookie=${token}` });
      expect(response.status).to.equal(500);
    } finally {
      await server.close();
    }

    const text = loggedText(logger);
    expect(text).to.include('database unreachable');
    for (const segment of token.split('.')) expect(text, 'token logged').not.to.include(segment);
    expect(text, 'secret logged').not.to.include(SECRET);
  });
});
