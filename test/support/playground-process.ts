import { cpSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { run, stopGroup, type Spawned } from './processes.js';

export interface RunningPlayground {
  url: string;
  contentDir: string;
  process: Spawned;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the kernel's pick, released for the playground to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The real playground as `npm start` runs it without a token (the built dist/, which `npm test`
 * refreshes first), on a free port, with its own database and a copy of the lessons the test
 * may edit.
 */
export async function startPlayground(dir: string): Promise<RunningPlayground> {
  const contentDir = path.join(dir, 'content');
  cpSync('content', contentDir, { recursive: true });
  const port = await freePort();
  const spawned = run(process.execPath, [path.resolve('dist/src/main.js')], {
    DISCORD_TOKEN: '',
    NODE_ENV: 'development',
    PLAYGROUND_PORT: String(port),
    DATABASE_PATH: path.join(dir, 'playground.db'),
    CONTENT_DIR: contentDir,
    LOG_LEVEL: 'warn',
  });
  const output = await spawned.waitForOutput(/http:\/\/127\.0\.0\.1:\d+/, 30_000);
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)![0];
  return {
    url,
    contentDir,
    process: spawned,
    async stop() {
      stopGroup(spawned, 'SIGTERM');
      const stopped = await Promise.race([spawned.exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 5000))]);
      if (!stopped) stopGroup(spawned, 'SIGKILL');
      await spawned.exited;
    },
  };
}
