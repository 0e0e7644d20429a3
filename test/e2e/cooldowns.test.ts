import { describe, expect, test } from 'vitest';
import { useBotHarness, type Harness } from '../support/bot-harness.js';
import { embedText } from '../support/discord-messages.js';
import type { RawOption } from '../../src/playground/discord/index.js';

const startHarness = useBotHarness();
const moderator = String((1n << 5n) | (1n << 10n) | (1n << 11n));
const decode = (harness: Harness, user = 'alice') =>
  harness.fake.slash({ name: 'decode', user, options: [{ name: 'token', type: 3, value: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.' }] });
const quizStart = (harness: Harness, channelId: string, user = 'alice') =>
  harness.fake.slash({ name: 'quiz', user, channelId, options: [{ name: 'start', type: 1, options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] }] });
const cooldowns = (options: RawOption[]): RawOption[] => [{ name: 'cooldowns', type: 1, options }];
const relativeTime = (content: string | undefined) => Number(/<t:(\d+):R>/.exec(content ?? '')?.[1]);

describe('per-member cooldowns', () => {
  test('GIVEN a member who used /decode a moment ago THEN a second one is refused privately with when to try again, and works once that time has come', async () => {
    const harness = await startHarness();
    const first = await decode(harness).response();
    expect(first.data?.embeds?.length).toBeGreaterThan(0);
    const usedAt = harness.clock.now().getTime();

    const refused = await decode(harness).response();
    expect(refused.data?.flags).toBe(64);
    expect(refused.data?.content).toMatch(/^You used `\/decode` a moment ago\. You can use it again <t:\d+:R>\.$/);
    expect(relativeTime(refused.data?.content) * 1000).toBeGreaterThanOrEqual(usedAt + 9_000);
    expect(relativeTime(refused.data?.content) * 1000).toBeLessThanOrEqual(usedAt + 11_000);

    expect((await decode(harness, 'bob').response()).data?.embeds?.length).toBeGreaterThan(0);
    harness.clock.advance(10_000);
    expect((await decode(harness).response()).data?.embeds?.length).toBeGreaterThan(0);
  });

  test('GIVEN a member who opened a competition THEN opening another within a minute is refused, even in another channel', async () => {
    const harness = await startHarness({ guilds: [{ channels: ['general', 'quiz-zone'] }] });
    const [general, quizZone] = harness.fake.guild().channels.map((channel) => channel.id) as [string, string];
    expect((await quizStart(harness, general).response()).data?.embeds?.[0]?.title).toBe('What OAuth is and why passwords are not the answer');
    const refused = await quizStart(harness, quizZone).response();
    expect(refused.data?.content).toMatch(/^You used `\/quiz start` a moment ago\. You can use it again <t:\d+:R>\.$/);
    expect(harness.store.quizzes.runningSessions()).toHaveLength(1);
  });

  test('GIVEN a /quiz start refused because a quiz already runs in that channel THEN the member may open one elsewhere at once', async () => {
    const harness = await startHarness({ guilds: [{ channels: ['general', 'quiz-zone'] }] });
    const [general, quizZone] = harness.fake.guild().channels.map((channel) => channel.id) as [string, string];
    await quizStart(harness, general, 'bob').response();
    expect((await quizStart(harness, general).response()).data?.content).toMatch(/^A quiz is already running in this channel/);
    expect((await quizStart(harness, quizZone).response()).data?.embeds?.[0]?.title).toBe('What OAuth is and why passwords are not the answer');
  });

  test('GIVEN a moderator sets the cooldowns THEN /config view shows them in words and a cooldown of 0 lets members decode again at once', async () => {
    const harness = await startHarness();
    const set = harness.fake.slash({ name: 'config', user: 'mod', memberPermissions: moderator, options: cooldowns([{ name: 'decode', type: 4, value: 0 }, { name: 'quiz-start', type: 4, value: 300 }]) });
    const text = embedText((await set.response()).data);
    expect(text).toContain('Cooldowns per member\n`/decode`: none\n`/quiz start`: 5 minutes');
    expect(text).toContain('`/decode` cooldown: 10 seconds → none');
    expect(text).toContain('`/quiz start` cooldown: 1 minute → 5 minutes');
    await decode(harness).response();
    expect((await decode(harness).response()).data?.embeds?.length).toBeGreaterThan(0);
  });
});
