/**
 * Discord's sharding rules, as the gateway applies them (Gateway → Sharding): a guild's events
 * go to shard (guild_id >> 22) % num_shards, direct messages to shard 0. Kept apart from the
 * bot's own copy on purpose: a fake that shared the bot's formula would pass the bot's mistakes.
 */
export type ShardPair = readonly [id: number, count: number];

/** What a session without a `shard` in its IDENTIFY is: the only shard. */
export const UNSHARDED: ShardPair = [0, 1];

/** Discord refuses a session that would receive more guilds than this (close code 4011). */
export const DISCORD_GUILDS_PER_SHARD = 2500;

export function owningShard(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Whether a session identified as `shard` receives the events of `guildId` (null: a DM). */
export function receives(shard: ShardPair, guildId: string | null): boolean {
  return guildId === null ? shard[0] === 0 : owningShard(guildId, shard[1]) === shard[0];
}

/** The shard pair of an IDENTIFY, or 'invalid' for anything but [id, count] with 0 <= id < count. */
export function parseShard(value: unknown): ShardPair | 'invalid' {
  if (value === undefined || value === null) return UNSHARDED;
  if (!Array.isArray(value) || value.length !== 2) return 'invalid';
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return 'invalid';
  if ((count as number) < 1 || (id as number) < 0 || (id as number) >= (count as number)) return 'invalid';
  return [id as number, count as number];
}

/** The guild an event belongs to, for routing: guild events carry it as `id`, the rest as `guild_id`. */
export function guildOfEvent(t: string, d: unknown): string | null {
  const data = (d ?? {}) as { id?: unknown; guild_id?: unknown };
  const id = t.startsWith('GUILD_') && !('guild_id' in data) ? data.id : data.guild_id;
  return typeof id === 'string' ? id : null;
}
