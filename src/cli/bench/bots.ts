import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalDiscord } from '../../playground/discord/index.js';
import { loadContent } from '../../content/load.js';
import { capturedPagesFile, removeCapturedPages } from './captured-pages.js';

/** Both bots run as a production host runs them: compiled JavaScript, no TypeScript loader. */
export const bots = {
  // As deploy/tutor-bot.service and `npm start` run it.
  ours: ['--max-semi-space-size=8', 'dist/src/main.js'],
  // Serving our own pages and question, captured once per bench run (BARE_PAGES).
  bare: ['dist/src/cli/bare-bot.js'],
  // The same, committing each answer to SQLite before its reply: the floor for a bot that must.
  'bare+sqlite': ['dist/src/cli/bare-bot.js'],
  // Serving one small fixed page instead (the baseline before session 21): it also leaves out the cost of our page's bytes.
  'bare, small page': ['dist/src/cli/bare-bot.js'],
} as const;
export type BotName = keyof typeof bots;

export interface RunningBot {
  fake: LocalDiscord;
  child: ChildProcess;
  databasePath: string;
  /** Set when the bot runs on Postgres (DATABASE_URL). */
  databaseUrl?: string;
  /** CPU time (user + system) the bot process has used so far, in ms. */
  cpuMs(): number;
  rssMiB(): number;
  shutdown(): Promise<void>;
}

const contentDir = 'content';
let warmCache: string | undefined;

/**
 * The content cache a restarted bot finds beside its database, made once per bench run: the
 * bench measures a bot as it runs after its first start. (`npm run bench -- content` measures
 * the first start.)
 */
async function warmContentCache(): Promise<string> {
  if (warmCache && existsSync(warmCache)) return warmCache;
  const dir = mkdtempSync(path.join(tmpdir(), 'tutor-bench-cache-'));
  await loadContent(contentDir, { cacheDir: path.join(dir, 'content-cache') });
  warmCache = dir;
  return dir;
}

export function removeWarmCache(): void {
  if (warmCache) rmSync(warmCache, { recursive: true, force: true });
  warmCache = undefined;
  removeCapturedPages();
}

/** Starts a bot in its own process against a fresh fake Discord and database. */
export async function launch(bot: BotName, options: { databaseUrl?: string } = {}): Promise<RunningBot> {
  const pagesFile = bot === 'bare' || bot === 'bare+sqlite' ? await capturedPagesFile(() => launch('ours')) : undefined;
  const fake = await LocalDiscord.start();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tutor-bench-'));
  cpSync(path.join(await warmContentCache(), 'content-cache'), path.join(dataDir, 'content-cache'), { recursive: true });
  const databasePath = path.join(dataDir, 'tutor.db');
  // BENCH_PROFILE=dir writes a V8 CPU profile of each bot process there (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`, `--cpu-prof-name=${bot}-${Date.now()}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...profile, ...bots[bot]], {
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: databasePath,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(bot === 'bare+sqlite' ? { BARE_DURABLE: '1' } : {}),
      ...(pagesFile ? { BARE_PAGES: pagesFile } : {}),
      CONTENT_DIR: contentDir,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A bench that fails halfway must not leave its bots running (and skewing the next run's figures).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('close', () => process.off('exit', killOnExit));
  await waitForReady(child);
  const shutdown = async () => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('close', resolve));
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { fake, child, databasePath, databaseUrl: options.databaseUrl, cpuMs: () => cpuMsOf(child), rssMiB: () => rssMiBOf(child), shutdown };
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"bot ready"')) {
        output = '';
        child.stdout?.off('data', onData);
        // Keep draining: a full pipe would block the bot's log writes.
        child.stdout?.resume();
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('close', (code) => reject(new Error(`bot exited with ${code} before ready:\n${output}`)));
  });
}

function rssMiBOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/** Clock ticks per second for /proc/<pid>/stat; 100 on every Linux this runs on. */
const ticksPerSecond = 100;

/** utime + stime of the process from /proc/<pid>/stat: another process's load does not change it. */
function cpuMsOf(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticksPerSecond;
}
