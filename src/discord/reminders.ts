import { DiscordAPIError, RESTJSONErrorCodes, Routes, type APIChannel, type Client } from 'discord.js';
import type { Logger } from '../log.js';
import { utcDay } from '../review/streak.js';
import type { Store } from '../store/store.js';

/**
 * At most one direct message a day to members who asked for it and have cards due. A member
 * whose DMs are closed is not tried again until they turn reminders on again.
 */
export class ReviewReminders {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Client,
    private readonly deps: { store: Store; log: Logger; now: () => Date; intervalMs: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.deps.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<number> {
    const now = this.deps.now();
    const today = utcDay(now);
    let sent = 0;
    for (const target of this.deps.store.reviews.reminderTargets(now, today)) {
      // Marked first: a crash mid-send must not turn into a second message the same day.
      this.deps.store.reviews.reminderSent(target.guildId, target.userId, today);
      try {
        const channel = (await this.client.rest.post(Routes.userChannels(), { body: { recipient_id: target.userId } })) as APIChannel;
        const server = this.client.guilds.cache.get(target.guildId)?.name ?? 'your server';
        const cards = `${target.dueNow} ${target.dueNow === 1 ? 'card is' : 'cards are'}`;
        await this.client.rest.post(Routes.channelMessages(channel.id), {
          body: { content: `🧠 ${cards} ready for review in **${server}**. Run \`/review cards\` there; it takes a minute. (\`/review settings\` turns these off.)`, allowed_mentions: { parse: [] } },
        });
        sent += 1;
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
          this.deps.store.reviews.reminderBlocked(target.guildId, target.userId, now);
        } else {
          this.deps.log.warn({ err: error, userId: target.userId }, 'review reminder failed');
        }
      }
    }
    return sent;
  }
}
