import type { APIMessage } from 'discord.js';
import { describe, expect, test, vi } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { registry, watchLiveQuizzes } from '../../src/ops/metrics.js';
import { ownsGuild } from '../../src/sharding/assignment.js';
import { useBotHarness, type Harness } from '../support/bot-harness.js';
import { buttonId, componentsOf, embedText } from '../support/discord-messages.js';
import { LiveQuizPlayer } from '../support/live-quiz.js';
import { guildIdOnShard } from '../support/shards.js';

/**
 * Two shards of one bot, as two bots in this process on one database and one local Discord:
 * what a guild does stays on the shard that owns it, and what spans guilds happens once.
 */
const startHarness = useBotHarness();
const oauth = (await loadContent('content')).lessons.find((lesson) => lesson.id === 'oauth-basics');

/** Shard 0 (the harness's bot) and shard 1 of 2; the first guild, where interactions go by default, is shard 1's. */
async function twoShards() {
  const onOne = guildIdOnShard(1, 2);
  const onZero = guildIdOnShard(0, 2);
  const harness = await startHarness({ shard: { ids: [0], count: 2 }, shards: 2, guilds: [{ id: onOne, name: 'Shard One Club' }, { id: onZero, name: 'Shard Zero Club' }] });
  const one = await harness.startShard({ ids: [1], count: 2 });
  return { harness, zero: harness.bot, one, onOne, onZero };
}

async function completeLesson(harness: Harness, user: string) {
  const reply = harness.fake.slash({ name: 'lesson', user, options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] });
  await reply.response();
  let page = reply.message() as APIMessage;
  for (let step = 0; step < 5; step += 1) {
    const next = harness.fake.button({ customId: buttonId(page, 'Next'), message: page, user });
    await next.response();
    page = next.message() as APIMessage;
  }
}

describe('two shards of one bot', () => {
  test('GIVEN two shards THEN each caches only the guilds it owns', async () => {
    const { zero, one, onOne, onZero } = await twoShards();
    expect([...zero.client.guilds.cache.keys()]).toEqual([onZero]);
    expect([...one.client.guilds.cache.keys()]).toEqual([onOne]);
  });

  test('GIVEN a member of a guild on shard 1 with cards due THEN only shard 0 runs reminder rounds and the member gets one DM', async () => {
    const { harness, zero, one } = await twoShards();
    await completeLesson(harness, 'alice');
    const optIn = harness.fake.slash({ name: 'review', user: 'alice', options: [{ name: 'settings', type: 1, options: [{ name: 'reminders', type: 5, value: true }] }] });
    expect((await optIn.response()).data?.content).toContain('Reminders on');
    expect(harness.fake.shardsThatReceived(optIn.id)).toEqual([1]);

    expect(one.reminders).toBeUndefined();
    expect(zero.reminders).toBeDefined();
    expect(await zero.reminders?.tick()).toMatchObject({ sent: 1 });
    const dms = harness.fake.messages().filter((message) => message.content.includes('ready for review'));
    expect(dms).toHaveLength(1);
    // Shard 0 does not cache shard 1's guilds: it asks Discord for the name.
    expect(dms[0]?.content).toContain('Shard One Club');
  });

  test('GIVEN a lobby in a guild on shard 1 left past its ten minutes THEN shard 0 leaves it alone and shard 1 closes it; only shard 1 counts it as live', async () => {
    const { harness, zero, one } = await twoShards();
    const quiz = new LiveQuizPlayer(harness.fake, oauth!);
    const start = quiz.start('alice', { questions: 1 });
    await start.response();
    const lobbyId = start.message()?.id as string;
    await vi.waitFor(async () => expect((await harness.store.quizzes.runningSessions())[0]?.lobbyMessageId).toBe(lobbyId));

    // Each shard's /metrics counts its own guilds' quizzes, so the shards' figures add up.
    const liveQuizzesOn = async (shard: number) => {
      watchLiveQuizzes(harness.store, (guildId) => ownsGuild({ ids: [shard], count: 2 }, guildId));
      return (await registry.getSingleMetric('tutor_live_quizzes')?.get())?.values[0]?.value;
    };
    expect([await liveQuizzesOn(0), await liveQuizzesOn(1)]).toEqual([0, 1]);

    harness.clock.advance(10 * 60_000 + 1);
    await zero.live.tick();
    expect(componentsOf(quiz.current(lobbyId)).length).toBeGreaterThan(0);
    expect(await harness.store.quizzes.runningSessions()).toHaveLength(1);

    await one.live.tick();
    await harness.fake.waitForRequest((request) => request.method === 'PATCH' && request.path.endsWith(lobbyId));
    expect(embedText(quiz.current(lobbyId))).toContain('This lobby was closed without starting.');
  });
});
