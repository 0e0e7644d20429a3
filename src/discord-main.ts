import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REST, Routes, type Client } from 'discord.js';
import { commands } from '../commands/index.js';
import { startBot, type RunningBot } from './bot.js';
import { Catalogue } from './content/catalogue.js';
import { hasErrors, loadContent } from './content/load.js';
import { contentReport, inventory } from './content/report.js';
import { describeStartupFailure } from './discord/startup-errors.js';
import { configFromEnvironment } from './environment.js';
import { createLogger, startLogBatches } from './log.js';
import { prepareDatabase } from './ops/database.js';
import { DatabaseProbe, gatewayCheck, overallHealth, PostgresProbe } from './ops/health.js';
import { collectProcessMetrics, instrumentStore, registry, watchClient, watchLiveQuizzes } from './ops/metrics.js';
import { startOpsServer, type OpsServer } from './ops/server.js';
import { discordAnswerDeadlineMs, gatewayReadyDeadlineMs, StartupError, withDeadline } from './ops/startup.js';
import { installProcessGuards } from './process-guards.js';
import { metricsPortOf, ownsGuild } from './sharding/assignment.js';
import { manageShards } from './sharding/manager.js';
import { PostgresStore } from './store/postgres.js';
import { SqliteStore } from './store/sqlite.js';
import type { Store } from './store/store.js';

/** Composition root for Discord: config → logger → database → content → store → client. */
const config = configFromEnvironment('start');

const pretty = process.argv.includes('--pretty') ? ((await import('pino-pretty')).default({ colorize: true })) : undefined;
// A Postgres URL may carry a password: it is scrubbed from the log like the bot token.
const databasePassword = config.postgres ? passwordIn(config.postgres.url) : '';
const rootLog = createLogger({ level: config.logLevel, secrets: [config.discordToken, databasePassword], destination: pretty });
installProcessGuards(rootLog);

// BOT_SHARDS: this process only starts and watches the shard processes, each running this same file.
if (config.sharding.role === 'manager') process.exit(await manageShards(config, rootLog, fileURLToPath(import.meta.url)));
const { shard } = config.sharding;
const log = config.sharding.role === 'shard' ? rootLog.child({ shard: shard.ids[0] }) : rootLog;

let store: Store | undefined;
let ops: OpsServer | undefined;
let bot: RunningBot | undefined;

let stopping: Promise<void> | undefined;
// Once, however many ways the end arrives (Ctrl+C reaches a shard and its manager's SIGTERM too),
// and from the start: a stop asked for while starting (a shard manager stopping) is a clean one.
const shutdown = (signal: string) =>
  (stopping ??= (async () => {
    log.info({ signal, started: bot !== undefined }, 'shutting down');
    await bot?.stop();
    await ops?.close();
    await store?.close();
    process.exit(0);
  })());
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
// A shard whose manager is gone (killed outright) stops too, rather than run on unsupervised.
if (config.sharding.role === 'shard') process.once('disconnect', () => void shutdown('shard manager gone'));
try {
  // The database first: a wrong DATABASE_PATH or a newer schema is reported before the slower content load.
  // On Postgres (DATABASE_URL) there is no file to back up: its operator's backups cover it.
  const prepared = config.postgres ? { foundVersion: 0, newestVersion: 0 } : await prepareDatabase(config.databasePath);
  if ('backupPath' in prepared && prepared.backupPath) {
    log.info(
      { databasePath: config.databasePath, backup: prepared.backupPath, fromVersion: prepared.foundVersion, toVersion: prepared.newestVersion },
      `backed up the database to ${prepared.backupPath} before upgrading it from schema v${prepared.foundVersion} to v${prepared.newestVersion}`,
    );
  }

  // Parsed lessons are cached by file hash beside the database, so a restart validates without re-parsing YAML.
  const content = await loadContent(config.contentDir, { cacheDir: path.join(path.dirname(config.databasePath), 'content-cache') });
  if (hasErrors(content)) {
    console.error(`The lessons in ${config.contentDir} have problems; the bot will not start until they are fixed:`);
    console.error(contentReport(content.problems));
    process.exit(1);
  }
  const catalogue = new Catalogue(content.lessons, content.tracks);
  log.info({ contentDir: config.contentDir, summary: inventory(catalogue) }, 'content loaded');

  let postgres: PostgresStore | undefined;
  // Names, pages reached and active days wait for a batch; one that cannot be written costs nothing a member was told.
  const onBookkeepingError = (error: unknown, lost: number) => log.warn({ err: error, lost }, 'bookkeeping could not be written');
  try {
    if (config.postgres) {
      postgres = await PostgresStore.open(config.postgres.url, { poolSize: config.postgres.poolSize, statementTimeoutMs: config.postgres.statementTimeoutMs, onBookkeepingError });
      store = postgres;
    } else {
      store = SqliteStore.open(config.databasePath, { onBookkeepingError });
    }
  } catch (error) {
    // The URL may hold a password: the reason names the server's answer, never the URL.
    if (config.postgres) throw new StartupError(`DATABASE_URL could not be used (${error instanceof Error ? error.message : String(error)}). Check the server, the database name and the credentials.`);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      'backupPath' in prepared && prepared.backupPath
        ? `Upgrading DATABASE_PATH=${config.databasePath} from schema v${prepared.foundVersion} to v${prepared.newestVersion} failed (${reason}). Each step is one transaction, so the database keeps its last good version, and the copy from before the upgrade is ${prepared.backupPath}. Report this with the log.`
        : `DATABASE_PATH=${config.databasePath} could not be opened (${reason}). Check the file and its folder's permissions for the bot's user.`,
    );
  }
  log.info(config.postgres ? { engine: 'postgres', poolSize: config.postgres.poolSize } : { engine: 'sqlite', databasePath: config.databasePath, schemaVersion: prepared.newestVersion }, 'database open');
  const instrumented = instrumentStore(store);

  let client: Client | undefined;
  if (config.metrics) {
    const probe = postgres ? new PostgresProbe(postgres.pool) : new DatabaseProbe(config.databasePath);
    // One listener per shard process, each on its own port: see sharding/assignment.ts.
    const metricsPort = metricsPortOf(config.metrics.port, shard);
    collectProcessMetrics();
    watchLiveQuizzes(instrumented, (guildId) => ownsGuild(shard, guildId));
    try {
      ops = await startOpsServer({ ...config.metrics, port: metricsPort, registry, health: () => overallHealth([gatewayCheck(client), probe.check()]) });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error';
      const which = metricsPort === config.metrics.port ? '' : ` (port ${metricsPort} for shard ${shard.ids[0]})`;
      throw new StartupError(`METRICS_PORT=${config.metrics.port}${which} on ${config.metrics.host} cannot be used (${code}): pick a free port, or unset METRICS_PORT to turn the listener off.`);
    }
    log.info({ host: ops.address.address, port: ops.address.port }, `health and metrics on http://${ops.address.address}:${ops.address.port}/healthz and /metrics`);
  }

  // One REST call with a deadline first: a wrong token or an API that never answers is said in one line.
  const rest = new REST({ api: config.apiUrl, retries: 0 }).setToken(config.discordToken);
  await withDeadline(rest.get(Routes.gatewayBot()), discordAnswerDeadlineMs, 'Discord REST');

  bot = await withDeadline(
    startBot({ token: config.discordToken, apiUrl: config.apiUrl, commands, catalogue, store: instrumented, log, tokenGuard: config.tokenGuardIntent, shard }),
    gatewayReadyDeadlineMs,
    'Discord gateway',
  );
  client = bot.client;
  watchClient(bot.client);
  startLogBatches();
} catch (error) {
  console.error(describeStartupFailure(error, config.apiUrl, 'start'));
  await ops?.close();
  await store?.close();
  process.exit(1);
}

function passwordIn(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}
