import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/**
 * A real Discord snowflake for "now": discord.js derives createdAt from ids and
 * some code sorts by them, so fixed fake ids like '1' would lie about time.
 */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  const worker = 1n << 17n;
  const processId = 1n << 12n;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | worker | processId | increment).toString();
}

export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/**
 * Interaction tokens are long url-safe strings. Keeping them url-safe matters:
 * discord-api-types' Routes only leaves [A-Za-z0-9-_%] unescaped.
 */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`;
}
