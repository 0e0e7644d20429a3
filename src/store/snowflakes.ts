/** Discord's epoch, 2015-01-01T00:00:00Z: a snowflake's top 42 bits are milliseconds since it. */
const discordEpochMs = 1_420_070_400_000;

/**
 * The lowest snowflake Discord can make at `at`: every id it made earlier is below it. Claims are
 * keyed by interaction id, so "claimed before a time" is also, give or take clock skew, a range of
 * keys; the prune reads that range instead of every claim.
 */
export function firstSnowflakeAt(at: Date): bigint {
  return BigInt(Math.max(0, at.getTime() - discordEpochMs)) << 22n;
}
