import type { ShardAssignment } from '../config.js';

/**
 * Which shard a guild lives on, and what the shards share out between them. Pure: no
 * discord.js, so the rules are unit tests.
 */

/** Discord's rule (Gateway → Sharding): a guild's events go to shard (guild_id >> 22) % count. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Whether the shards this process runs receive the guild's events, and so own its live quizzes. */
export function ownsGuild(assignment: ShardAssignment, guildId: string): boolean {
  return assignment.ids.includes(shardOfGuild(guildId, assignment.count));
}

/**
 * The shard that does what spans every guild, once: review reminder rounds (one pace under
 * Discord's global limit, which all shards share) and the store's housekeeping. Shard 0, which
 * also receives direct messages, so it exists in every layout.
 */
export const DESIGNATED_SHARD = 0;

export function runsSharedDuties(assignment: ShardAssignment): boolean {
  return assignment.ids.includes(DESIGNATED_SHARD);
}

/**
 * Each shard process serves its own /metrics and /healthz on METRICS_PORT + its shard id, so a
 * scrape or a health check sees that shard's gateway and counters; 0 stays 0 (a free port each).
 */
export function metricsPortOf(port: number, assignment: ShardAssignment): number {
  return port === 0 ? 0 : port + (assignment.ids[0] ?? 0);
}

/**
 * The order shard processes start in. Discord lets `maxConcurrency` shards identify at once
 * (shard id % maxConcurrency is the rate-limit key, one identify per key every 5 s). Shard 0
 * starts alone first: it upgrades the database and fills the content cache, which the others
 * then only read. A wave with `pause` reuses keys and waits 5 s after the one before.
 */
export function startWaves(count: number, maxConcurrency: number): { ids: number[]; pause: boolean }[] {
  const perWave = Math.max(1, maxConcurrency);
  const waves: { ids: number[]; pause: boolean }[] = [{ ids: [0], pause: false }];
  const restOfFirst = Array.from({ length: Math.min(perWave, count) - 1 }, (_, i) => i + 1);
  if (restOfFirst.length > 0) waves.push({ ids: restOfFirst, pause: false });
  for (let first = perWave; first < count; first += perWave) {
    waves.push({ ids: Array.from({ length: Math.min(perWave, count - first) }, (_, i) => first + i), pause: true });
  }
  return waves;
}
