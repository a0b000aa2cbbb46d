import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import net from 'node:net';

/** Path of Debian's redis-server, or undefined when it is not installed. */
export function findRedisServer(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Skips the calling suite when redis-server is missing, unless CI=true, where the missing
 * server is a failure: CI installs it.
 */
export function requireRedis(context: Mocha.Context): string {
  const binary = findRedisServer();
  if (binary) return binary;
  const message = 'redis-server is not installed: run `apt-get install redis-server` to run the Redis specs';
  if (process.env.CI === 'true') throw new Error(message);
  console.log(`      skipped: ${message}`);
  context.skip();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server child process on 127.0.0.1, without persistence, that a spec can stop and restart. */
export class RedisServer {
  private process?: ChildProcess;

  private constructor(private readonly binary: string, readonly port: number) {}

  static async start(binary: string): Promise<RedisServer> {
    const server = new RedisServer(binary, await freePort());
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server on the same port and resolves once it accepts connections. */
  async restart(): Promise<void> {
    this.process = spawn(this.binary, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await this.accepts())) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${this.port} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops the server and resolves once its process has exited. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  private accepts(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect(this.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.write('PING\r\n');
      });
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
    });
  }
}
