import { describe, expect, test } from 'vitest';
import { metricsPortOf, ownsGuild, runsSharedDuties, shardOfGuild, startWaves } from '../../src/sharding/assignment.js';

describe('which shard owns what', () => {
  test.each([
    // (guild_id >> 22) % count, in BigInt: these ids do not fit a double.
    { guildId: '81384788765712384', count: 17, shard: 7 },
    { guildId: '81384788765712384', count: 1, shard: 0 },
    { guildId: String((1n << 62n) + (5n << 22n) + 123n), count: 4, shard: 1 },
    { guildId: String((3n << 22n) | 0x3fffffn), count: 2, shard: 1 },
  ])('GIVEN guild $guildId and $count shards THEN shard $shard owns it', ({ guildId, count, shard }) => {
    expect(shardOfGuild(guildId, count)).toBe(shard);
    expect(ownsGuild({ ids: [shard], count }, guildId)).toBe(true);
    expect(ownsGuild({ ids: [(shard + 1) % count], count }, guildId)).toBe(count === 1);
  });

  test.each([
    { ids: [0], count: 1, shared: true },
    { ids: [0], count: 4, shared: true },
    { ids: [3], count: 4, shared: false },
    { ids: [2, 0], count: 4, shared: true },
  ])('GIVEN shards $ids of $count THEN reminders and housekeeping run here: $shared', ({ ids, count, shared }) => {
    expect(runsSharedDuties({ ids, count })).toBe(shared);
  });

  test.each([
    { port: 9464, ids: [0], expected: 9464 },
    { port: 9464, ids: [3], expected: 9467 },
    { port: 0, ids: [3], expected: 0 },
  ])('GIVEN METRICS_PORT=$port on shard $ids THEN the shard listens on $expected', ({ port, ids, expected }) => {
    expect(metricsPortOf(port, { ids, count: 4 })).toBe(expected);
  });
});

describe('the order shard processes start in', () => {
  test.each([
    { count: 1, maxConcurrency: 1, waves: [{ ids: [0], pause: false }] },
    { count: 3, maxConcurrency: 1, waves: [{ ids: [0], pause: false }, { ids: [1], pause: true }, { ids: [2], pause: true }] },
    { count: 2, maxConcurrency: 16, waves: [{ ids: [0], pause: false }, { ids: [1], pause: false }] },
    {
      count: 5,
      maxConcurrency: 2,
      waves: [{ ids: [0], pause: false }, { ids: [1], pause: false }, { ids: [2, 3], pause: true }, { ids: [4], pause: true }],
    },
  ])('GIVEN $count shards and $maxConcurrency identifies at once THEN shard 0 starts alone and a wave that reuses a key waits', ({ count, maxConcurrency, waves }) => {
    const planned = startWaves(count, maxConcurrency);
    expect(planned).toEqual(waves);
    expect(planned.flatMap((wave) => wave.ids)).toEqual(Array.from({ length: count }, (_, i) => i));
  });
});
