import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { run, stopGroup, type Spawned } from './processes.js';

export interface RunningPlayground {
  url: string;
  contentDir: string;
  process: Spawned;
  stop(): Promise<void>;
}

/**
 * The real playground as `npm start` runs it without a token (the built dist/, which `npm test`
 * refreshes first), on a free port the kernel picks, with its own database and a copy of the lessons the test
 * may edit.
 */
export async function startPlayground(dir: string): Promise<RunningPlayground> {
  // `npm test` has built already (then this is a no-op); running this file alone builds here.
  const build = spawnSync(process.execPath, ['deploy/build-if-stale.mjs'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
  const contentDir = path.join(dir, 'content');
  cpSync('content', contentDir, { recursive: true });
  const spawned = run(process.execPath, [path.resolve('dist/src/main.js')], {
    DISCORD_TOKEN: '',
    NODE_ENV: 'development',
    // 0: the playground takes a port the kernel picks, and prints it.
    PLAYGROUND_PORT: '0',
    PLAYGROUND_DATABASE_PATH: path.join(dir, 'playground.db'),
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
