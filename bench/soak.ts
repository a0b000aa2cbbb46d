import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AuthX } from '../src';
import type { LoopDelay, SoakServerMessage } from './soak-server';
import { CookieSession, Exchange, SoakClient, TokenPools, cookieLogin, pickScenario, prepareTokens } from './soak-scenarios';

const USAGE = `Usage: npm run soak -- [--seconds N] [--connections C]

Sends a mix of valid, expired, forged, revoked and cookie+CSRF requests to examples/complete,
served by a child process on 127.0.0.1, then prints a summary. Stops by itself.
  --seconds N      length of the load, 1 to 3600 (default 30)
  --connections C  concurrent requests, 1 to 256 (default 32)`;

/** Tokens minted per pool before the load starts. */
const POOL_SIZE = 200;

interface Options {
  seconds: number;
  connections: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '30' },
      connections: { type: 'string', default: '32' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }

  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  if (!(seconds >= 1 && seconds <= 3600)) throw new TypeError(`--seconds must be between 1 and 3600, got ${values.seconds}`);
  if (!(Number.isInteger(connections) && connections >= 1 && connections <= 256)) throw new TypeError(`--connections must be an integer from 1 to 256, got ${values.connections}`);
  return { seconds, connections };
}

/** The examples/complete server in a child process, so the load generator does not share its event loop. */
class SoakServer {
  private readonly waiting: ((message: SoakServerMessage) => void)[] = [];

  private constructor(private readonly child: ChildProcess, readonly port: number, readonly startRss: number) {
    child.on('message', (message: SoakServerMessage) => {
      if (message.type === 'stats') this.waiting.shift()?.(message);
    });
  }

  /**
   * Forks bench/soak-server.ts with ts-node and resolves once it listens.
   *
   * @throws Error when the child exits first or does not listen within 60 seconds.
   */
  static async start(env: NodeJS.ProcessEnv): Promise<SoakServer> {
    const child = fork(path.join(__dirname, 'soak-server.ts'), [], {
      execArgv: ['--require', 'ts-node/register/transpile-only'],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const listening = await new Promise<{ port: number; rss: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('soak server did not listen within 60 s')), 60_000);
      child.once('message', (message: SoakServerMessage) => {
        clearTimeout(timer);
        if (message.type === 'listening') resolve(message);
        else reject(new Error(`soak server sent ${message.type} before listening`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`soak server exited (${signal ?? `code ${code}`}) before listening`));
      });
    });
    return new SoakServer(child, listening.port, listening.rss);
  }

  /** Asks the server for its memory and event-loop delay; the interval histogram restarts. */
  stats(): Promise<Extract<SoakServerMessage, { type: 'stats' }>> {
    return new Promise((resolve) => {
      this.waiting.push(resolve as (message: SoakServerMessage) => void);
      this.child.send({ type: 'stats' });
    });
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill();
  }
}

/** Counts of everything the load loop saw. */
class Tally {
  requests = 0;
  clientErrors = 0;
  readonly statuses = new Map<number, number>();
  readonly unexpected = new Map<string, number>();
  readonly firstClientErrors: string[] = [];

  record(exchanges: Exchange[]): void {
    for (const exchange of exchanges) {
      this.requests++;
      this.statuses.set(exchange.status, (this.statuses.get(exchange.status) ?? 0) + 1);
      if (exchange.status !== exchange.expected) {
        const key = `${exchange.label}: expected ${exchange.expected}, got ${exchange.status}`;
        this.unexpected.set(key, (this.unexpected.get(key) ?? 0) + 1);
      }
    }
  }

  recordError(error: unknown): void {
    this.clientErrors++;
    if (this.firstClientErrors.length < 5) this.firstClientErrors.push(error instanceof Error ? error.message : String(error));
  }

  get serverErrors(): number {
    return [...this.statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  }

  get unexpectedCount(): number {
    return [...this.unexpected.values()].reduce((sum, count) => sum + count, 0);
  }

  /** Lists the status counts in status order: "200: 10, 401: 3". */
  describeStatuses(): string {
    const sorted = [...this.statuses].sort(([a], [b]) => a - b);
    return sorted.map(([status, count]) => `${status}: ${count}`).join(', ');
  }

  /** Lists each unexpected outcome on its own indented line, with its count. */
  describeUnexpected(): string {
    return [...this.unexpected].map(([outcome, count]) => `\n    ${count} x ${outcome}`).join('');
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function describeDelay(delay: LoopDelay): string {
  return `mean ${delay.mean} ms, p50 ${delay.p50} ms, p99 ${delay.p99} ms, max ${delay.max} ms`;
}

async function runWorker(client: SoakClient, pools: TokenPools, auth: AuthX<any>, deadline: number, tally: Tally): Promise<void> {
  let session: CookieSession | undefined;
  while (Date.now() < deadline) {
    try {
      session ??= await cookieLogin(client);
      tally.record(await pickScenario().run(client, pools, session, auth));
    } catch (error) {
      tally.recordError(error);
    }
  }
}

async function main(): Promise<number> {
  const options = readOptions();

  // examples/complete/auth.ts reads these when it is imported, in this process and the child alike.
  const secret = process.env.JWT_SECRET_KEY || randomBytes(32).toString('base64url');
  process.env.JWT_SECRET_KEY = secret;
  delete process.env.REDIS_URL;
  const env = { ...process.env, NODE_ENV: 'development' };
  const { auth } = await import('../examples/complete/auth');

  const server = await SoakServer.start(env);
  const hardStop = setTimeout(() => {
    console.error('soak did not finish within --seconds + 120 s; stopping');
    server.stop();
    process.exit(1);
  }, (options.seconds + 120) * 1000);
  hardStop.unref();

  const client = new SoakClient(server.port, options.connections);
  const tally = new Tally();
  try {
    const pools = await prepareTokens(auth, secret, client, POOL_SIZE);
    console.log(`soak: examples/complete on 127.0.0.1:${server.port}, ${options.connections} connections, ${options.seconds} s`);

    const started = Date.now();
    const deadline = started + options.seconds * 1000;
    const workers = Array.from({ length: options.connections }, () => runWorker(client, pools, auth, deadline, tally));

    const progressEvery = Math.min(5, Math.max(1, options.seconds / 6)) * 1000;
    let lastRequests = 0;
    let lastTime = started;
    const progress = setInterval(async () => {
      const now = Date.now();
      const stats = await server.stats();
      const rate = ((tally.requests - lastRequests) * 1000) / (now - lastTime);
      lastRequests = tally.requests;
      lastTime = now;
      console.log(`${((now - started) / 1000).toFixed(0).padStart(5)} s  ${String(tally.requests).padStart(8)} requests  ${rate.toFixed(0).padStart(6)} req/s  5xx ${tally.serverErrors}  unexpected ${tally.unexpectedCount}  server RSS ${megabytes(stats.rss)}  loop p99 ${stats.interval.p99} ms`);
    }, progressEvery);

    await Promise.all(workers);
    clearInterval(progress);
    const elapsed = (Date.now() - started) / 1000;
    const stats = await server.stats();

    console.log('\nsoak summary');
    console.log(`  duration            ${elapsed.toFixed(1)} s, ${options.connections} connections`);
    console.log(`  requests            ${tally.requests} (${(tally.requests / elapsed).toFixed(0)} req/s)`);
    console.log(`  status counts       ${tally.describeStatuses()}`);
    console.log(`  5xx responses       ${tally.serverErrors}`);
    console.log(`  unexpected status   ${tally.unexpectedCount}${tally.describeUnexpected()}`);
    console.log(`  client errors       ${tally.clientErrors}${tally.firstClientErrors.map((message) => `\n    ${message}`).join('')}`);
    console.log(`  event-loop delay    ${describeDelay(stats.total)} (server process)`);
    console.log(`  server RSS          start ${megabytes(server.startRss)}, end ${megabytes(stats.rss)}, growth ${megabytes(stats.rss - server.startRss)}; heap used ${megabytes(stats.heapUsed)}`);
    console.log(`  load generator RSS  ${megabytes(process.memoryUsage().rss)}`);

    const failed = tally.serverErrors > 0 || tally.unexpectedCount > 0 || tally.clientErrors > 0;
    console.log(failed ? '\nsoak FAILED' : '\nsoak passed');
    return failed ? 1 : 0;
  } finally {
    client.close();
    server.stop();
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
