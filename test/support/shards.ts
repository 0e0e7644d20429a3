import { snowflake } from '../../src/playground/discord/index.js';

/**
 * A fresh guild id that Discord's rule, (guild_id >> 22) % count, puts on `shard`: the
 * timestamp part of a real snowflake, moved by less than `count` milliseconds.
 */
export function guildIdOnShard(shard: number, count: number): string {
  const id = BigInt(snowflake());
  const timestamp = id >> 22n;
  const moved = timestamp - (timestamp % BigInt(count)) + BigInt(shard);
  return ((moved << 22n) | (id & 0x3fffffn)).toString();
}
