/**
 * A minimal TCP load balancer on loopback for tests of several signaling nodes: each
 * connection goes to the first backend that accepts it, in the order given. So a page opened
 * through it stays on its preferred node, and moves to the next one when that node dies, as
 * behind a real load balancer with health checks.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpBalancer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startTcpBalancer(backendPorts: () => readonly number[]): Promise<TcpBalancer> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const tryBackend = (ports: readonly number[]) => {
      const [port, ...rest] = ports;
      if (port === undefined) return client.destroy();
      const backend = connect(port, '127.0.0.1');
      let connected = false;
      backend.on('error', () => {
        backend.destroy();
        // Refused (the node is down): the next one. Cut later: the client sees its socket close.
        if (!connected) tryBackend(rest);
      });
      backend.once('connect', () => {
        connected = true;
        open.add(backend);
        backend.on('close', () => {
          open.delete(backend);
          client.destroy();
        });
        client.on('close', () => backend.destroy());
        client.pipe(backend);
        backend.pipe(client);
        client.resume();
      });
    };
    tryBackend(backendPorts());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
