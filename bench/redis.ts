import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import net from 'node:net';

/** Returns the path of `redis-server` on PATH, or undefined when it is not installed. */
export function findRedisServer(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A redis-server child process on a free port of 127.0.0.1, without persistence. */
export class RedisProcess {
  private constructor(private readonly child: ChildProcess, readonly port: number) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * Starts `binary` and resolves once it responds to PING.
   *
   * @throws Error when it exits or does not respond within 10 seconds.
   */
  static async start(binary: string): Promise<RedisProcess> {
    const port = await freePort();
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const redis = new RedisProcess(child, port);

    const deadline = Date.now() + 10_000;
    while (!(await redis.answersPing())) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} before accepting connections on port ${port}`);
      if (Date.now() > deadline) {
        await redis.stop();
        throw new Error(`redis-server did not respond to PING on port ${port} within 10 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return redis;
  }

  /** Sends SIGTERM to this redis-server's pid and resolves once it has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }

  private answersPing(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect(this.port, '127.0.0.1');
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
    });
  }
}

/** Returns a port that was free on 127.0.0.1 a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
