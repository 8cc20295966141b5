import { rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

/**
 * Local TCP servers that misbehave the ways a broken staging host does, on ports the OS picks
 * (listen(0) on 127.0.0.1), so that self-tests never collide with other gates on the machine.
 */
export type Misbehaviour = 'silent' | 'reset' | 'slow';

export interface MisbehavingServer {
  readonly kind: Misbehaviour;
  readonly port: number;
  /** host:port, as the gate's messages name it. */
  readonly address: string;
  /** Connections accepted so far (proves the gate actually reached the server). */
  readonly connections: () => number;
  close(): Promise<void>;
}

/** What the slow server drips: the start of a valid HTTP answer that never completes in time. */
const SLOW_PAYLOAD = Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');

export interface MisbehavingOptions {
  /** slow: milliseconds between two bytes (default 1000: one byte per second). */
  byteIntervalMs?: number;
}

/**
 * silent: accepts the connection and never writes nor closes it.
 * reset: accepts, then resets the connection (TCP RST) before any byte.
 * slow: answers SLOW_PAYLOAD one byte per interval, whatever the client sent.
 */
export async function startMisbehavingServer(
  kind: Misbehaviour,
  options: MisbehavingOptions = {},
): Promise<MisbehavingServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    if (kind === 'reset') {
      socket.resetAndDestroy();
    } else if (kind === 'slow') {
      let sent = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || sent >= SLOW_PAYLOAD.length) {
          clearInterval(timer);
          timers.delete(timer);
          return;
        }
        socket.write(SLOW_PAYLOAD.subarray(sent, sent + 1));
        sent += 1;
      }, options.byteIntervalMs ?? 1000);
      timers.add(timer);
    }
    // silent: nothing at all; the socket stays open until the client gives up or close() runs.
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    kind,
    port,
    address: `127.0.0.1:${port}`,
    connections: () => accepted,
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One misbehaving server per endpoint the external target needs, so every message can name its own port. */
export interface MisbehavingTarget {
  api: MisbehavingServer;
  frontend: MisbehavingServer;
  postgres: MisbehavingServer;
  redis: MisbehavingServer;
  /** The four URL variables of STAGING_TARGET=external, pointing at the servers. */
  env: Record<string, string>;
  all: MisbehavingServer[];
  close(): Promise<void>;
}

export async function startMisbehavingTarget(
  kind: Misbehaviour,
  options: MisbehavingOptions = {},
): Promise<MisbehavingTarget> {
  const [api, frontend, postgres, redis] = await Promise.all(
    [0, 1, 2, 3].map(() => startMisbehavingServer(kind, options)),
  );
  if (!api || !frontend || !postgres || !redis) throw new Error('could not start four servers');
  const all = [api, frontend, postgres, redis];
  return {
    api,
    frontend,
    postgres,
    redis,
    all,
    env: {
      STAGING_TARGET: 'external',
      STAGING_API_URL: `http://${api.address}`,
      STAGING_FRONTEND_URL: `http://${frontend.address}`,
      DATABASE_URL: `postgres://medianest:not-a-real-password@${postgres.address}/medianest`,
      REDIS_URL: `redis://${redis.address}`,
    },
    async close() {
      await Promise.all(all.map((s) => s.close()));
    },
  };
}

export interface SocketProxy {
  /** DOCKER_HOST value that reaches the engine through this proxy. */
  readonly dockerHost: string;
  /** Requests forwarded so far. */
  readonly connections: () => number;
  /** Stops forwarding: open connections are cut and new ones refused, as when the engine stops. */
  close(): Promise<void>;
}

/**
 * A unix-socket proxy to the Docker engine: the gate talks to Docker through it, and closing it looks
 * to the gate like the engine stopping mid-run, while the real engine (shared with others) keeps running.
 */
export async function startDockerSocketProxy(dir: string, engineSocket = '/var/run/docker.sock'): Promise<SocketProxy> {
  const path = join(dir, 'docker.sock');
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((client) => {
    accepted += 1;
    const engine = connect(engineSocket);
    for (const s of [client, engine]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(engine).pipe(client);
    client.on('close', () => engine.destroy());
    engine.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    dockerHost: `unix://${path}`,
    connections: () => accepted,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      rmSync(path, { force: true });
    },
  };
}
