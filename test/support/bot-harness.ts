import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import { commands } from '../../commands/index.js';
import { startBot, type RunningBot } from '../../src/bot.js';
import type { ReviewReminders } from '../../src/discord/reminders.js';
import type { ShardAssignment } from '../../src/config.js';
import type { QuizTiming } from '../../src/discord/quiz/live-runner.js';
import { Catalogue } from '../../src/content/catalogue.js';
import { loadContent } from '../../src/content/load.js';
import { createLogger } from '../../src/log.js';
import type { Store } from '../../src/store/store.js';
import { useTestDatabases, type Engine, type TestDatabase } from './engines.js';
import { LocalDiscord, type LocalDiscordOptions } from '../../src/playground/discord/index.js';

/** The bot's clock: real time plus an offset a test can move forward. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export interface Harness {
  clock: TestClock;
  fake: LocalDiscord;
  bot: RunningBot;
  /** The bot's reminder rounds (a lone bot is shard 0, which runs them). */
  reminders: ReviewReminders;
  store: Store;
  /** The SQLite file, or the Postgres URL with the engine 'postgres'. */
  databasePath: string;
  engine: Engine;
  /** Raw statements on the bot's database, written as SQLite's (as a finished quiz or an old release leaves rows). */
  database: Pick<TestDatabase, 'exec' | 'all'>;
  /** Everything the bot logged, as JSON lines. */
  logs(): string;
  /** Stops the bot (not the fake) and starts it again on the same database. */
  restart(): Promise<void>;
  /** Another bot process on the same fake and database, running other shards; stopped after the test. */
  startShard(shard: ShardAssignment): Promise<RunningBot>;
}

/**
 * The real bot, as main.ts assembles it (real commands, the repository's content, a SQLite
 * file in a temp dir or a fresh Postgres schema), logged in to a local fake Discord. Cleaned up after each test.
 */
export interface HarnessOptions extends LocalDiscordOptions {
  quizTiming?: Partial<QuizTiming>;
  tokenGuard?: boolean;
  /** SQLite unless said. */
  engine?: Engine;
  /** The shards the bot runs (default: shard 0 of 1, a lone bot). */
  shard?: ShardAssignment;
  /** The store the bot is given, made from the one opened (to watch its calls); the harness's own `store` stays the opened one. */
  wrapStore?: (store: Store) => Store;
}

/** Quick enough for tests; the coalescing interval keeps its real length so edits can be counted. */
const testQuizTiming: Partial<QuizTiming> = { revealPauseMs: 20, countEditIntervalMs: 2000, lobbyTimeoutMs: 600_000 };

export function useBotHarness(): (options?: HarnessOptions) => Promise<Harness> {
  const database = useTestDatabases();
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  return async (options = {}) => {
    const { quizTiming, tokenGuard, shard, engine = 'sqlite', wrapStore = (store: Store) => store, ...fakeOptions } = options;
    const fake = await LocalDiscord.start(fakeOptions);
    let offset = 0;
    const clock: TestClock = { now: () => new Date(Date.now() + offset), advance: (ms) => (offset += ms) };
    cleanups.push(() => fake.close());
    const content = await loadContent('content');
    const catalogue = new Catalogue(content.lessons, content.tracks);
    const db = await database(engine);
    const databasePath = db.location;
    let logText = '';
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => (logText += chunk.toString()));
    const log = createLogger({ level: 'debug', secrets: [fake.token], destination: logStream });

    const launch = async (runs = shard) => {
      const store = await db.open();
      const bot = await startBot({
        token: fake.token,
        apiUrl: fake.apiUrl,
        commands,
        catalogue,
        store: wrapStore(store),
        log,
        now: clock.now,
        quizTiming: { ...testQuizTiming, ...quizTiming },
        tokenGuard,
        // The fake serves uploads itself, standing in for Discord's CDN.
        attachmentOrigins: [new URL(fake.apiUrl).origin],
        shard: runs,
      });
      return { store, bot };
    };
    let running = await launch();
    const stop = async () => {
      await running.bot.stop();
      await running.store.close();
    };
    cleanups.push(() => stop());

    return {
      fake,
      clock,
      get bot() {
        return running.bot;
      },
      get store() {
        return running.store;
      },
      get reminders() {
        if (!running.bot.reminders) throw new Error('this bot runs no reminder rounds: it is not shard 0');
        return running.bot.reminders;
      },
      databasePath,
      engine,
      database: db,
      logs: () => logText,
      async restart() {
        await stop();
        running = await launch();
      },
      async startShard(other) {
        const another = await launch(other);
        cleanups.push(async () => {
          await another.bot.stop();
          await another.store.close();
        });
        return another.bot;
      },
    };
  };
}
