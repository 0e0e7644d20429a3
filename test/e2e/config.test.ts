import type { APIMessage } from 'discord.js';
import { describe, expect, test, vi } from 'vitest';
import { useBotHarness } from '../support/bot-harness.js';
import { componentsOf, embedText } from '../support/discord-messages.js';
import type { RawOption } from '../../src/playground/discord/index.js';

const startHarness = useBotHarness();
const moderator = String((1n << 5n) | (1n << 10n) | (1n << 11n));
const config = (name: string, options: RawOption[] = []): RawOption[] => [{ name, type: 1, options }];
const group = (name: string, sub: string): RawOption[] => [{ name, type: 2, options: [{ name: sub, type: 1, options: [] }] }];

describe('/config, for moderators only', () => {
  test.each([
    ['view', config('view')],
    ['channels', config('channels')],
    ['quiz', config('quiz', [{ name: 'seconds', type: 4, value: 60 }])],
    ['host-role', config('host-role')],
    ['token-guard', config('token-guard', [{ name: 'mode', type: 3, value: 'delete' }])],
    ['season new', group('season', 'new')],
    ['leaderboard reset', group('leaderboard', 'reset')],
  ])('GIVEN a member without Manage Server THEN /config %s is refused and nothing changes', async (_name, options) => {
    const { fake, store } = await startHarness();
    const before = store.guildSettings(fake.guildId);
    const reply = fake.slash({ name: 'config', user: 'bob', options });
    const response = await reply.response();
    expect(response.data?.flags).toBe(64);
    expect(response.data?.content).toBe('Only members with the Manage Server permission can change my settings.');
    expect(store.guildSettings(fake.guildId)).toEqual(before);
    expect(store.leaderboard.recentAudit(fake.guildId, 10)).toEqual([]);
  });

  test('GIVEN a moderator changes quiz defaults and the token guard THEN /config view shows them and who changed them', async () => {
    const { fake } = await startHarness();
    await fake.slash({ name: 'config', user: 'mod', memberPermissions: moderator, options: config('quiz', [{ name: 'seconds', type: 4, value: 45 }, { name: 'speed-bonus', type: 5, value: false }]) }).response();
    await fake.slash({ name: 'config', user: 'mod', memberPermissions: moderator, options: config('token-guard', [{ name: 'mode', type: 3, value: 'warn' }]) }).response();
    const view = fake.slash({ name: 'config', user: 'mod', memberPermissions: moderator, options: config('view') });
    const text = embedText((await view.response()).data);
    expect(text).toContain('seconds per question: 45');
    expect(text).toContain('speed bonus: off');
    expect(text).toMatch(/Token guard\nwarn/);
    expect(text).toContain(`<@${fake.user('mod').id}> Token guard: off → warn`);
    expect(text).toContain(`<@${fake.user('mod').id}> Seconds per question: 30 → 45`);
    expect(text).toContain(`<@${fake.user('mod').id}> Speed bonus: on → off`);
    expect(text).not.toMatch(/quizSeconds|tokenGuard|speedBonus/);
  });

  test('GIVEN a member presses a moderator’s confirmation button THEN it is refused', async () => {
    const { fake, store } = await startHarness();
    const ask = fake.slash({ name: 'config', user: 'mod', memberPermissions: moderator, options: group('season', 'new') });
    await ask.response();
    const message = ask.message() as APIMessage;
    const customId = componentsOf(message).find((component) => component.label === 'Start new season')?.custom_id as string;
    const click = fake.button({ customId, user: 'bob' });
    expect((await click.response()).data?.content).toContain('Only members with the Manage Server permission');
    expect(store.leaderboard.currentSeason(fake.guildId).number).toBe(1);
  });
});

describe('channel settings', () => {
  test('GIVEN competitions limited to #quiz-zone and lessons to #general THEN commands elsewhere are pointed there, and it survives a restart', async () => {
    const harness = await startHarness({ guilds: [{ channels: ['general', 'quiz-zone'] }] });
    const { fake } = harness;
    const [general, quizZone] = fake.guild().channels.map((channel) => channel.id) as [string, string];
    const open = fake.slash({ name: 'config', user: 'mod', memberPermissions: moderator, options: config('channels') });
    await open.response();
    let panel = open.message() as APIMessage;
    const menu = (index: number) => componentsOf(panel).filter((component) => component.type === 8)[index]?.custom_id as string;
    const pickQuizzes = fake.select({ customId: menu(1), values: [quizZone], message: panel, user: 'mod', memberPermissions: moderator });
    await pickQuizzes.response();
    panel = pickQuizzes.message() as APIMessage;
    const pickLessons = fake.select({ customId: menu(0), values: [general], message: panel, user: 'mod', memberPermissions: moderator });
    await pickLessons.response();
    expect(embedText(pickLessons.message())).toContain(`**Competitions** (\`/quiz start\`): <#${quizZone}>`);

    await harness.restart();
    const quizStart = (channelId: string) =>
      fake.slash({ name: 'quiz', channelId, options: [{ name: 'start', type: 1, options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] }] });
    const refused = await quizStart(general).response();
    expect(refused.data?.content).toBe(`On this server, a quiz competition happens in <#${quizZone}>. Try there!`);
    expect(harness.store.quizzes.runningSessions()).toEqual([]);
    expect((await quizStart(quizZone).response()).data?.embeds?.[0]?.title).toBe('What OAuth is and why passwords are not the answer');

    const lesson = (channelId: string) => fake.slash({ name: 'lesson', channelId, options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] });
    expect((await lesson(quizZone).response()).data?.content).toBe(`On this server, learning happens in <#${general}>. Try there!`);
    expect((await lesson(general).response()).data?.embeds?.at(-1)?.title).toBe('The password problem');
  });

  test('GIVEN an announcements channel THEN final standings are posted there too', async () => {
    const harness = await startHarness({ guilds: [{ channels: ['general', 'announcements'] }] });
    const { fake } = harness;
    const announcements = fake.guild().channels[1]?.id as string;
    harness.store.updateGuildSettings(fake.guildId, { announcementsChannelId: announcements }, new Date(), 'mod');
    const start = fake.slash({ name: 'quiz', user: 'alice', options: [{ name: 'start', type: 1, options: [{ name: 'topic', type: 3, value: 'oauth-basics' }, { name: 'questions', type: 4, value: 1 }] }] });
    await start.response();
    const lobby = start.message() as APIMessage;
    await vi.waitFor(() => expect(harness.store.quizzes.runningSessions()[0]?.lobbyMessageId).toBe(lobby.id));
    await fake.button({ customId: componentsOf(lobby).find((c) => c.label === 'Join')?.custom_id as string, message: lobby, user: 'alice' }).response();
    await fake.button({ customId: componentsOf(lobby).find((c) => c.label === 'Start')?.custom_id as string, message: lobby, user: 'alice' }).response();
    const question = await fake.waitForMessage((message) => message.embeds[0]?.title === 'Question 1 of 1');
    await fake.button({ customId: componentsOf(question).find((c) => c.label === 'Stop')?.custom_id as string, message: question, user: 'alice' }).response();
    const announced = await fake.waitForMessage((message) => message.channel_id === announcements && message.embeds[0]?.title === '🏁 Final standings');
    expect(announced.embeds[0]?.title).toBe('🏁 Final standings');
  });
});
