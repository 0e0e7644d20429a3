import { Events, type Client } from 'discord.js';
import { Catalogue } from './content/catalogue.js';
import { CatalogueHolder } from './content/catalogue-holder.js';
import { createClient } from './discord/client.js';
import type { CommandModule } from './discord/command.js';
import { defaultQuizTiming, LiveQuizRunner, restPoster, type QuizTiming } from './discord/quiz/live-runner.js';
import { createRouter } from './discord/router.js';
import { ReviewReminders } from './discord/reminders.js';
import { attachTokenGuard } from './discord/token-guard.js';
import { DISCORD_CDN_ORIGINS } from './discord/uploads.js';
import type { ShardAssignment } from './config.js';
import type { Logger } from './log.js';
import { StartupError } from './ops/startup.js';
import { ownsGuild, runsSharedDuties } from './sharding/assignment.js';
import type { Store } from './store/store.js';

export interface BotParts {
  token: string;
  apiUrl: string;
  commands: readonly CommandModule[];
  /** A holder when the catalogue may be swapped while the bot runs (the playground's live reload). */
  catalogue: Catalogue | CatalogueHolder;
  store: Store;
  log: Logger;
  now?: () => Date;
  quizTiming?: Partial<QuizTiming>;
  /** Ask for message events and content, so servers can turn the token guard on. */
  tokenGuard?: boolean;
  /** Origins /decode file: may read from; Discord's CDN unless a test points elsewhere. */
  attachmentOrigins?: readonly string[];
  /** The gateway shards this process runs; one process alone runs shard 0 of 1. */
  shard?: ShardAssignment;
}

export interface RunningBot {
  client: Client<true>;
  live: LiveQuizRunner;
  /** Only on the shard that runs the rounds for every shard (shard 0); the others have none. */
  reminders: ReviewReminders | undefined;
  stop(): Promise<void>;
}

/** Logs in and resolves once the gateway says the client is ready to receive interactions. */
export async function startBot(parts: BotParts): Promise<RunningBot> {
  const { log } = parts;
  const features = { tokenGuard: parts.tokenGuard ?? false };
  const shard = parts.shard ?? { ids: [0], count: 1 };
  const client = createClient(parts.apiUrl, features, shard);
  const now = parts.now ?? (() => new Date());
  const catalogue = parts.catalogue instanceof Catalogue ? new CatalogueHolder(parts.catalogue) : parts.catalogue;
  const live = new LiveQuizRunner({
    store: parts.store,
    catalogue,
    poster: restPoster(client.rest),
    now,
    log,
    timing: { ...defaultQuizTiming, ...parts.quizTiming },
    ownsGuild: (guildId) => ownsGuild(shard, guildId),
  });
  const attachmentOrigins = parts.attachmentOrigins ?? DISCORD_CDN_ORIGINS;
  const route = createRouter(parts.commands, { catalogue, store: parts.store, log, now, live, features, attachmentOrigins });
  if (features.tokenGuard) attachTokenGuard(client, { store: parts.store, log, now });
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn(message));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard) => log.info({ shard }, 'gateway resumed'));

  const ready = new Promise<Client<true>>((resolve, reject) => {
    client.once(Events.ClientReady, resolve);
    // discord.js gives up on these closes without a word: say what to do instead of waiting a minute.
    client.on(Events.ShardDisconnect, (event) => {
      const refusal = shardRefusals[event.code];
      if (refusal) reject(new StartupError(refusal));
    });
  });
  let readyClient: Client<true>;
  try {
    // Together: a refusal may come while login is still waiting on the gateway.
    [, readyClient] = await Promise.all([client.login(parts.token), ready]);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  // Quizzes that were running when the bot last stopped carry on from the store.
  await live.resumeAll();
  // Reminders and housekeeping span every guild: one shard does them for all (see sharding/assignment.ts).
  const shared = runsSharedDuties(shard);
  const housekeeping = shared ? startHousekeeping(parts.store, now, log) : undefined;
  const reminders = shared ? new ReviewReminders(client, { store: parts.store, log, now, intervalMs: 15 * 60_000 }) : undefined;
  reminders?.start();
  log.info(
    { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, lessons: catalogue.current.size, shards: shard.ids, shardCount: shard.count, sharedDuties: shared },
    'bot ready',
  );

  return {
    client: readyClient,
    live,
    reminders,
    async stop() {
      live.stopAll();
      reminders?.stop();
      clearInterval(housekeeping);
      await client.destroy();
    },
  };
}

/** Gateway close codes that refuse the shard layout (Discord's documented 4010 and 4011). */
const shardRefusals: Record<number, string> = {
  4010: 'Discord refused the shard this process identified as (close code 4010, invalid shard). Set BOT_SHARDS=auto to take the shard count from Discord.',
  4011: 'Discord requires this bot to shard: it is in too many servers for one gateway connection (close code 4011). Set BOT_SHARDS=auto and start it again.',
};

/** Practice runs idle this long are closed: nobody comes back to a question after half a day. */
const practiceIdleLimitMs = 12 * 3_600_000;
/** Interaction tokens live fifteen minutes; a claim kept twice that long is never needed again. */
const claimRetentionMs = 30 * 60_000;

/** Growth control, at start and every ten minutes; a failure (a locked database) waits for the next round. */
function startHousekeeping(store: Store, now: () => Date, log: Logger): NodeJS.Timeout {
  const sweep = async () => {
    try {
      const at = now();
      const expired = await store.quizzes.expireAbandonedPractice(new Date(at.getTime() - practiceIdleLimitMs), at);
      const forgotten = await store.pruneClaims(new Date(at.getTime() - claimRetentionMs));
      await store.pruneCooldowns(at);
      if (expired > 0 || forgotten > 0) log.info({ expiredPracticeRuns: expired, forgottenClaims: forgotten }, 'housekeeping');
    } catch (error) {
      log.warn({ err: error }, 'housekeeping failed; trying again next round');
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), 10 * 60_000);
  timer.unref();
  return timer;
}
