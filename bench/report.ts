import { HTTP_IDS } from './http';
import type { CpuShare } from './cpu-account';
import type { MachineInfo } from './machine';
import { median } from './measure';
import { MICRO_IDS } from './micro';

/** The result of one row, measured or not. */
export interface RowResult {
  id: string;
  part: 'micro' | 'http';
  label: string;
  algorithm?: string;
  status: 'ok' | 'not supported' | 'skipped' | 'error';
  /** Reason the row was not measured, or the error it raised. */
  note?: string;
  opsPerSecond?: number;
  /** Median of the samples. */
  microsecondsPerOp?: number;
  /** Microseconds per call of each sample, in the order the samples ran. */
  samples?: number[];
  /** Median of the rounds. */
  requestsPerSecond?: number;
  /** Median of the rounds' p99 latencies. */
  p99Ms?: number;
  /** Requests per second of each round, in the order the rounds ran. */
  roundRates?: number[];
}

/** One performance target: a ratio of two rows against a limit. */
export interface TargetResult {
  target: string;
  ratio?: number;
  /** `met`, `not met`, or `not measured` when a row it needs has no number. */
  result: 'met' | 'not met' | 'not measured';
  detail: string;
}

/** Everything one run prints, also the shape of `--json`. */
export interface BenchReport {
  command: string;
  date: string;
  machine: MachineInfo;
  /** CPU time of the run and of other processes. Undefined where /proc is missing. */
  cpu?: CpuShare;
  settings: string[];
  rows: RowResult[];
  targets: TargetResult[];
}

/** Compares the rows against the performance targets of the project. */
export function evaluateTargets(rows: RowResult[]): TargetResult[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const micro = (id: string) => byId.get(id)?.samples;
  const http = (id: string) => byId.get(id)?.roundRates;

  return [
    microTarget('uncached HS256 verifyRequest <= 2.5x the floor', micro(MICRO_IDS.verifyUnseen), micro(MICRO_IDS.floor), 2.5),
    microTarget('cached HS256 verifyRequest <= 0.5x the floor', micro(MICRO_IDS.verifySeen), micro(MICRO_IDS.floor), 0.5),
    httpTarget('@Authorized() route >= 0.85x the same route without it', http(HTTP_IDS.controllersAuthorized), http(HTTP_IDS.controllersOpen), 0.85),
    httpTarget('auth.accessTokenRequired route >= 15x koa-jwt on the same route', http(HTTP_IDS.koaGuard), http(HTTP_IDS.koaJwt), 15),
  ];
}

/** Compares two micro rows sample by sample: the samples of one round ran within a second or two. */
function microTarget(target: string, measured: number[] | undefined, floor: number[] | undefined, limit: number): TargetResult {
  if (!measured || !floor || measured.length !== floor.length) return { target, result: 'not measured', detail: 'a row it compares has no number' };
  const ratios = measured.map((micros, sample) => micros / floor[sample]);
  const ratio = median(ratios);
  const detail = `${ratio.toFixed(2)}x, the median of ${describeRatios(ratios)} (medians ${formatMicros(median(measured))} against ${formatMicros(median(floor))} per op)`;
  return { target, ratio, result: ratio <= limit ? 'met' : 'not met', detail };
}

/**
 * Compares two HTTP rows round by round: each round loads both routes seconds apart, so the
 * median of the per-round ratios is less sensitive to other load on the machine than the ratio
 * of the two medians.
 */
function httpTarget(target: string, measured: number[] | undefined, baseline: number[] | undefined, limit: number): TargetResult {
  if (!measured || !baseline || measured.length !== baseline.length) return { target, result: 'not measured', detail: 'a row it compares has no number' };
  const ratios = measured.map((rate, round) => rate / baseline[round]);
  const ratio = median(ratios);
  const detail = `${ratio.toFixed(2)}x, the median of ${describeRatios(ratios)} (medians ${formatCount(median(measured))} against ${formatCount(median(baseline))} req/s)`;
  return { target, ratio, result: ratio >= limit ? 'met' : 'not met', detail };
}

function describeRatios(ratios: number[]): string {
  return `${ratios.length} per-round ratios from ${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)}`;
}

/** Formats the report as a Markdown table followed by the targets. */
export function formatReport(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    `koa-authx benchmark, ${report.date}: \`${report.command}\``,
    `Node ${machine.node}, ${machine.cores} cores, ${machine.cpuModel}, ${machine.platform}, 1-minute load average ${machine.loadAverage.toFixed(2)} at the start`,
    ...report.settings,
    ...(report.cpu ? [describeCpu(report.cpu, machine.cores)] : []),
    '',
    '| part | benchmark | alg | rate | time | note |',
    '|---|---|---|---:|---:|---|',
    ...report.rows.map(formatRow),
    '',
    'Targets:',
    ...report.targets.map((target) => `- ${target.result}: ${target.target}: ${target.detail}`),
  ];
  return lines.join('\n');
}

function describeCpu(cpu: CpuShare, cores: number): string {
  const percent = (seconds: number) => `${((100 * seconds) / (cpu.wallSeconds * cores)).toFixed(0)}%`;
  return `CPU over the ${Math.round(cpu.wallSeconds)} s run: this benchmark and its servers ${percent(cpu.benchCpuSeconds)} of the ${cores} cores, other processes ${percent(cpu.otherCpuSeconds)}.`;
}

function formatRow(row: RowResult): string {
  const note = row.status === 'ok' ? '' : `${row.status}${row.note ? `: ${row.note.replace(/\|/g, '/')}` : ''}`;
  let rate = '';
  let time = '';
  if (row.opsPerSecond !== undefined && row.microsecondsPerOp !== undefined) {
    rate = `${formatCount(row.opsPerSecond)} ops/s`;
    time = `${formatMicros(row.microsecondsPerOp)}/op`;
  } else if (row.requestsPerSecond !== undefined && row.p99Ms !== undefined) {
    rate = `${formatCount(row.requestsPerSecond)} req/s`;
    time = `p99 ${row.p99Ms} ms`;
  }
  return `| ${row.part} | ${row.label} | ${row.algorithm ?? ''} | ${rate} | ${time} | ${note} |`;
}

function formatCount(value: number): string {
  const digits = value >= 1000 ? 3 : 2;
  return Number(value.toPrecision(digits)).toLocaleString('en-US');
}

function formatMicros(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toString()} µs`;
}
