import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** Distinct tokens the profiled loop verifies, each once. */
const PROFILE_CALLS = 100_000;

/** Sampling interval of the CPU profiler, in microseconds (Node's default is 1000). */
const SAMPLING_INTERVAL_US = 100;

/** Functions listed in the summary. */
const TOP_FUNCTIONS = 15;

/** The parts of a V8 `.cpuprofile` file the summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface LoopWindow {
  startMicros: number;
  endMicros: number;
  calls: number;
}

/**
 * Runs bench/profile-target.ts under `node --cpu-prof --no-turbo-inlining` and summarizes the
 * samples taken while it verified HS256 tokens not seen before: self time by function and by
 * package, as Markdown.
 */
export async function profileUncachedVerify(progress: (message: string) => void): Promise<string> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'koa-authx-profile-'));
  progress(`profiling ${PROFILE_CALLS.toLocaleString('en-US')} calls of verifyRequest with node --cpu-prof (profile in ${directory})`);

  const { stdout } = await promisify(execFile)(process.execPath, [
    // Without inlining, a small function's time is charged to it rather than to its caller.
    '--no-turbo-inlining',
    '--cpu-prof', '--cpu-prof-dir', directory, '--cpu-prof-interval', String(SAMPLING_INTERVAL_US),
    '--require', 'ts-node/register/transpile-only',
    path.join(__dirname, 'profile-target.ts'), String(PROFILE_CALLS),
  ], { maxBuffer: 1 << 20 });
  const window = JSON.parse(stdout.trim().split('\n').pop() as string) as LoopWindow;

  const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`node --cpu-prof wrote no .cpuprofile file into ${directory}`);
  const profile = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as CpuProfile;
  return summarize(profile, window, path.join(directory, file));
}

function summarize(profile: CpuProfile, window: LoopWindow, file: string): string {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;

  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    if (time < window.startMicros || time > window.endMicros) continue;
    const frame = nodes.get(profile.samples[i]);
    if (!frame) continue;
    total++;
    const name = `${frame.functionName || '(anonymous)'} | ${location(frame.url, frame.lineNumber)}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
    const owner = packageOf(frame.url, frame.functionName);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + 1);
  }
  if (total === 0) throw new Error(`no profile sample falls inside the verify loop; see ${file}`);

  const microsPerCall = (window.endMicros - window.startMicros) / window.calls;
  const share = (count: number) => `${((100 * count) / total).toFixed(1)}% | ${((microsPerCall * count) / total).toFixed(2)}`;
  const top = (counts: Map<string, number>, limit: number) => [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit);

  return [
    `Profile of ${window.calls.toLocaleString('en-US')} calls of auth.verifyRequest(ctx, {}) on HS256 tokens not seen before:`,
    `${microsPerCall.toFixed(2)} µs per call while profiled, ${total.toLocaleString('en-US')} samples at ${SAMPLING_INTERVAL_US} µs.`,
    'V8 inlining is off (--no-turbo-inlining) so each function is charged its own time, which makes calls slower than in the benchmark.',
    `Profile file (open in Chrome DevTools, Performance tab): ${file}`,
    'Line numbers are those of the code ts-node emits, close to the TypeScript source.',
    '',
    '| self time | µs per call | function | location |',
    '|---:|---:|---|---|',
    ...top(byFunction, TOP_FUNCTIONS).map(([name, count]) => `| ${share(count)} | ${name} |`),
    '',
    '| self time | µs per call | package (those above 0.5%) |',
    '|---:|---:|---|',
    ...top(byPackage, byPackage.size).filter(([, count]) => count / total > 0.005).map(([name, count]) => `| ${share(count)} | ${name} |`),
  ].join('\n');
}

/** Shortens a script URL to a path relative to the repository, with a 1-based line. */
function location(url: string, lineNumber: number): string {
  if (url === '') return '(native)';
  const file = url.replace(/^file:\/\//, '');
  const relative = file.startsWith(process.cwd()) ? path.relative(process.cwd(), file) : file;
  return `${relative}:${lineNumber + 1}`;
}

/** Names who owns a frame: koa-authx, an npm package, a Node module, or V8 itself. */
function packageOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : 'V8 built-ins and native code';
  if (url.startsWith('node:')) return `Node ${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.includes('/src/')) return 'koa-authx src';
  if (url.includes('/bench/')) return 'bench harness';
  return url;
}
