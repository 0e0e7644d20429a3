import { MessageFlags, type APIMessage } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { useBotHarness, type Harness } from '../support/bot-harness.js';
import { engines } from '../support/engines.js';
import { buttonId, embedOf, embedText } from '../support/discord-messages.js';
import type { RawOption } from '../../src/playground/discord/index.js';

const startHarness = useBotHarness();
const moderator = String((1n << 5n) | (1n << 10n) | (1n << 11n));

/** Scores as finished quizzes leave them, for members the fake knows. */
async function seedScores(harness: Harness, scores: readonly [name: string, points: number][]) {
  const insert = `INSERT INTO scored_answers (session_id, question_index, user_id, guild_id, lesson_id, question_id, track, season, kind, points, correct, answered_at)
    VALUES (?, 0, ?, ?, 'oauth-basics', 'why-oauth-safer', 'security', 1, 'live', ?, 1, ?)`;
  for (const [index, [name, points]] of scores.entries()) {
    const user = harness.fake.user(name);
    await harness.store.leaderboard.seeMember(harness.fake.guildId, user.id, user.global_name ?? name, harness.clock.now());
    await harness.database.exec(insert, [`seed-${index}`, user.id, harness.fake.guildId, points, harness.clock.now().getTime() - 1000]);
  }
  for (const [index, [name]] of scores.entries()) await harness.store.leaderboard.addScoredAnswers(`seed-${index}`, [harness.fake.user(name).id]);
}

const members = Array.from({ length: 14 }, (_, index) => [`learner${index + 1}`, 2000 - index * 100] as [string, number]);

async function openBoard(harness: Harness, user: string, options: RawOption[] = []) {
  const reply = harness.fake.slash({ name: 'leaderboard', user, options });
  await reply.response();
  await reply.waitFor((activity) => activity.kind === 'webhook' && activity.method === 'PATCH');
  return reply;
}

describe.each(engines)('/leaderboard, on %s', (engine) => {
  test('GIVEN 14 members THEN the first page shows ten with medals, the caller outside it sees their own rank, and Next shows the rest', async () => {
    const harness = await startHarness({ engine });
    await seedScores(harness, members);
    const board = await openBoard(harness, 'learner13');
    const first = board.message() as APIMessage;
    const text = embedText(first);
    expect(text).toContain('🏆 Leaderboard · Season 1');
    expect(text).toContain('🥇 Learner1 · **2000** pts · 100% right');
    expect(text).toContain('**10.** Learner10 · **1100** pts');
    expect(text).not.toContain('Learner11 ');
    expect(text).toContain('You: **#13** · 800 pts · 100% right');
    expect(embedOf(first).footer?.text).toBe('page 1 of 2 · 14 members');

    const next = harness.fake.button({ customId: buttonId(first, 'Next'), message: first, user: 'learner13' });
    await next.response();
    await next.waitFor((activity) => activity.kind === 'webhook' && activity.method === 'PATCH');
    expect(embedText(next.message())).toContain('**13.** Learner13 (you) · **800** pts');
    expect(embedOf(next.message()).footer?.text).toBe('page 2 of 2 · 14 members');
  });

  test('GIVEN share:true THEN the standings are posted in the channel without "you", and another member’s Next opens a private copy', async () => {
    const harness = await startHarness({ engine });
    await seedScores(harness, members);
    const board = await openBoard(harness, 'learner1', [{ name: 'share', type: 5, value: true }]);
    const shared = board.message() as APIMessage;
    expect(((shared.flags ?? 0) & MessageFlags.Ephemeral) === 0).toBe(true);
    const text = embedText(shared);
    expect(text).toContain('🥇 Learner1 · **2000** pts');
    expect(text).not.toContain('(you)');
    expect(text).not.toContain('You: ');
    expect(text).toContain('Shared by Learner1.');

    const next = harness.fake.button({ customId: buttonId(shared, 'Next'), message: shared, user: 'learner13' });
    const response = await next.response();
    expect(response.type).toBe(5);
    expect(response.data?.flags).toBe(MessageFlags.Ephemeral);
    await next.waitFor((activity) => activity.kind === 'webhook' && activity.method === 'PATCH');
    expect(embedText(next.message())).toContain('**13.** Learner13 (you) · **800** pts');
    expect(embedText(harness.fake.message(shared.id))).toContain('page 1 of 2');
  });

  test('GIVEN a member who left the server THEN they are not shown and ranks close up', async () => {
    const harness = await startHarness({ engine });
    await seedScores(harness, members.slice(0, 3));
    harness.fake.removeMember('learner1');
    // Presence answers are trusted for an hour; an hour later the bot asks again.
    harness.clock.advance(61 * 60_000);
    const board = await openBoard(harness, 'learner3');
    const text = embedText(board.message());
    expect(text).not.toContain('Learner1 ');
    expect(text).toContain('🥇 Learner2');
    expect(embedOf(board.message()).footer?.text).toBe('page 1 of 1 · 2 members');
  });

  test('GIVEN a name with markdown and a mass mention THEN it is escaped and nobody is pinged', async () => {
    const harness = await startHarness({ engine });
    await seedScores(harness, [['sneaky', 900]]);
    await harness.store.leaderboard.seeMember(harness.fake.guildId, harness.fake.user('sneaky').id, '**Boss** @everyone', harness.clock.now());
    const board = await openBoard(harness, 'viewer');
    expect(embedText(board.message())).toContain('\\*\\*Boss\\*\\* @everyone');
    const edit = board.webhooks().find((call) => call.method === 'PATCH');
    expect((edit?.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
  });

  test('GIVEN a new season THEN the board starts empty and the old standings stay readable', async () => {
    const harness = await startHarness({ engine });
    await seedScores(harness, members.slice(0, 3));
    const ask = harness.fake.slash({ name: 'config', user: 'mod', memberPermissions: moderator, options: [{ name: 'season', type: 2, options: [{ name: 'new', type: 1, options: [] }] }] });
    await ask.response();
    const confirm = harness.fake.button({ customId: buttonId(ask.message(), 'Start new season'), message: ask.message(), user: 'mod', memberPermissions: moderator });
    expect(embedText((await confirm.response()).data)).toMatch(/Season\n2 \(since <t:\d+:D>\)/);

    const current = await openBoard(harness, 'learner1');
    expect(embedText(current.message())).toContain('🏆 Leaderboard · Season 2');
    expect(embedText(current.message())).toContain('Nobody has scored here yet.');

    const archived = await openBoard(harness, 'learner1', [{ name: 'season', type: 4, value: 1 }]);
    expect(embedText(archived.message())).toContain('Season 1 (final standings)');
    expect(embedText(archived.message())).toContain('🥇 Learner1 (you) · **2000** pts');

    const allTime = await openBoard(harness, 'learner1', [{ name: 'period', type: 3, value: 'all' }]);
    expect(embedText(allTime.message())).toContain('🥇 Learner1 (you) · **2000** pts');
  });
});

describe.each(engines)('/rank, on %s', (engine) => {
  test('GIVEN another member picked in the option THEN their name and figures are shown, not the caller’s', async () => {
    const harness = await startHarness({ engine });
    await seedScores(harness, members.slice(0, 2));
    const reply = harness.fake.slash({ name: 'rank', user: 'learner1', options: [{ name: 'member', type: 6, value: harness.fake.user('learner2').id }] });
    const text = embedText((await reply.response()).data);
    expect(text).toContain('📈 Learner2');
    expect(text).toMatch(/Season 1\n#2 · 1900 pts/);
  });

  test.each([
    ['without share', [], true],
    ['with share:true', [{ name: 'share', type: 5, value: true }], false],
  ])('GIVEN /rank %s THEN it is private only when not shared', async (_case, options, ephemeral) => {
    const harness = await startHarness({ engine });
    await seedScores(harness, members.slice(0, 2));
    const response = await harness.fake.slash({ name: 'rank', user: 'learner2', options: options as RawOption[] }).response();
    expect(((response.data?.flags ?? 0) & MessageFlags.Ephemeral) !== 0).toBe(ephemeral);
    expect(embedText(response.data)).toContain('📈 Learner2');
  });

  test('GIVEN a member with scores THEN rank, accuracy, competitions and mastery per track are shown', async () => {
    const harness = await startHarness({ engine });
    await seedScores(harness, members.slice(0, 2));
    const reply = harness.fake.slash({ name: 'rank', user: 'learner2' });
    const text = embedText((await reply.response()).data);
    expect(text).toMatch(/Season 1\n#2 · 1900 pts/);
    expect(text).toContain('100% of 1 answers');
    // One right answer out of every Security question the server's lessons hold.
    const { lessons } = await loadContent('content');
    const share = 1 / lessons.filter((lesson) => lesson.track === 'security').reduce((sum, lesson) => sum + lesson.questions.length, 0);
    const filled = Math.round(share * 10);
    expect(text).toContain(`${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${Math.round(share * 100)}% Security`);
  });
});
