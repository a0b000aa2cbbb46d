import { BENCH_ALGORITHMS, prepareKeys } from './keys';
import { MeasureSettings, measureInterleaved, median, Operation } from './measure';
import { MicroRow, PoolSettings, microRows } from './micro';
import type { RowResult } from './report';

/**
 * Runs the micro benchmarks, one algorithm at a time, with the rows of an algorithm measured in
 * interleaved rounds in this process. Each row reports the median of its samples.
 */
export async function runMicroSuite(budget: MeasureSettings, pools: PoolSettings, progress: (message: string) => void): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for (const algorithm of BENCH_ALGORITHMS) {
    progress(`micro ${algorithm}: generating keys and tokens`);
    const built = microRows(prepareKeys(algorithm), pools).map((row) => buildRow(row, progress));
    const runnable = built.filter((entry): entry is { row: MicroRow; operation: Operation } => entry.operation !== undefined);

    const measured = await measureInterleaved(runnable.map((entry) => entry.operation), budget, (round) => {
      progress(round === 0 ? `micro ${algorithm}: warm-up` : `micro ${algorithm}: sample ${round}/${budget.samples}`);
    });
    const outcomes = new Map(runnable.map((entry, index) => [entry.row, measured[index]]));

    for (const entry of built) {
      const base = { id: entry.row.id, part: 'micro' as const, label: entry.row.label, algorithm };
      const outcome = outcomes.get(entry.row);
      if (entry.unsupported !== undefined) {
        results.push({ ...base, status: 'not supported', note: entry.unsupported });
      } else if (outcome === undefined || outcome instanceof Error) {
        const note = entry.error ?? outcome?.message ?? 'not measured';
        results.push({ ...base, status: 'error', note });
        progress(`  ${entry.row.label}: failed: ${note}`);
      } else {
        const samples = outcome.map((nanoseconds) => nanoseconds / 1000);
        const microsecondsPerOp = median(samples);
        results.push({ ...base, status: 'ok', opsPerSecond: 1e6 / microsecondsPerOp, microsecondsPerOp, samples });
        progress(`  ${entry.row.label}: ${Math.round(1e6 / microsecondsPerOp).toLocaleString('en-US')} ops/s, ${microsecondsPerOp.toFixed(2)} µs/op`);
      }
    }
  }
  return results;
}

function buildRow(row: MicroRow, progress: (message: string) => void): { row: MicroRow; operation?: Operation; unsupported?: string; error?: string } {
  try {
    const operation = row.build();
    if (typeof operation !== 'string') return { row, operation };
    progress(`  ${row.label}: not supported: ${operation}`);
    return { row, unsupported: operation };
  } catch (error) {
    return { row, error: (error as Error).message };
  }
}
