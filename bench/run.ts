import 'reflect-metadata';
import { CpuAccount, CpuShare } from './cpu-account';
import { HttpSuiteSettings, runHttpSuite } from './http-suite';
import { describeMachine } from './machine';
import type { MeasureSettings } from './measure';
import type { PoolSettings } from './micro';
import { runMicroSuite } from './micro-suite';
import { BenchOptions, USAGE, parseOptions } from './options';
import { profileUncachedVerify } from './profile';
import { BenchReport, RowResult, evaluateTargets, formatReport } from './report';

const FULL_SAMPLES = 7;
const QUICK_SAMPLES = 3;

/** Budgets of a full run and of `--quick`, which keeps the whole run under a minute on 2 cores. */
const MODES: Record<'full' | 'quick', { measure: MeasureSettings; pools: PoolSettings; httpWarmupSeconds: number; httpRounds: number }> = {
  full: {
    measure: { warmupMs: 300, sampleMs: 400, samples: FULL_SAMPLES },
    pools: { rounds: FULL_SAMPLES + 1, hmacSlice: 10_000, asymmetricSlice: 1_500 },
    httpWarmupSeconds: 2,
    httpRounds: 10,
  },
  quick: {
    measure: { warmupMs: 100, sampleMs: 150, samples: QUICK_SAMPLES },
    pools: { rounds: QUICK_SAMPLES + 1, hmacSlice: 5_000, asymmetricSlice: 300 },
    httpWarmupSeconds: 1,
    httpRounds: 2,
  },
};

type Mode = (typeof MODES)['full'];

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function main(): Promise<void> {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  if (options.profile) {
    console.log(await profileUncachedVerify(progress));
    return;
  }

  const mode = MODES[options.quick ? 'quick' : 'full'];
  const http: HttpSuiteSettings = {
    connections: options.connections,
    warmupSeconds: mode.httpWarmupSeconds,
    durationSeconds: options.duration,
    // Rounds of at least one second, because autocannon counts requests per second.
    rounds: Math.max(1, Math.min(mode.httpRounds, Math.floor(options.duration))),
  };
  const machine = describeMachine();

  const started = Date.now();
  const account = new CpuAccount();
  const rows: RowResult[] = [];
  if (options.only !== 'http') rows.push(...(await runMicroSuite(mode.measure, mode.pools, progress)));
  if (options.only !== 'micro') rows.push(...(await runHttpSuite(http, account, progress)));
  const cpu = account.finish();
  progress(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  if (cpu) warnAboutOtherLoad(cpu, machine.cores);

  const report: BenchReport = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    date: new Date().toISOString().slice(0, 10),
    machine,
    cpu,
    settings: describeSettings(options, mode, http),
    rows,
    targets: evaluateTargets(rows),
  };
  console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
}

/** Share of the machine other processes may use before the numbers are flagged as disturbed. */
const OTHER_LOAD_LIMIT = 0.05;

function warnAboutOtherLoad(cpu: CpuShare, cores: number): void {
  const share = cpu.otherCpuSeconds / (cpu.wallSeconds * cores);
  if (share > OTHER_LOAD_LIMIT) {
    progress(`warning: other processes used ${(100 * share).toFixed(0)}% of the ${cores} cores during the run, so the numbers are lower and noisier than on an idle machine`);
  }
}

function describeSettings(options: BenchOptions, mode: Mode, http: HttpSuiteSettings): string[] {
  const { measure: budget, pools } = mode;
  const settings: string[] = [];
  if (options.only !== 'http') {
    settings.push(
      `micro: in this process, per algorithm a ${budget.warmupMs} ms warm-up of every row, then ${budget.samples} rounds running every row in turn for at most ${budget.sampleMs} ms; each row reports its median; `
      + `"not seen before" rows verify each token once, at most ${pools.hmacSlice.toLocaleString('en-US')} HS256 or ${pools.asymmetricSlice.toLocaleString('en-US')} other tokens per sample.`,
    );
  }
  if (options.only !== 'micro') {
    settings.push(
      `HTTP: each server in its own child process (fork), autocannon in this process, ${http.connections} connections, the same valid token on every request; `
      + `per row a ${http.warmupSeconds} s warm-up, then the median of ${http.rounds} rounds of ${+(http.durationSeconds / http.rounds).toFixed(2)} s, each round loading every route in turn.`,
    );
  }
  return settings;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
