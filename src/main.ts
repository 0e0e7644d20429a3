import { commands } from '../commands/index.js';
import { startBot } from './bot.js';
import { Catalogue } from './content/catalogue.js';
import { hasErrors, loadContent } from './content/load.js';
import { contentReport, inventory } from './content/report.js';
import { describeStartupFailure } from './discord/startup-errors.js';
import { configFromEnvironment } from './environment.js';
import { createLogger } from './log.js';
import { installProcessGuards } from './process-guards.js';
import { SqliteStore } from './store/sqlite.js';

/** Composition root: config → logger → content → store → client. */
const config = configFromEnvironment();

const pretty = process.argv.includes('--pretty') ? ((await import('pino-pretty')).default({ colorize: true })) : undefined;
const log = createLogger({ level: config.logLevel, secrets: [config.discordToken], destination: pretty });
installProcessGuards(log);

const content = await loadContent(config.contentDir);
if (hasErrors(content)) {
  console.error(`The lessons in ${config.contentDir} have problems; the bot will not start until they are fixed:`);
  console.error(contentReport(content.problems));
  process.exit(1);
}
const catalogue = new Catalogue(content.lessons, content.tracks);
log.info({ contentDir: config.contentDir, summary: inventory(catalogue) }, 'content loaded');

const store = SqliteStore.open(config.databasePath);
log.info({ databasePath: config.databasePath }, 'database open');

try {
  const bot = await startBot({ token: config.discordToken, apiUrl: config.apiUrl, commands, catalogue, store, log, tokenGuard: config.tokenGuardIntent });
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await bot.stop();
    store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  store.close();
  console.error(describeStartupFailure(error, config.apiUrl));
  process.exit(1);
}
