import 'reflect-metadata';
import { SUBJECT, prepareKeys } from './keys';
import { BenchRequest } from './request-context';

/**
 * Child process of `npm run bench -- --profile`, run under `node --cpu-prof`: signs argv[2]
 * distinct HS256 tokens, verifies each once with `auth.verifyRequest`, and prints the
 * process.hrtime window of that loop, in microseconds, as one JSON line. The parent keeps only
 * the profile samples inside the window, so start-up and signing are left out.
 */
async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  const { auth, unsupportedReason } = prepareKeys('HS256');
  if (!auth) throw new Error(`koa-authx rejects an HS256 config: ${unsupportedReason}`);

  const headers: string[] = [];
  for (let i = 0; i < count; i++) {
    headers.push(Buffer.from(`Bearer ${auth.createAccessToken({ uid: SUBJECT })}`, 'latin1').toString('latin1'));
  }
  const request = new BenchRequest();

  const start = process.hrtime.bigint();
  for (const header of headers) await auth.verifyRequest(request.startRequest(header), {});
  const end = process.hrtime.bigint();

  console.log(JSON.stringify({ startMicros: Number(start / 1000n), endMicros: Number(end / 1000n), calls: count }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
