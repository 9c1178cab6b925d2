/**
 * Several signaling nodes (real server processes) on one throwaway Redis, for the multi-node
 * tests. Nodes can be killed as a crash would and started again under the same name.
 */
import { execFileSync } from 'node:child_process';
import { startRedisServer, type RedisServer } from '../../support/redisServer.js';
import { startServerProcess, type ServerProcess } from '../../support/serverProcess.js';

export interface NodeCluster {
  readonly redis: RedisServer;
  node(name: string): ServerProcess;
  start(name: string): Promise<ServerProcess>;
  /** SIGKILL: the tsx launcher and the server process it started, by their ids. */
  kill(name: string): void;
  stop(): Promise<void>;
}

export async function startNodeCluster(names: readonly string[], env: Record<string, string> = {}): Promise<NodeCluster> {
  const redis = await startRedisServer();
  const nodes = new Map<string, ServerProcess>();
  const start = async (name: string) => {
    const node = await startServerProcess({ REDIS_URL: redis.url, NODE_ID: name, CLIENT_DIR: '', ...env });
    nodes.set(name, node);
    return node;
  };
  const node = (name: string) => {
    const found = nodes.get(name);
    if (!found) throw new Error(`no node ${name}`);
    return found;
  };
  await Promise.all(names.map(start));
  return {
    redis,
    node,
    start,
    kill: (name) => {
      const { child } = node(name);
      let children: number[] = [];
      try {
        children = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
      } catch {
        // No child process: the launcher is the server.
      }
      for (const pid of children) process.kill(pid, 'SIGKILL');
      child.kill('SIGKILL');
      nodes.delete(name);
    },
    stop: async () => {
      await Promise.all([...nodes.values()].map((n) => n.stop()));
      nodes.clear();
      await redis.stop();
    },
  };
}
