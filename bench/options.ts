import { parseArgs } from 'node:util';

/** Settings of one benchmark run, from the command line. */
export interface BenchOptions {
  /** Seconds of measured load per HTTP row, after a warm-up. */
  duration: number;
  /** Concurrent connections autocannon keeps open. */
  connections: number;
  /** Small samples and short HTTP rows, so the whole run takes under a minute. */
  quick: boolean;
  /** Print the results as JSON on stdout instead of the Markdown table. */
  json: boolean;
  /** Profile the uncached verify path with `node --cpu-prof` instead of running the benchmark. */
  profile: boolean;
  /** Which parts to run. */
  only?: 'micro' | 'http';
}

export const USAGE = `Usage: npm run bench -- [options]

  --duration SECONDS     measured load per HTTP row, after a warm-up (default 10; 2 with --quick)
  --connections N        concurrent autocannon connections (default 50)
  --quick                small samples and 2-second HTTP rows: the whole run takes under a minute
  --only micro|http      run only the micro benchmarks or only the HTTP rows
  --json                 print the results as JSON instead of the Markdown table
  --profile              profile the uncached HS256 verify path with node --cpu-prof (V8
                         inlining off) and print the functions with the most self time
  --help                 print this text

Progress goes to stderr, the results to stdout.`;

/** Parses `argv` (without node and the script); throws a TypeError naming the bad option. */
export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      json: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';

  const quick = values.quick === true;
  const only = values.only;
  if (only !== undefined && only !== 'micro' && only !== 'http') {
    throw new TypeError(`--only must be "micro" or "http", got "${only}"`);
  }
  return {
    duration: positiveNumber('--duration', values.duration, quick ? 2 : 10),
    connections: positiveInteger('--connections', values.connections, 50),
    quick,
    json: values.json === true,
    profile: values.profile === true,
    only,
  };
}

function positiveNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number of seconds, got "${text}"`);
  return value;
}

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer, got "${text}"`);
  return value;
}
