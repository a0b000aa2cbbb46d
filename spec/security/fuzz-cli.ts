import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { FUZZ_PROPERTIES } from '../support/fuzz/properties';
import { FuzzTarget } from '../support/fuzz/target';

const USAGE = `Usage: npm run fuzz -- [--runs N] [--seed S] [--max-seconds T]

Fuzzes a koa-authx app listening on 127.0.0.1 with the properties of spec/security/fuzz.spec.ts.
  --runs N         runs of all properties together, split as in the spec (default 20000)
  --seed S         seed of the first chunk of each property; chunk i uses S + i (default: random)
  --max-seconds T  start no new chunk after T seconds (default 600)`;

/** Runs per fast-check call, so progress is printed and a failure names a short chunk to replay. */
const CHUNK_RUNS = 2000;

interface Options {
  runs: number;
  seed: number;
  maxSeconds: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20000' },
      seed: { type: 'string' },
      'max-seconds': { type: 'string', default: '600' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }

  const runs = Number(values.runs);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  const maxSeconds = Number(values['max-seconds']);
  if (!Number.isInteger(runs) || runs < 1) throw new TypeError(`--runs must be a positive integer, got ${values.runs}`);
  if (!Number.isInteger(seed)) throw new TypeError(`--seed must be an integer, got ${values.seed}`);
  if (!(maxSeconds > 0)) throw new TypeError(`--max-seconds must be a positive number, got ${values['max-seconds']}`);
  return { runs, seed, maxSeconds };
}

async function main(): Promise<number> {
  const options = readOptions();
  const started = Date.now();
  const deadline = started + options.maxSeconds * 1000;
  const problems: string[] = [];
  process.on('unhandledRejection', (error) => problems.push(`unhandled rejection: ${String(error)}`));
  process.on('uncaughtException', (error) => problems.push(`uncaught exception: ${error.stack ?? String(error)}`));

  const target = new FuzzTarget();
  await target.start();
  console.log(`fuzz target on 127.0.0.1:${target.port}, ${options.runs} runs, base seed ${options.seed}`);

  // Koa prints errors it cannot send as a response, such as a socket failing mid-response.
  const originalConsoleError = console.error;
  console.error = (...args: unknown[]) => problems.push(`console.error: ${args.map(String).join(' ')}`);

  let completed = 0;
  try {
    for (const { property, share } of FUZZ_PROPERTIES) {
      const total = Math.max(1, Math.round(options.runs * share));
      for (let done = 0, chunk = 0; done < total && Date.now() < deadline; chunk++) {
        const runs = Math.min(CHUNK_RUNS, total - done);
        const seed = options.seed + chunk;
        try {
          await property.check(target, runs, seed);
        } catch (error) {
          problems.push(`${property.name} failed (replay with --seed ${seed} --runs ${Math.round(runs / share)}):\n${(error as Error).message}`);
          break;
        }
        done += runs;
        completed += runs;
        console.log(`${property.name}: ${done}/${total} runs, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    }

    const token = target.auth.createAccessToken({ uid: 'user-1' });
    const response = await target.send({ method: 'GET', path: '/fuzz/resource', headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) problems.push(`valid token afterwards got ${response.status}: ${response.text}`);
    if (target.logger.errors.length > 0) problems.push(`${target.logger.errors.length} errors logged as 500s, the first: ${target.logger.errors[0].message}`);
  } finally {
    console.error = originalConsoleError;
    await target.close();
  }

  const seconds = (Date.now() - started) / 1000;
  console.log(`\n${completed} runs in ${seconds.toFixed(1)} s${Date.now() >= deadline ? ' (stopped at --max-seconds)' : ''}`);
  for (const problem of problems) console.error(`\n${problem}`);
  console.log(problems.length === 0 ? 'no property failed' : `${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(2);
});
