import type {
  APIApplication,
  APIDMChannel,
  APIGuildMember,
  APIInteractionGuildMember,
  APIRole,
  APITextChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData,
} from 'discord.js';
import { snowflake } from './ids.js';
import type { FakeGuildOptions } from './types.js';

// Permission bits by name (discord-api-types' PermissionFlagsBits is runtime code; this file stays type-only).
const bit = (n: number): bigint => 1n << BigInt(n);
const EVERYDAY_PERMISSIONS =
  bit(6) /* AddReactions */ |
  bit(10) /* ViewChannel */ |
  bit(11) /* SendMessages */ |
  bit(14) /* EmbedLinks */ |
  bit(15) /* AttachFiles */ |
  bit(16) /* ReadMessageHistory */ |
  bit(18) /* UseExternalEmojis */ |
  bit(26) /* ChangeNickname */ |
  bit(31) /* UseApplicationCommands */ |
  bit(35) /* CreatePublicThreads */ |
  bit(38); /* SendMessagesInThreads */

export const MEMBER_PERMISSIONS = EVERYDAY_PERMISSIONS.toString();
/** What the bot itself may do in the fake's channels (sent as app_permissions). */
export const BOT_PERMISSIONS = (EVERYDAY_PERMISSIONS | bit(13) /* ManageMessages */).toString();

export const GUILDS_INTENT = 1;
// Bitfield fields are typed as flag enums, which do not accept a literal 0.
const NO_FLAGS = 0 as never;
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

export interface LocalGuild {
  id: string;
  name: string;
  ownerId: string;
  locale: string;
  features: string[];
  joinedAt: string;
  channels: APITextChannel[];
  /** Roles besides @everyone, as GUILD_CREATE lists them. */
  roles: { id: string; name: string; color: number; permissions: string }[];
}

/** The fake's model of the Discord world: the bot, its guilds, channels and users. */
export class World {
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly guilds: LocalGuild[];
  readonly attachmentSizeLimit = ATTACHMENT_SIZE_LIMIT;
  private readonly usersByKey = new Map<string, APIUser>();
  private readonly dmChannels = new Map<string, APIDMChannel>();
  /** `guildId:userId` of members who left; every other known user counts as a member. */
  private readonly departed = new Set<string>();
  /** `guildId:userId` → the member's roles besides @everyone. */
  private readonly memberRoles = new Map<string, string[]>();
  /** Permission bits a channel's overwrites take away from the bot. */
  private readonly botDenied = new Map<string, bigint>();

  constructor(botName: string, guilds: FakeGuildOptions[]) {
    // Bots created since 2017 share their user id with their application id.
    this.applicationId = snowflake();
    this.botUser = {
      id: this.applicationId,
      username: botName,
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      flags: NO_FLAGS,
      public_flags: NO_FLAGS,
    };
    this.usersByKey.set(this.botUser.id, this.botUser);
    const owner = this.user('owner');
    this.guilds = guilds.map((options, index) => this.makeGuild(options, index, owner.id));
  }

  /** Returns the user with this id or name, creating it on first use so tests can say user('bob'). */
  user(idOrName: string): APIUser {
    const key = /^\d{17,20}$/.test(idOrName) ? idOrName : idOrName.toLowerCase();
    const known = this.usersByKey.get(key);
    if (known) return known;
    const isId = key === idOrName && /^\d+$/.test(key);
    const id = isId ? key : snowflake();
    const username = isId ? `user${id.slice(-4)}` : key;
    const user: APIUser = {
      id,
      username,
      discriminator: '0',
      global_name: username.charAt(0).toUpperCase() + username.slice(1),
      avatar: null,
      public_flags: NO_FLAGS,
      flags: NO_FLAGS,
    };
    this.usersByKey.set(id, user);
    this.usersByKey.set(username, user);
    return user;
  }

  resolveUser(user: APIUser | string | undefined, fallback: string): APIUser {
    if (user === undefined) return this.user(fallback);
    return typeof user === 'string' ? this.user(user) : user;
  }

  private readonly closedDms = new Set<string>();

  closeDms(userId: string): void {
    this.closedDms.add(userId);
  }

  dmsClosed(userId: string): boolean {
    return this.closedDms.has(userId);
  }

  removeMember(guildId: string, userId: string): void {
    this.departed.add(`${guildId}:${userId}`);
  }

  /** The roles a member holds (besides @everyone): member look-ups and message events carry them. */
  setMemberRoles(guildId: string, userId: string, roles: string[]): void {
    this.memberRoles.set(`${guildId}:${userId}`, [...roles]);
  }

  rolesOf(guildId: string, userId: string): string[] {
    return this.memberRoles.get(`${guildId}:${userId}`) ?? [];
  }

  /** A known user who has not left: what GET /guilds/:guild/members/:user answers. */
  findMember(guildId: string, userId: string): APIGuildMember | undefined {
    const guild = this.guilds.find((candidate) => candidate.id === guildId);
    const user = this.usersByKey.get(userId);
    if (!guild || !user || user.id !== userId || this.departed.has(`${guildId}:${userId}`)) return undefined;
    return this.plainMember(guild, user, this.rolesOf(guildId, userId));
  }

  /** @everyone and the guild's other roles, as Discord lists them. */
  rolesPayload(guild: LocalGuild): APIRole[] {
    const everyone: APIRole = {
      id: guild.id,
      name: '@everyone',
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: 0,
      permissions: MEMBER_PERMISSIONS,
      managed: false,
      mentionable: false,
      flags: NO_FLAGS,
    };
    const others = guild.roles.map((role, index) => ({
      ...everyone,
      id: role.id,
      name: role.name,
      color: role.color,
      colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
      permissions: role.permissions,
      position: index + 1,
    }));
    return [everyone, ...others];
  }

  guild(id?: string): LocalGuild {
    const guild = id === undefined ? this.guilds[0] : this.guilds.find((g) => g.id === id);
    if (!guild) throw new Error(`local-discord: unknown guild ${id ?? '(none configured)'}`);
    return guild;
  }

  /** Like a channel overwrite that denies the bot these permissions there. */
  denyBot(channelId: string, bits: bigint): void {
    this.botDenied.set(channelId, (this.botDenied.get(channelId) ?? 0n) | bits);
  }

  botPermissionsIn(channelId: string): bigint {
    return BigInt(BOT_PERMISSIONS) & ~(this.botDenied.get(channelId) ?? 0n);
  }

  findChannel(channelId: string): { guild: LocalGuild | null; channel: APITextChannel | APIDMChannel } | undefined {
    for (const guild of this.guilds) {
      const channel = guild.channels.find((c) => c.id === channelId);
      if (channel) return { guild, channel };
    }
    const dm = [...this.dmChannels.values()].find((c) => c.id === channelId);
    return dm ? { guild: null, channel: dm } : undefined;
  }

  guildChannel(guild: LocalGuild, channelId?: string): APITextChannel {
    const channel = channelId ? guild.channels.find((c) => c.id === channelId) : guild.channels[0];
    if (!channel) throw new Error(`local-discord: guild ${guild.name} has no channel ${channelId ?? '(none)'}`);
    return channel;
  }

  dmChannel(user: APIUser): APIDMChannel {
    let channel = this.dmChannels.get(user.id);
    if (!channel) {
      channel = { id: snowflake(), type: 1, name: null, recipients: [user], last_message_id: null, flags: NO_FLAGS };
      this.dmChannels.set(user.id, channel);
    }
    return channel;
  }

  member(guild: LocalGuild, user: APIUser, permissions: string, roles: string[]): APIInteractionGuildMember {
    return { ...this.plainMember(guild, user, roles), permissions };
  }

  application(): APIApplication {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: NO_FLAGS,
      flags_new: '0',
      team: null,
      owner: this.user('owner'),
      bot: this.botUser,
      rpc_origins: [],
      install_params: { scopes: ['bot', 'applications.commands'], permissions: BOT_PERMISSIONS },
    } as APIApplication;
  }

  readyPayload(sessionId: string, resumeGatewayUrl: string): GatewayReadyDispatchData {
    return {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false, email: null },
      guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: sessionId,
      resume_gateway_url: resumeGatewayUrl,
      shard: [0, 1],
      application: { id: this.applicationId, flags: NO_FLAGS, flags_new: '0' },
    };
  }

  guildCreatePayload(guild: LocalGuild): GatewayGuildCreateDispatchData {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      region: 'us-west',
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 1,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: this.rolesPayload(guild),
      emojis: [],
      stickers: [],
      features: guild.features as GatewayGuildCreateDispatchData['features'],
      mfa_level: 0,
      application_id: null,
      system_channel_id: guild.channels[0]?.id ?? null,
      system_channel_flags: NO_FLAGS,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_presences: null,
      max_members: 500_000,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: guild.locale as GatewayGuildCreateDispatchData['preferred_locale'],
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      hub_type: null,
      incidents_data: null,
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [this.plainMember(guild, this.botUser, [])],
      channels: guild.channels,
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  private plainMember(guild: LocalGuild, user: APIUser, roles: string[]): APIGuildMember {
    return {
      user,
      nick: null,
      avatar: null,
      banner: null,
      roles,
      joined_at: guild.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: NO_FLAGS,
      pending: false,
    };
  }

  private makeGuild(options: FakeGuildOptions, index: number, ownerId: string): LocalGuild {
    const id = options.id ?? snowflake();
    const names = options.channels?.length ? options.channels : ['general'];
    return {
      id,
      name: options.name ?? (index === 0 ? 'Fake Guild' : `Fake Guild ${index + 1}`),
      ownerId,
      locale: options.locale ?? 'en-US',
      features: options.features ?? [],
      joinedAt: new Date().toISOString(),
      channels: names.map((name, position) => textChannel(id, name, position)),
      roles: (options.roles ?? []).map((role) => ({
        id: role.id ?? snowflake(),
        name: role.name,
        color: role.color ?? 0,
        permissions: role.permissions ?? '0',
      })),
    };
  }
}

function textChannel(guildId: string, name: string, position: number): APITextChannel {
  const channel: APITextChannel = {
    id: snowflake(),
    type: 0,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: NO_FLAGS,
  };
  return channel;
}
