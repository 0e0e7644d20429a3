import Database from 'better-sqlite3';
import { describe, expect, test, vi } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { useBotHarness, type Harness } from '../support/bot-harness.js';
import { embedText } from '../support/discord-messages.js';
import { LiveQuizPlayer } from '../support/live-quiz.js';

const startHarness = useBotHarness();
const oauth = (await loadContent('content')).lessons.find((lesson) => lesson.id === 'oauth-basics');
if (!oauth) throw new Error('the OAuth lesson is missing');

/** A display name that renders as a link to somewhere else, if its brackets survive. */
const phisher = '[free nitro](https://evil.example/x)';
/** A masked link whose "[" is not escaped: Discord would render it as a link. */
const liveMaskedLink = /(?<!\\)\[[^\]]*\]\(/;

describe('member names in public messages', () => {
  test('GIVEN a member named like a masked link joins a lobby THEN the lobby shows the name as text, not as a link', async () => {
    const harness = await startHarness();
    const quiz = new LiveQuizPlayer(harness.fake, oauth!);
    const start = quiz.start('alice');
    await start.response();
    const lobbyId = start.message()?.id as string;
    await vi.waitFor(async () => expect((await harness.store.quizzes.runningSessions())[0]?.lobbyMessageId).toBe(lobbyId));
    await quiz.click(phisher, lobbyId, 'Join').response();
    const lobby = embedText(quiz.current(lobbyId));
    expect(lobby).toContain('free nitro');
    expect(lobby).not.toMatch(liveMaskedLink);
  });

  test('GIVEN a member named like a masked link on the leaderboard THEN /leaderboard shows the name as text', async () => {
    const harness = await startHarness();
    await seedScore(harness, phisher, 500);
    const reply = harness.fake.slash({ name: 'leaderboard', user: 'alice' });
    await reply.response();
    await reply.waitFor((activity) => activity.kind === 'webhook' && activity.method === 'PATCH');
    const board = embedText(reply.message());
    expect(board).toContain('free nitro');
    expect(board).not.toMatch(liveMaskedLink);
  });
});

/** One scored answer, as a finished quiz leaves it. */
async function seedScore(harness: Harness, name: string, points: number): Promise<void> {
  const user = harness.fake.user(name);
  await harness.store.leaderboard.seeMember(harness.fake.guildId, user.id, user.global_name ?? name, harness.clock.now());
  const db = new Database(harness.databasePath);
  db.prepare(`INSERT INTO scored_answers (session_id, question_index, user_id, guild_id, lesson_id, question_id, track, season, kind, points, correct, answered_at)
    VALUES ('seed', 0, ?, ?, 'oauth-basics', 'why-oauth-safer', 'security', 1, 'live', ?, 1, ?)`).run(user.id, harness.fake.guildId, points, harness.clock.now().getTime() - 1000);
  db.close();
  await harness.store.leaderboard.addScoredAnswers('seed', [user.id]);
}
