import { Routes, type APIChannel, type APIGuild, type Client } from 'discord.js';
import { ReminderRounds, type ReminderDeps, type ReminderTransport, type TickOutcome } from './reminder-rounds.js';

/** Names of guilds on other shards, asked of Discord once each; cleared whole when it grows past this. */
const foreignNamesLimit = 1000;

export function discordReminderTransport(client: Client): ReminderTransport {
  const foreignNames = new Map<string, string>();
  return {
    async openDirectMessage(userId) {
      const channel = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
      return channel.id;
    },
    async post(channelId, content) {
      await client.rest.post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: { parse: [] } } });
    },
    // Shard 0 sends every shard's reminders, and another shard's guilds are not in its cache:
    // one GET /guilds/{id} per such guild, remembered, so a round adds at most one request per guild.
    async guildName(guildId) {
      const name = client.guilds.cache.get(guildId)?.name ?? foreignNames.get(guildId);
      if (name !== undefined) return name;
      try {
        const guild = (await client.rest.get(Routes.guild(guildId))) as APIGuild;
        if (foreignNames.size >= foreignNamesLimit) foreignNames.clear();
        foreignNames.set(guildId, guild.name);
        return guild.name;
      } catch {
        return undefined;
      }
    },
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
