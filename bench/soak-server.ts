import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** Event-loop delay of the server process, in milliseconds. */
export interface LoopDelay {
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

/** Messages the soak server sends to the parent. */
export type SoakServerMessage =
  | { type: 'listening'; port: number; rss: number }
  | { type: 'stats'; rss: number; heapUsed: number; total: LoopDelay; interval: LoopDelay };

/** Sampling interval of the event-loop delay histograms, in milliseconds. */
const RESOLUTION_MS = 10;

/**
 * Reads a histogram as delay beyond the sampling interval. Node records the whole time between
 * two samples, so an idle loop reads about `RESOLUTION_MS` (checked on Node 20): that is taken off.
 */
function readDelay(histogram: IntervalHistogram): LoopDelay {
  const milliseconds = (nanoseconds: number) => Number(Math.max(0, nanoseconds / 1e6 - RESOLUTION_MS).toFixed(2));
  return {
    mean: milliseconds(histogram.mean),
    p50: milliseconds(histogram.percentile(50)),
    p99: milliseconds(histogram.percentile(99)),
    max: milliseconds(histogram.max),
  };
}

/**
 * Child process entry of `npm run soak`: serves examples/complete on a free port of
 * 127.0.0.1, sends `{ type: 'listening' }`, and answers each `{ type: 'stats' }` with its RSS
 * and event-loop delay, over the whole run and since the previous request. Exits when the
 * parent disconnects.
 */
async function main(): Promise<void> {
  if (!process.env.JWT_SECRET_KEY) throw new TypeError('JWT_SECRET_KEY is not set; npm run soak sets it for the server process');
  const { createApp } = await import('../examples/complete/app');

  const total = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const interval = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const server = createApp().listen(0, '127.0.0.1', () => {
    total.enable();
    interval.enable();
    send({ type: 'listening', port: (server.address() as AddressInfo).port, rss: process.memoryUsage().rss });
  });

  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'stats') return;
    const memory = process.memoryUsage();
    send({ type: 'stats', rss: memory.rss, heapUsed: memory.heapUsed, total: readDelay(total), interval: readDelay(interval) });
    interval.reset();
  });
  process.on('disconnect', () => process.exit(0));
}

function send(message: SoakServerMessage): void {
  process.send?.(message);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('soak server failed to start:', error);
    process.exit(1);
  });
}
