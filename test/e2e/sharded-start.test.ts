import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import type { LocalDiscord, LocalDiscordOptions } from '../../src/playground/discord/index.js';
import { botEnvironment } from '../support/bot-environment.js';
import { run, type Spawned } from '../support/processes.js';
import { guildIdOnShard } from '../support/shards.js';
import { useSpawnedBots } from '../support/spawned-bots.js';
import { useTempDir } from '../support/temp.js';

/**
 * The compiled bot started as an admin would, against the local Discord: with BOT_SHARDS a
 * manager process starts one process per shard, each serving the guilds Discord sends it.
 * Started from a folder whose .env holds SHARDS and SHARD_COUNT, which discord.js would
 * otherwise take as the shard to identify as.
 */
const repo = process.cwd();
const entry = path.join(repo, 'dist', 'src', 'main.js');

beforeAll(() => {
  execFileSync(process.execPath, ['deploy/build-if-stale.mjs'], { cwd: repo, stdio: 'ignore' });
}, 120_000);

const tempDir = useTempDir();
const { startFake, track } = useSpawnedBots();

interface LogLine {
  msg: string;
  shard?: number;
  interactionId?: string;
  sharedDuties?: boolean;
  signal?: string;
}

const logLines = (spawned: Spawned): LogLine[] =>
  spawned
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

/** `node dist/src/main.js` in a folder of its own, whose .env sets the variables discord.js reads. */
function startBot(fake: LocalDiscord, overrides: Record<string, string>): Spawned {
  const folder = tempDir();
  writeFileSync(path.join(folder, '.env'), 'SHARDS=2\nSHARD_COUNT=5\n');
  const env = botEnvironment(fake, path.join(folder, 'data', 'tutor.db'), { CONTENT_DIR: path.join(repo, 'content'), ...overrides });
  return track(run(process.execPath, [entry], env, { cwd: folder }));
}

async function shardedFake(options: LocalDiscordOptions = {}) {
  const onZero = guildIdOnShard(0, 2);
  const onOne = guildIdOnShard(1, 2);
  // Concurrency 2: both shards may identify at once, so the test does not wait Discord's 5 s.
  const fake = await startFake({ maxConcurrency: 2, guilds: [{ id: onZero, name: 'Zero' }, { id: onOne, name: 'One' }], ...options });
  return { fake, onZero, onOne };
}

/** The manager has seen every shard's client ready, and each shard has finished starting its bot. */
async function serving(bot: Spawned): Promise<void> {
  await bot.waitForOutput(/every shard is ready/, 90_000);
  for (const shard of [0, 1]) await bot.waitForOutput(new RegExp(`"shard":${shard},.*"msg":"bot ready"`), 30_000);
}

const help = (fake: LocalDiscord, guildId: string) => fake.slash({ name: 'help', guildId });

describe('BOT_SHARDS: one process per shard', () => {
  test('GIVEN BOT_SHARDS=2 THEN guilds on both shards are served, each command answered by the shard that owns its guild and seen by no other', async () => {
    const { fake, onZero, onOne } = await shardedFake();
    const bot = startBot(fake, { BOT_SHARDS: '2' });
    await serving(bot);

    expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([[0, 2], [1, 2]]);
    const inZero = help(fake, onZero);
    const inOne = help(fake, onOne);
    for (const handle of [inZero, inOne]) expect(embedTitle(await handle.response())).toBeTruthy();
    expect(fake.shardsThatReceived(inZero.id)).toEqual([0]);
    expect(fake.shardsThatReceived(inOne.id)).toEqual([1]);

    // Each shard process logs the interactions it handled, with its shard id on every line.
    const handled = (id: string) => logLines(bot).filter((line) => line.msg === 'interaction handled' && line.interactionId === id).map((line) => line.shard);
    await vi.waitFor(() => expect([handled(inZero.id), handled(inOne.id)]).toEqual([[0], [1]]), { timeout: 10_000 });

    // What spans guilds is done once: shard 0 runs reminder rounds and housekeeping, shard 1 does not.
    const ready = logLines(bot).filter((line) => line.msg === 'bot ready');
    expect(ready.map((line) => [line.shard, line.sharedDuties]).sort()).toEqual([[0, true], [1, false]]);
  });

  test('GIVEN BOT_SHARDS=auto THEN the count comes from GET /gateway/bot', async () => {
    const { fake, onOne } = await shardedFake({ shards: 2 });
    const bot = startBot(fake, { BOT_SHARDS: 'auto' });
    await serving(bot);
    expect(fake.requests.some((request) => request.route === '/gateway/bot')).toBe(true);
    expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([[0, 2], [1, 2]]);
    const handle = help(fake, onOne);
    expect(embedTitle(await handle.response())).toBeTruthy();
    expect(fake.shardsThatReceived(handle.id)).toEqual([1]);
  });

  test('GIVEN a running manager WHEN it gets SIGTERM THEN every shard stops cleanly and no process is left', async () => {
    const { fake } = await shardedFake();
    const bot = startBot(fake, { BOT_SHARDS: '2' });
    await serving(bot);
    process.kill(bot.child.pid!, 'SIGTERM');
    expect(await bot.exited).toBe(0);
    if (!bot.output().includes('"shard":1,"signal"')) console.log(bot.output());
    const stopped = logLines(bot).filter((line) => line.msg === 'shutting down');
    expect(stopped.map((line) => [line.shard, line.signal]).sort()).toEqual([[0, 'SIGTERM'], [1, 'SIGTERM']]);
    expect(bot.output()).toContain('every shard stopped');
    // The manager led its own process group: kill(-pgid, 0) fails once no shard is left in it.
    expect(() => process.kill(-bot.child.pid!, 0)).toThrow(/ESRCH/);
  });
});

describe('health and metrics per shard', () => {
  test('GIVEN BOT_SHARDS=2 and METRICS_PORT THEN each shard serves /healthz and /metrics on METRICS_PORT + its id', async () => {
    const { fake } = await shardedFake();
    const port = await freePortPair();
    const bot = startBot(fake, { BOT_SHARDS: '2', METRICS_PORT: String(port) });
    await serving(bot);
    for (const shardPort of [port, port + 1]) {
      const health = await fetch(`http://127.0.0.1:${shardPort}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.text()).toContain('gateway connected');
      const metrics = await (await fetch(`http://127.0.0.1:${shardPort}/metrics`)).text();
      expect(metrics).toMatch(/^tutor_live_quizzes 0$/m);
    }
  });
});

describe('start-up refusals', () => {
  test('GIVEN BOT_SHARDS=2 and lessons that cannot be read THEN shard 0 says why, the manager stops and exits 1 without restarting it', async () => {
    const { fake } = await shardedFake();
    const bot = startBot(fake, { BOT_SHARDS: '2', CONTENT_DIR: path.join(tempDir(), 'no-lessons-here') });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/A shard did not start \(.+\); stopping the others\./);
    expect(fake.identifies).toEqual([]);
    // Once: shard 0 alone tried, and was not restarted; shard 1 never started.
    expect(bot.output().match(/have problems; the bot will not start until they are fixed/g)).toHaveLength(1);
    expect(bot.output()).toContain('A shard did not start (Shard 0');
  });

  test('GIVEN one process in more servers than one connection may hold THEN Discord closes with 4011 and the bot says to set BOT_SHARDS=auto', async () => {
    const { fake } = await shardedFake({ guildsPerShard: 1 });
    const bot = startBot(fake, {});
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain('Discord requires this bot to shard: it is in too many servers for one gateway connection (close code 4011). Set BOT_SHARDS=auto and start it again.');
  });
});

describe('one process, as before', () => {
  test('GIVEN SIGTERM while the bot is still starting (as a shard manager stopping sends it) THEN it stops cleanly with exit 0', async () => {
    const fake = await startFake();
    fake.answerSlowly('GET /gateway/bot', 5_000);
    const bot = startBot(fake, {});
    await bot.waitForOutput(/"database open"/, 60_000);
    process.kill(bot.child.pid!, 'SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(logLines(bot).filter((line) => line.msg === 'shutting down').map((line) => line.signal)).toEqual(['SIGTERM']);
  });

  test("GIVEN SHARDS=2 in the environment and SHARDS/SHARD_COUNT in .env THEN a lone bot still identifies as shard [0, 1] and answers", async () => {
    const fake = await startFake();
    const bot = startBot(fake, { SHARDS: '2' });
    await bot.waitForOutput(/"bot ready"/, 60_000);
    expect(fake.identifies.map((identify) => identify.shard)).toEqual([[0, 1]]);
    expect(embedTitle(await help(fake, fake.guildId).response())).toBeTruthy();
  });
});

/** A port that was free with the one after it, found by binding both for a moment. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const first = await listen(0);
    const port = (first.address() as AddressInfo).port;
    const second = await listen(port + 1).catch(() => undefined);
    await Promise.all([first, second].map((server) => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))));
    if (second) return port;
  }
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function embedTitle(response: { data?: { embeds?: { title?: string }[] } | null }): string | undefined {
  return response.data?.embeds?.[0]?.title;
}
