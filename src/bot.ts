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
import type { Logger } from './log.js';
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
}

export interface RunningBot {
  client: Client<true>;
  live: LiveQuizRunner;
  reminders: ReviewReminders;
  stop(): Promise<void>;
}

/** Logs in and resolves once the gateway says the client is ready to receive interactions. */
export async function startBot(parts: BotParts): Promise<RunningBot> {
  const { log } = parts;
  const features = { tokenGuard: parts.tokenGuard ?? false };
  const client = createClient(parts.apiUrl, features);
  const now = parts.now ?? (() => new Date());
  const catalogue = parts.catalogue instanceof Catalogue ? new CatalogueHolder(parts.catalogue) : parts.catalogue;
  const live = new LiveQuizRunner({
    store: parts.store,
    catalogue,
    poster: restPoster(client.rest),
    now,
    log,
    timing: { ...defaultQuizTiming, ...parts.quizTiming },
  });
  const attachmentOrigins = parts.attachmentOrigins ?? DISCORD_CDN_ORIGINS;
  const route = createRouter(parts.commands, { catalogue, store: parts.store, log, now, live, features, attachmentOrigins });
  if (features.tokenGuard) attachTokenGuard(client, { store: parts.store, log, now });
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn(message));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard) => log.info({ shard }, 'gateway resumed'));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(parts.token);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  const readyClient = await ready;
  // Quizzes that were running when the bot last stopped carry on from the store.
  await live.resumeAll();
  const housekeeping = startHousekeeping(parts.store, now, log);
  const reminders = new ReviewReminders(client, { store: parts.store, log, now, intervalMs: 15 * 60_000 });
  reminders.start();
  log.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, lessons: catalogue.current.size }, 'bot ready');

  return {
    client: readyClient,
    live,
    reminders,
    async stop() {
      live.stopAll();
      reminders.stop();
      clearInterval(housekeeping);
      await client.destroy();
    },
  };
}

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
