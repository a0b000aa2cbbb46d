/** One measured operation, called with the index of the call within the current round. */
export interface Operation {
  run(i: number): unknown;
  /** Whether `run` returns a promise, which the loop awaits before the next call. */
  async: boolean;
  /**
   * Called before each round, outside the timed loop: round 0 is the warm-up, then one per
   * sample. Returns the maximum number of calls in that round (the size of a token slice), or
   * undefined for no limit.
   */
  prepareRound?(round: number): number | undefined;
}

/** Time budgets of the micro benchmarks, in milliseconds. */
export interface MeasureSettings {
  warmupMs: number;
  sampleMs: number;
  samples: number;
}

/** Calls between two clock reads; small enough to stop close to the budget of a slow operation. */
const CHECK_EVERY = 16;

/** Receives every result, so the optimizer cannot drop a call whose result is unused. */
let sink: unknown;

/**
 * Measures `operations` in interleaved rounds: a warm-up round of each, then `samples` rounds
 * in which each operation runs in turn until its time budget or its call limit, whichever
 * comes first. Interleaving spreads other load on the machine over all operations.
 * Returns, for each operation, the nanoseconds per call of each sample, or the error it threw,
 * after which it is not run again.
 */
export async function measureInterleaved(operations: Operation[], settings: MeasureSettings, onRound?: (round: number) => void): Promise<(number[] | Error)[]> {
  const results: (number[] | Error)[] = operations.map(() => []);
  for (let round = 0; round <= settings.samples; round++) {
    onRound?.(round);
    for (const [index, operation] of operations.entries()) {
      const samples = results[index];
      if (samples instanceof Error) continue;
      try {
        const timing = await runRound(operation, round, round === 0 ? settings.warmupMs : settings.sampleMs);
        if (round > 0) samples.push(timing.nanoseconds / timing.ops);
      } catch (error) {
        results[index] = error instanceof Error ? error : new Error(String(error));
      }
    }
  }
  return results;
}

async function runRound(operation: Operation, round: number, budgetMs: number): Promise<{ ops: number; nanoseconds: number }> {
  const limit = operation.prepareRound?.(round) ?? Infinity;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(budgetMs * 1e6));
  const ops = operation.async
    ? await loopAsync(operation, limit, deadline)
    : loopSync(operation, limit, deadline);
  return { ops, nanoseconds: Number(process.hrtime.bigint() - start) };
}

function loopSync(operation: Operation, limit: number, deadline: bigint): number {
  let i = 0;
  while (i < limit) {
    const end = Math.min(i + CHECK_EVERY, limit);
    for (; i < end; i++) sink = operation.run(i);
    if (process.hrtime.bigint() >= deadline) break;
  }
  return i;
}

async function loopAsync(operation: Operation, limit: number, deadline: bigint): Promise<number> {
  let i = 0;
  while (i < limit) {
    const end = Math.min(i + CHECK_EVERY, limit);
    for (; i < end; i++) sink = await operation.run(i);
    if (process.hrtime.bigint() >= deadline) break;
  }
  return i;
}

/** Returns the median of `values`, which must not be empty. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
