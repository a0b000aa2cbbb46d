import { expect } from 'chai';
import { FUZZ_PROPERTIES } from '../support/fuzz/properties';
import { FuzzTarget } from '../support/fuzz/target';

/**
 * Runs of all properties together in `npm test`, about 6 s on a 2-core machine;
 * `npm run fuzz -- --runs N` runs more.
 */
const RUNS = 12000;

describe('fuzz against a live app', () => {
  const target = new FuzzTarget();
  const uncaught: unknown[] = [];
  const consoleErrors: unknown[][] = [];
  const recordUncaught = (error: unknown) => uncaught.push(error);
  const originalConsoleError = console.error;

  before(async () => {
    process.on('unhandledRejection', recordUncaught);
    // Koa prints errors it cannot send as a response, such as a socket failing mid-response.
    console.error = (...args: unknown[]) => consoleErrors.push(args);
    await target.start();
  });

  after(async () => {
    process.off('unhandledRejection', recordUncaught);
    console.error = originalConsoleError;
    await target.close();
  });

  for (const { property, share } of FUZZ_PROPERTIES) {
    it(property.name, async function () {
      this.timeout(60_000);
      await property.check(target, Math.round(RUNS * share));
    });
  }

  it('valid token still passes', async () => {
    const token = target.auth.createAccessToken({ uid: 'user-1' });
    const response = await target.send({ method: 'GET', path: '/fuzz/resource', headers: { authorization: `Bearer ${token}` } });
    expect(response.status).to.equal(200);
    expect(JSON.parse(response.text)).to.deep.equal({ sub: 'user-1' });
  });

  it('no 500 logged', () => {
    expect(target.logger.errors).to.deep.equal([]);
  });

  it('no Koa error output', () => {
    expect(consoleErrors).to.deep.equal([]);
  });

  it('no unhandled rejection', () => {
    expect(uncaught).to.deep.equal([]);
  });
});
