import { Routes, type APIChannel, type Client } from 'discord.js';
import { ReminderRounds, type ReminderDeps, type ReminderTransport, type TickOutcome } from './reminder-rounds.js';

export function discordReminderTransport(client: Client): ReminderTransport {
  return {
    async openDirectMessage(userId) {
      const channel = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
      return channel.id;
    },
    async post(channelId, content) {
      await client.rest.post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: { parse: [] } } });
    },
    guildName: (guildId) => client.guilds.cache.get(guildId)?.name,
  };
}

/**
 * At most one direct message a day to members who asked for it and have cards due. A member
 * whose DMs are closed is not tried again until they turn reminders on again.
 */
export class ReviewReminders {
  private timer: NodeJS.Timeout | undefined;
  private readonly rounds: ReminderRounds;

  constructor(
    client: Client,
    private readonly deps: ReminderDeps,
  ) {
    this.rounds = new ReminderRounds(discordReminderTransport(client), deps);
  }

  /** A tick still running when the next is due makes that one a no-op: ticks never stack. */
  start(): void {
    this.timer = setInterval(() => void this.tick(), this.deps.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.rounds.stop();
  }

  tick(): Promise<TickOutcome> {
    return this.rounds.tick();
  }
}
