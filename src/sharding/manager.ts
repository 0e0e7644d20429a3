import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../config.js';
import { describeStartupFailure } from '../discord/startup-errors.js';
import type { Logger } from '../log.js';
import { discordAnswerDeadlineMs, withDeadline } from '../ops/startup.js';
import { startWaves } from './assignment.js';

/** Discord allows one identify per rate-limit key every 5 s; half a second more for clocks and networks. */
const identifyPauseMs = 5_500;
/** A shard has this long to load, open the database and become ready (its own gateway deadline is 60 s). */
const shardStartMs = 90_000;
/** A shard that has not stopped this long after SIGTERM is killed. */
const shardStopMs = 15_000;

interface GatewayBot {
  shards: number;
  session_start_limit: { max_concurrency: number };
}

/**
 * BOT_SHARDS: this process runs no bot itself. It asks Discord (through DISCORD_API_URL, like
 * every other request) for the recommended shard count and identify concurrency, starts one
 * process per shard running `entry` (the same bot entry, told its shard by discord.js's
 * SHARDS and SHARD_COUNT), restarts a shard that dies, and stops them all on SIGTERM or SIGINT.
 * Resolves with the exit code once it has stopped.
 */
export async function manageShards(config: Config, log: Logger, entry: string): Promise<number> {
  if (config.sharding.role !== 'manager') throw new Error('manageShards runs only with BOT_SHARDS set');
  let gateway: GatewayBot;
  try {
    // discord.js's fetchRecommendedShardCount always asks discord.com, whatever the REST base is.
    const rest = new REST({ api: config.apiUrl, retries: 0 }).setToken(config.discordToken);
    gateway = (await withDeadline(rest.get(Routes.gatewayBot()), discordAnswerDeadlineMs, 'Discord REST')) as GatewayBot;
  } catch (error) {
    console.error(describeStartupFailure(error, config.apiUrl, 'start'));
    return 1;
  }
  const count = config.sharding.count === 'auto' ? gateway.shards : config.sharding.count;
  const maxConcurrency = gateway.session_start_limit.max_concurrency;
  log.info({ shards: count, recommended: gateway.shards, maxConcurrency }, `starting ${count} shard process${count === 1 ? '' : 'es'}`);

  const manager = new ShardingManager(entry, {
    totalShards: count,
    token: config.discordToken,
    mode: 'process',
    // Not while starting: a shard that cannot start (broken content, a bad database) would loop.
    respawn: false,
    shardArgs: process.argv.slice(2),
    execArgv: process.execArgv,
  });
  manager.on('shardCreate', (shard) => watchShard(shard, manager, log));

  let stopping: Promise<number> | undefined;
  const stop = (reason: string, code: number) =>
    (stopping ??= (async () => {
      log.info({ reason }, 'stopping every shard');
      manager.respawn = false;
      await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard.process)));
      log.info('every shard stopped');
      return code;
    })());
  const stopped = new Promise<number>((resolve) => {
    process.once('SIGTERM', () => void stop('SIGTERM', 0).then(resolve));
    process.once('SIGINT', () => void stop('SIGINT', 0).then(resolve));
  });

  try {
    for (const wave of startWaves(count, maxConcurrency)) {
      if (stopping) break;
      if (wave.pause) await sleep(identifyPauseMs);
      await Promise.all(wave.ids.map((id) => manager.createShard(id).spawn(shardStartMs)));
    }
  } catch (error) {
    if (stopping) return stopping;
    // The shard printed its own one-line reason; this says what the manager does about it.
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`A shard did not start (${reason}); stopping the others.`);
    return stop('a shard did not start', 1);
  }
  if (!stopping) {
    manager.respawn = true;
    log.info({ shards: count }, 'every shard is ready');
  }
  return stopping ?? stopped;
}

function watchShard(shard: Shard, manager: ShardingManager, log: Logger): void {
  shard.on('death', (child) => {
    const exitCode = 'exitCode' in child ? child.exitCode : undefined;
    if (manager.respawn) log.warn({ shard: shard.id, exitCode }, 'shard process exited; starting it again');
  });
  shard.on('ready', () => log.info({ shard: shard.id }, 'shard ready'));
}

/** SIGTERM, then SIGKILL if the shard has not finished its own clean stop in time. */
function stopShard(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), shardStopMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
