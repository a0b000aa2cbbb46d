import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP listener on 127.0.0.1 that counts the connections it receives and closes each at once.
 * Tokens point their `jku` and `x5u` URLs at it, so a fetch of a header-supplied key shows up
 * as a connection.
 */
export class ConnectionTrap {
  connections = 0;

  private constructor(private readonly server: net.Server, readonly port: number) {
    server.on('connection', (socket) => {
      this.connections++;
      socket.destroy();
    });
  }

  static async start(): Promise<ConnectionTrap> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ConnectionTrap(server, (server.address() as AddressInfo).port);
  }

  /** Base URL of the trap, for `jku` and `x5u` values. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Records the target of every `net.Socket#connect` call in this process while it runs. HTTP,
 * HTTPS, TLS and `fetch` all open their sockets through it, so a connection to a host named in
 * a token shows up here before any DNS lookup. Sockets made without `net.Socket` (a native
 * addon) would not be seen.
 */
export class ConnectRecorder {
  readonly targets: string[] = [];
  private original?: typeof net.Socket.prototype.connect;

  start(): void {
    const original = net.Socket.prototype.connect;
    const targets = this.targets;
    this.original = original;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      targets.push(describeTarget(args));
      return (original as (...rest: unknown[]) => net.Socket).apply(this, args);
    } as typeof original;
  }

  stop(): void {
    if (this.original) net.Socket.prototype.connect = this.original;
    this.original = undefined;
  }
}

/** Reads host and port (or a socket path) from the argument forms `connect` accepts. */
function describeTarget(args: unknown[]): string {
  // net.connect passes its normalized arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'number') return `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${first}`;
  if (typeof first === 'string') return first;
  const options = (first ?? {}) as { host?: string; port?: number | string; path?: string };
  return options.path ?? `${options.host ?? 'localhost'}:${options.port}`;
}
