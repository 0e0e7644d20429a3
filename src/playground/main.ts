import { commands } from '../../commands/index.js';
import { createLogger } from '../log.js';
import { StartupError } from '../ops/startup.js';
import { installProcessGuards } from '../process-guards.js';
import { startPlayground, type RunningPlayground } from './start.js';

/** The playground's entry point: `npm start` without a token, or `npm run playground`. */
const env = process.env;
const tokenSet = (env.DISCORD_TOKEN ?? '').trim() !== '';
// The first line says which world this is, before anything else can print.
console.log(
  tokenSet
    ? 'Playground mode (npm run playground): the bot runs on a local Discord in your browser; DISCORD_TOKEN is not used here (npm start connects to Discord).'
    : 'Playground mode: no DISCORD_TOKEN is set, so the bot runs on a local Discord in your browser. Set DISCORD_TOKEN to connect it to Discord (README, "Connect it to Discord").',
);

const portText = (env.PLAYGROUND_PORT ?? '').trim() || '3000';
if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535) {
  console.error(`The playground cannot start: PLAYGROUND_PORT must be a port number from 0 to 65535 (0 picks a free one), not ${portText}.`);
  process.exit(1);
}
const contentDir = (env.CONTENT_DIR ?? '').trim() || 'content';
const databasePath = (env.PLAYGROUND_DATABASE_PATH ?? '').trim() || 'data/playground.db';
// Quiet by default: the terminal is for the URL and for lesson problems; LOG_LEVEL=info shows the bot's log.
const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const level = levels.find((candidate) => candidate === env.LOG_LEVEL?.trim()) ?? 'warn';
const log = createLogger({ level, secrets: [env.DISCORD_TOKEN ?? ''] });
installProcessGuards(log);

let playground: RunningPlayground;
try {
  playground = await startPlayground({
    port: Number(portText),
    contentDir,
    databasePath,
    pageDir: (env.PLAYGROUND_PAGE_DIR ?? '').trim() || 'dist/playground-web',
    commands,
    log,
  });
} catch (error) {
  console.error(error instanceof StartupError ? error.message : `The playground could not start: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
}
console.log(`Open ${playground.url} (lessons from ${contentDir}, watched for changes; database ${databasePath}). Ctrl+C stops it.`);

const running = playground;
const shutdown = async () => {
  await running.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
