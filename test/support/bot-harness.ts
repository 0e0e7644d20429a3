import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import { commands } from '../../commands/index.js';
import { startBot, type RunningBot } from '../../src/bot.js';
import { Catalogue } from '../../src/content/catalogue.js';
import { loadContent } from '../../src/content/load.js';
import { createLogger } from '../../src/log.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.js';
import { useTempDir } from './temp.js';

export interface Harness {
  fake: FakeDiscord;
  bot: RunningBot;
  store: SqliteStore;
  databasePath: string;
  /** Everything the bot logged, as JSON lines. */
  logs(): string;
  /** Stops the bot (not the fake) and starts it again on the same database. */
  restart(): Promise<void>;
}

/**
 * The real bot, as main.ts assembles it (real commands, the repository's content, a SQLite
 * file in a temp dir), logged in to a local fake Discord. Cleaned up after each test.
 */
export function useBotHarness(): (options?: FakeDiscordOptions) => Promise<Harness> {
  const tempDir = useTempDir();
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  return async (options = {}) => {
    const fake = await FakeDiscord.start(options);
    cleanups.push(() => fake.close());
    const content = await loadContent('content');
    const catalogue = new Catalogue(content.lessons, content.tracks);
    const databasePath = path.join(tempDir(), 'tutor.db');
    let logText = '';
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => (logText += chunk.toString()));
    const log = createLogger({ level: 'debug', secrets: [fake.token], destination: logStream });

    const launch = async () => {
      const store = SqliteStore.open(databasePath);
      const bot = await startBot({ token: fake.token, apiUrl: fake.apiUrl, commands, catalogue, store, log });
      return { store, bot };
    };
    let running = await launch();
    const stop = async () => {
      await running.bot.stop();
      running.store.close();
    };
    cleanups.push(() => stop());

    return {
      fake,
      get bot() {
        return running.bot;
      },
      get store() {
        return running.store;
      },
      databasePath,
      logs: () => logText,
      async restart() {
        await stop();
        running = await launch();
      },
    };
  };
}
