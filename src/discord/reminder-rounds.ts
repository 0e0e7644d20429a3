import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import type { Logger } from '../log.js';
import { utcDay } from '../review/streak.js';
import type { ReminderTarget } from '../store/review-store.js';
import type { Store } from '../store/store.js';
import { RequestPacer, realPacerClock, type PacerClock } from './request-pacer.js';

/**
 * Discord allows a bot 50 requests a second in all, interactions' follow-ups and edits
 * included. Reminders take 20 of them (10 reminders a second: each opens the DM channel,
 * then posts), so a live quiz never waits behind a morning of reminders.
 */
export const reminderPace = {
  discordGlobalRequestsPerSecond: 50,
  requestsPerSecond: 20,
  requestsPerReminder: 2,
  /** Slow answers from Discord must not pile up sends in memory. */
  maxInFlight: 10,
  /** The share of the interval a tick may spend starting sends; the rest lets them finish before the next tick. */
  budgetShare: 0.8,
} as const;

/** How a reminder reaches a member; the bot's is Discord's REST API. */
export interface ReminderTransport {
  /** Opens (or finds) the DM channel with the member; resolves with its id. */
  openDirectMessage(userId: string): Promise<string>;
  post(channelId: string, content: string): Promise<void>;
  /** Never rejects: a name it cannot find is undefined, and the message says "your server". */
  guildName(guildId: string): string | undefined | Promise<string | undefined>;
}

export interface ReminderDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  intervalMs: number;
  clock?: PacerClock;
}

export type TickOutcome =
  /** `left`: members this tick had no time for; they are still unmarked, so the next tick takes them. */
  | { status: 'done'; sent: number; left: number }
  /** The previous tick was still running. */
  | { status: 'skipped' }
  /** Logged; nothing is lost, the next tick starts again from the store. */
  | { status: 'failed' };

export const reminderText = (cardsDue: number, server: string) =>
  `🧠 ${cardsDue} ${cardsDue === 1 ? 'card is' : 'cards are'} ready for review in **${server}**. Run \`/review cards\` there; it takes a minute. (\`/review settings\` turns these off.)`;

/**
 * One tick at a time; within a tick, each member is claimed in the store just before their
 * message, and every request waits for its slot from the pacer.
 */
export class ReminderRounds {
  private running = false;
  private stopped = false;
  private readonly pacer: RequestPacer;
  private readonly clock: PacerClock;

  constructor(
    private readonly transport: ReminderTransport,
    private readonly deps: ReminderDeps,
  ) {
    this.clock = deps.clock ?? realPacerClock;
    this.pacer = new RequestPacer(reminderPace.requestsPerSecond, this.clock);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Never rejects: it runs from a timer, where a rejection would end the process. */
  async tick(): Promise<TickOutcome> {
    if (this.running) {
      this.deps.log.warn('review reminders: the previous tick is still running; skipping this one');
      return { status: 'skipped' };
    }
    this.running = true;
    try {
      return await this.round();
    } catch (error) {
      this.deps.log.error({ err: error }, 'review reminders: tick failed; the next tick starts again');
      return { status: 'failed' };
    } finally {
      this.running = false;
    }
  }

  private async round(): Promise<TickOutcome> {
    const startedAt = this.clock.now();
    const outOfTime = () => this.stopped || this.clock.now() - startedAt >= this.deps.intervalMs * reminderPace.budgetShare;
    const now = this.deps.now();
    const today = utcDay(now);
    const targets = await this.deps.store.reviews.reminderTargets(now, today);
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    let reached = 0;
    try {
      for (const target of targets) {
        while (inFlight.size >= reminderPace.maxInFlight) await Promise.race(inFlight);
        if (outOfTime()) break;
        await this.pacer.slot();
        if (outOfTime()) break;
        reached += 1;
        if (!await this.deps.store.reviews.claimReminder(target.guildId, target.userId, today)) continue;
        const sending = this.send(target, now).then((delivered) => {
          if (delivered) sent += 1;
          inFlight.delete(sending);
        });
        inFlight.add(sending);
      }
    } finally {
      await Promise.all(inFlight);
    }
    return { status: 'done', sent, left: targets.length - reached };
  }

  /** The pacer slot for opening the channel was taken by the caller; posting takes its own. */
  private async send(target: ReminderTarget, now: Date): Promise<boolean> {
    try {
      const channelId = await this.transport.openDirectMessage(target.userId);
      await this.pacer.slot();
      await this.transport.post(channelId, reminderText(target.dueNow, (await this.transport.guildName(target.guildId)) ?? 'your server'));
      return true;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
        await this.blocked(target, now);
      } else {
        this.deps.log.warn({ err: error, userId: target.userId }, 'review reminder failed');
      }
      return false;
    }
  }

  private async blocked(target: ReminderTarget, now: Date): Promise<void> {
    try {
      await this.deps.store.reviews.reminderBlocked(target.guildId, target.userId, now);
    } catch (error) {
      this.deps.log.error({ err: error, userId: target.userId }, 'review reminders: could not record closed DMs');
    }
  }
}
