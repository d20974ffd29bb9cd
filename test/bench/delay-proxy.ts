// A TCP proxy that delays every chunk by `oneWayMs` in each direction: a network round trip of
// 2 × oneWayMs in front of a local server (the emulator), for figures that depend on latency.
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface DelayProxy {
  url: string;
  close(): Promise<void>;
}

export async function startDelayProxy(target: URL, oneWayMs: number): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const relay = (from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => setTimeout(() => to.write(chunk), oneWayMs));
    from.on('close', () => setTimeout(() => to.destroy(), oneWayMs));
    from.on('error', () => {});
    sockets.add(from);
    from.on('close', () => sockets.delete(from));
  };
  const server = createServer((down) => {
    const up = connect(Number(target.port), target.hostname);
    relay(down, up);
    relay(up, down);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
