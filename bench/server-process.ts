import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { SERVER_KINDS, ServerKind, buildApp } from './servers';

/**
 * Child process entry: builds the app named by argv[2], listens on a free port of 127.0.0.1 and
 * sends `{ port }` to the parent. Exits when the parent disconnects.
 */
async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  if (!SERVER_KINDS.includes(kind)) throw new TypeError(`unknown server kind "${kind}"; expected one of ${SERVER_KINDS.join(', ')}`);
  const secret = process.env.BENCH_JWT_SECRET;
  if (!secret) throw new TypeError('BENCH_JWT_SECRET is not set');

  const app = await buildApp(kind, { secret, redisUrl: process.env.BENCH_REDIS_URL });
  const server = app.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(`bench server ${process.argv[2]} failed to start:`, error);
  process.exit(1);
});
