import { describe, expect, test } from 'vitest';
import { ReviewReminders } from '../../src/discord/reminders.js';
import { createLogger } from '../../src/log.js';
import { useBotHarness, type Harness } from '../support/bot-harness.js';
import { VirtualClock } from '../support/virtual-clock.js';

const startHarness = useBotHarness();
const member = (index: number) => String(400000000000000000n + BigInt(index));

async function membersDue(harness: Harness, count: number) {
  const dayAgo = new Date(harness.clock.now().getTime() - 86_400_000);
  for (let index = 0; index < count; index += 1) {
    await harness.store.reviews.setReminders(harness.fake.guildId, member(index), true);
    await harness.store.reviews.addCards(harness.fake.guildId, member(index), [{ cardKey: 'r:oauth-basics:parties', lessonId: 'oauth-basics' }], dayAgo);
  }
}

/** A reminder timer of its own on the bot's client; paced on a virtual clock so the test runs at Discord's speed, not the pacer's. */
const remindersOf = (harness: Harness) =>
  new ReviewReminders(harness.bot.client, {
    store: harness.store,
    log: createLogger({ level: 'silent', secrets: [] }),
    now: harness.clock.now,
    intervalMs: 15 * 60_000,
    clock: new VirtualClock(),
  });

describe('review reminders against a slow Discord', () => {
  test('GIVEN 300 members due and a slow Discord THEN overlapping ticks, even from two bot processes, send each member exactly one DM', async () => {
    const harness = await startHarness();
    await membersDue(harness, 300);
    harness.fake.answerSlowly('POST /users/@me/channels', 5);
    harness.fake.answerSlowly(/^POST \/channels\/\d+\/messages$/, 25);
    const [thisProcess, otherProcess] = [remindersOf(harness), remindersOf(harness)];

    const first = thisProcess.tick();
    await harness.fake.waitForRequest((request) => request.route === '/users/@me/channels');
    const overlapping = await thisProcess.tick();
    const fromOtherProcess = otherProcess.tick();
    const outcomes = [await first, await fromOtherProcess];

    const reminders = harness.fake.messages().filter((message) => message.content.includes('ready for review'));
    const perChannel = new Map<string, number>();
    for (const message of reminders) perChannel.set(message.channel_id, (perChannel.get(message.channel_id) ?? 0) + 1);
    expect(perChannel.size).toBe(300);
    expect([...perChannel.values()].filter((count) => count > 1)).toEqual([]);
    expect(overlapping).toEqual({ status: 'skipped' });
    expect(outcomes.map((outcome) => (outcome.status === 'done' ? outcome.sent : -1)).reduce((sum, sent) => sum + sent, 0)).toBe(300);
    expect(await thisProcess.tick()).toEqual({ status: 'done', sent: 0, left: 0 });
  }, 60_000);
});
