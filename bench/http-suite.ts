import type { CpuAccount } from './cpu-account';
import { HttpRow, LoadSettings, ServerProcess, checkRoute, httpRows, loadRoute } from './http';
import { SUBJECT, prepareKeys } from './keys';
import { median } from './measure';
import { RedisProcess, findRedisServer } from './redis';
import type { RowResult } from './report';
import type { ServerKind } from './servers';

/** Settings of the HTTP part of a run. */
export interface HttpSuiteSettings {
  connections: number;
  /** Seconds of load per row before its first round, whose results are dropped. */
  warmupSeconds: number;
  /** Seconds of measured load per row, split over the rounds. */
  durationSeconds: number;
  /** Rounds per row. Each round loads every route in turn, so other load on the machine affects all rows alike. */
  rounds: number;
}

/** Measurements of one row so far, or why it stopped. */
interface RowState {
  row: HttpRow;
  rates: number[];
  p99s: number[];
  status?: 'skipped' | 'error';
  note?: string;
}

/**
 * Starts every benchmark server in its own child process (and redis-server when it is on
 * PATH), warms each route up, then loads the routes in interleaved rounds. Each row reports
 * the median of its rounds. Every process it started is stopped before it returns.
 */
export async function runHttpSuite(settings: HttpSuiteSettings, cpu: CpuAccount, progress: (message: string) => void): Promise<RowResult[]> {
  const keys = prepareKeys('HS256');
  if (!keys.auth || !keys.secret) throw new Error(`koa-authx rejects an HS256 config: ${keys.unsupportedReason}`);
  const load: LoadSettings = { connections: settings.connections, authorization: `Bearer ${keys.auth.createAccessToken({ uid: SUBJECT })}` };
  const env: Record<string, string> = { BENCH_JWT_SECRET: keys.secret };

  const states: RowState[] = httpRows().map((row) => ({ row, rates: [], p99s: [] }));
  const servers = new Map<ServerKind, ServerProcess>();
  let redis: RedisProcess | undefined;
  const stopAll = async () => {
    for (const server of servers.values()) cpu.addChild(server.pid);
    cpu.addChild(redis?.pid);
    await Promise.all([...servers.values()].map((server) => server.stop()));
    await redis?.stop();
  };
  const onInterrupt = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onInterrupt);

  try {
    redis = await startRedis(states, env, progress);
    await startServers(states, servers, env, progress);
    await warmUp(states, servers, load, settings.warmupSeconds, progress);

    const seconds = settings.durationSeconds / settings.rounds;
    for (let round = 1; round <= settings.rounds; round++) {
      for (const state of states.filter((candidate) => !candidate.status)) {
        try {
          const result = await loadRoute(portOf(servers, state.row), state.row.path, load, seconds);
          state.rates.push(result.requestsPerSecond);
          state.p99s.push(result.p99Ms);
          progress(`  round ${round}/${settings.rounds} ${state.row.label}: ${Math.round(result.requestsPerSecond).toLocaleString('en-US')} req/s, p99 ${result.p99Ms} ms`);
        } catch (error) {
          fail(state, error, progress);
        }
      }
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await stopAll();
  }
  return states.map(toResult);
}

async function startRedis(states: RowState[], env: Record<string, string>, progress: (message: string) => void): Promise<RedisProcess | undefined> {
  const binary = findRedisServer();
  const redisRows = states.filter((state) => state.row.server === 'controllers-redis');
  if (!binary) {
    for (const state of redisRows) {
      state.status = 'skipped';
      state.note = 'redis-server is not on PATH; install it with `apt-get install redis-server`';
    }
    progress('HTTP: redis-server is not on PATH, so the Redis row is skipped');
    return undefined;
  }

  progress('HTTP: starting redis-server on 127.0.0.1');
  try {
    const redis = await RedisProcess.start(binary);
    env.BENCH_REDIS_URL = redis.url;
    return redis;
  } catch (error) {
    for (const state of redisRows) fail(state, error, progress);
    return undefined;
  }
}

async function startServers(states: RowState[], servers: Map<ServerKind, ServerProcess>, env: Record<string, string>, progress: (message: string) => void): Promise<void> {
  for (const kind of new Set(states.filter((state) => !state.status).map((state) => state.row.server))) {
    progress(`HTTP: starting the ${kind} server in a child process`);
    try {
      servers.set(kind, await ServerProcess.start(kind, env));
    } catch (error) {
      for (const state of states.filter((candidate) => candidate.row.server === kind)) fail(state, error, progress);
    }
  }
}

async function warmUp(states: RowState[], servers: Map<ServerKind, ServerProcess>, load: LoadSettings, seconds: number, progress: (message: string) => void): Promise<void> {
  for (const state of states.filter((candidate) => !candidate.status)) {
    progress(`  warm-up ${state.row.label}`);
    try {
      const port = portOf(servers, state.row);
      await checkRoute(port, state.row.path, load.authorization);
      await loadRoute(port, state.row.path, load, seconds);
    } catch (error) {
      fail(state, error, progress);
    }
  }
}

function portOf(servers: Map<ServerKind, ServerProcess>, row: HttpRow): number {
  const server = servers.get(row.server);
  if (!server) throw new Error(`the ${row.server} server is not running`);
  return server.port;
}

function fail(state: RowState, error: unknown, progress: (message: string) => void): void {
  state.status = 'error';
  state.note = (error as Error).message;
  progress(`  ${state.row.label}: failed: ${state.note}`);
}

function toResult(state: RowState): RowResult {
  const base = { id: state.row.id, part: 'http' as const, label: state.row.label };
  if (state.status) return { ...base, status: state.status, note: state.note };
  return { ...base, status: 'ok', requestsPerSecond: median(state.rates), p99Ms: median(state.p99s), roundRates: state.rates };
}
