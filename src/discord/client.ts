import { Client, GatewayIntentBits, Options, Partials, type ClientOptions } from 'discord.js';
import { sendAsShaped } from './json-payloads.js';
import type { ShardAssignment } from '../config.js';

/**
 * The least the bot needs: the Guilds intent, and caches that stay bounded however busy a
 * server is. Interactions carry their own member and channel data, so little is cached.
 */
export function clientOptions(
  apiUrl: string,
  features: { tokenGuard: boolean } = { tokenGuard: false },
  shard: ShardAssignment = { ids: [0], count: 1 },
): ClientOptions {
  const keepSelf = { maxSize: 200, keepOverLimit: (entry: { id: string; client: Client }) => entry.id === entry.client.user?.id };
  return {
    // Message events and their content only when the owner enables the token guard.
    intents: features.tokenGuard
      ? [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent]
      : [GatewayIntentBits.Guilds],
    partials: features.tokenGuard ? [Partials.Message] : [],
    rest: { api: apiUrl },
    // Always explicit, from the configuration. discord.js still reads SHARD_COUNT from the
    // environment when the count equals its default of 1, so configFromEnvironment removes it.
    shards: shard.ids,
    shardCount: shard.count,
    allowedMentions: { parse: [] },
    jsonTransformer: sendAsShaped,
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      GuildMemberManager: keepSelf,
      UserManager: { maxSize: 1000, keepOverLimit: (user) => user.id === user.client.user?.id },
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      users: { interval: 3600, filter: () => (user) => user.id !== user.client.user?.id },
    },
  };
}

export const createClient = (apiUrl: string, features?: { tokenGuard: boolean }, shard?: ShardAssignment) =>
  new Client(clientOptions(apiUrl, features, shard));
