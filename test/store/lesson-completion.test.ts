import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { NewQuizSession, ScoreAttempt } from '../../src/store/quiz-store.js';
import { openDatabase, SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { engines, useTestDatabases } from '../support/engines.js';
import { useTempDir } from '../support/temp.js';

const tempDir = useTempDir();
const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 12, minute));
const guildId = '100000000000000001';
const userId = '200000000000000001';
const reading = { guildId, userId, lessonId: 'oauth-basics', pageCount: 6 };

const database = useTestDatabases();

describe.each(engines)('on %s', (engine) => {
  const openStore = async () => (await database(engine)).open();

  describe('completing a lesson by reading it', () => {
    test.each([
      { reading: 'the first page, then a jump to the last', pages: [0, 5], completedAfter: null, outcome: 'not completed' },
      { reading: 'only the last page (a forged page id)', pages: [5], completedAfter: null, outcome: 'not completed' },
      { reading: 'every page but the fourth', pages: [0, 1, 2, 4, 5], completedAfter: null, outcome: 'not completed' },
      { reading: 'every page in order', pages: [0, 1, 2, 3, 4, 5], completedAfter: 6, outcome: 'completed by the sixth view' },
      { reading: 'the skipped pages after the last one', pages: [0, 5, 1, 2, 3, 4], completedAfter: 6, outcome: 'completed by the sixth view' },
      { reading: 'pages twice before the last unseen one', pages: [0, 0, 5, 5, 1, 2, 3, 4], completedAfter: 8, outcome: 'completed by the eighth view' },
    ])('GIVEN a member reading $reading THEN the lesson is $outcome', async ({ pages, completedAfter }) => {
      const store = await openStore();
      const outcomes = [];
      for (const [index, page] of pages.entries()) outcomes.push(await store.recordPageView({ ...reading, page, at: at(index + 1) }));
      const [progress] = await store.lessonProgress(guildId, userId);
      expect(progress?.completedAt).toEqual(completedAfter === null ? null : at(completedAfter));
      expect(progress?.pagesSeen).toEqual([...new Set(pages)].sort((a, b) => a - b));
      expect(outcomes.map((outcome) => outcome.justCompleted)).toEqual(pages.map((_, index) => index + 1 === completedAfter));
      await store.close();
    });

    test('GIVEN a page outside the lesson THEN it is refused rather than counted', async () => {
      const store = await openStore();
      await expect(store.recordPageView({ ...reading, page: 6, at: at(1) })).rejects.toThrow(RangeError);
      await expect(store.recordPageView({ ...reading, page: -1, at: at(1) })).rejects.toThrow(RangeError);
      expect(await store.lessonProgress(guildId, userId)).toEqual([]);
      await store.close();
    });
  });

  describe('completing a lesson with a quiz', () => {
    const session = (overrides: Partial<NewQuizSession>): NewQuizSession => ({
      id: 'quiz-1',
      guildId,
      channelId: '300000000000000001',
      lessonId: 'oauth-basics',
      kind: 'practice',
      mode: 'solo',
      hostId: userId,
      questionIds: ['q1', 'q2', 'q3', 'q4'],
      seconds: 30,
      speedBonus: true,
      phase: 'question',
      questionIndex: 0,
      phaseStartedAt: at(0),
      deadline: null,
      ...overrides,
    });
    const marked = (correct: boolean): ScoreAttempt => () => ({ credit: correct ? 1 : 0, correct, points: 0, elapsedMs: 0, streakAfter: 0 });

    /** Answers each question in turn (true = right) and finishes the quiz. */
    async function playQuiz(store: Store, quiz: NewQuizSession, answers: boolean[]) {
      await store.quizzes.createSession(quiz, at(0));
      // A live question opens once its message is posted.
      if (quiz.kind === 'live') await store.quizzes.advance(quiz.id, { phase: 'posting', questionIndex: 0 }, { phase: 'question', questionIndex: 0, at: at(0), deadline: quiz.deadline, questionMessageId: 'm1' });
      for (const [questionIndex, right] of answers.entries()) {
        if (questionIndex > 0) await store.quizzes.advance(quiz.id, { phase: 'question', questionIndex: questionIndex - 1 }, { phase: 'question', questionIndex, at: at(questionIndex), deadline: null });
        const answer = { sessionId: quiz.id, questionIndex, userId, displayName: 'ana', response: { type: 'truefalse' as const, value: right }, at: at(questionIndex) };
        await store.quizzes.recordAnswer(answer, marked(right));
      }
      await store.quizzes.finish(quiz.id, { phase: 'question', questionIndex: answers.length - 1 }, [], at(30), 'security');
    }

    test.each([
      { quiz: 'practice, 3 of 4 right', kind: 'practice' as const, answers: [true, true, false, true], completed: true },
      { quiz: 'a competition, 2 of 4 right (half)', kind: 'live' as const, answers: [true, false, true, false], completed: true },
      { quiz: 'practice, 1 of 4 right', kind: 'practice' as const, answers: [false, true, false, false], completed: false },
      { quiz: 'a competition stopped after 2 of 4, both right', kind: 'live' as const, answers: [true, true], completed: true },
      { quiz: 'a competition stopped after 1 of 4, right', kind: 'live' as const, answers: [true], completed: false },
    ])('GIVEN $quiz THEN the lesson counts as completed: $completed', async ({ kind, answers, completed }) => {
      const store = await openStore();
      await playQuiz(store, session({ kind, mode: kind === 'live' ? 'ffa' : 'solo', deadline: kind === 'live' ? at(60) : null }), answers);
      expect((await store.lessonProgress(guildId, userId)).map((progress) => progress.completedAt)).toEqual(completed ? [at(30)] : []);
      await store.close();
    });

    test('GIVEN a lesson read halfway, then a passing quiz THEN it is completed and the pages read are kept', async () => {
      const store = await openStore();
      await store.recordPageView({ ...reading, page: 0, at: at(0) });
      await store.recordPageView({ ...reading, page: 1, at: at(0) });
      await playQuiz(store, session({}), [true, true, true, true]);
      expect(await store.lessonProgress(guildId, userId)).toEqual([expect.objectContaining({ completedAt: at(30), pagesSeen: [0, 1], firstViewedAt: at(0) })]);
      await store.close();
    });
  });

  describe("a server's lessons started and completed", () => {
    /** The counts as the raw progress rows give them, for one server. */
    async function countedFromProgress(db: { all: <R extends Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]> }, guild: string) {
      const found = await db.all<{ lesson_id: string; started: number | string; completed: number | string }>(
        'SELECT lesson_id, COUNT(*) AS started, COUNT(completed_at) AS completed FROM lesson_progress WHERE guild_id = ? GROUP BY lesson_id',
        [guild],
      );
      return found.map((row) => ({ lessonId: row.lesson_id, started: Number(row.started), completed: Number(row.completed) })).sort((a, b) => a.lessonId.localeCompare(b.lessonId));
    }

    test('GIVEN members opening, reading through, passing a quiz on and forgetting lessons in two servers THEN each server\'s counts equal its progress rows', async () => {
      const db = await database(engine);
      const store = await db.open();
      const read = async (member: string, lessonId: string, pages: number[], guild = guildId) => {
        for (const page of pages) await store.recordPageView({ guildId: guild, userId: member, lessonId, pageCount: 3, page, at: at(page) });
      };
      await read('ana', 'oauth-basics', [0, 1, 2]);
      await read('bob', 'oauth-basics', [0, 1]);
      await read('bob', 'jwt-basics', [0]);
      await read('cy', 'jwt-basics', [0, 2]);
      await read('ana', 'oauth-basics', [0], '100000000000000002');
      await store.flushBookkeeping();
      // Bob finishes reading later: his row is completed by an update, not an insert.
      await read('bob', 'oauth-basics', [2]);
      await store.flushBookkeeping();
      // A passing practice quiz completes a lesson nobody opened, through the quiz's own trigger.
      await store.quizzes.createSession({ id: 'quiz-1', guildId, channelId: '300000000000000001', lessonId: 'quizzed', kind: 'practice', mode: 'solo', hostId: 'dee', questionIds: ['q1'], seconds: 30, speedBonus: true, phase: 'question', questionIndex: 0, phaseStartedAt: at(0), deadline: null }, at(0));
      await store.quizzes.recordAnswer({ sessionId: 'quiz-1', questionIndex: 0, userId: 'dee', displayName: 'dee', response: { type: 'truefalse', value: true }, at: at(1) }, () => ({ credit: 1, correct: true, points: 0, elapsedMs: 0, streakAfter: 1 }));
      await store.quizzes.finish('quiz-1', { phase: 'question', questionIndex: 0 }, [], at(2), 'security');
      await db.exec("DELETE FROM lesson_progress WHERE user_id = 'cy'");

      const expected = await countedFromProgress(db, guildId);
      expect(expected).toEqual([
        { lessonId: 'jwt-basics', started: 1, completed: 0 },
        { lessonId: 'oauth-basics', started: 2, completed: 2 },
        { lessonId: 'quizzed', started: 1, completed: 1 },
      ]);
      expect((await store.lessonsStarted(guildId)).sort((a, b) => a.lessonId.localeCompare(b.lessonId))).toEqual(expected);
      expect((await store.leaderboard.serverProgress(guildId, '2026-01-01')).completions).toEqual([
        { lessonId: 'oauth-basics', members: 2 },
        { lessonId: 'quizzed', members: 1 },
      ]);
      expect(await store.lessonsStarted('100000000000000002')).toEqual(await countedFromProgress(db, '100000000000000002'));
      await store.close();
    });
  });
});

describe('the lesson counts migration', () => {
  test('GIVEN a database from before the counts THEN the upgrade counts its progress rows once, and a lesson opened after it adds one', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    const old = openDatabase(file, { upToVersion: 15 });
    const progress = old.prepare(
      'INSERT INTO lesson_progress (guild_id, user_id, lesson_id, first_viewed_at, last_viewed_at, completed_at, furthest_page, pages_seen) VALUES (?, ?, ?, 0, 0, ?, 0, 1)',
    );
    progress.run(guildId, 'ana', 'oauth-basics', 5);
    progress.run(guildId, 'bob', 'oauth-basics', null);
    progress.run('100000000000000002', 'ana', 'oauth-basics', null);
    old.close();

    const store = SqliteStore.open(file);
    expect(await store.lessonsStarted(guildId)).toEqual([{ lessonId: 'oauth-basics', started: 2, completed: 1 }]);
    await store.recordPageView({ guildId, userId: 'cy', lessonId: 'oauth-basics', pageCount: 3, page: 0, at: at(1) });
    await store.flushBookkeeping();
    expect(await store.lessonsStarted(guildId)).toEqual([{ lessonId: 'oauth-basics', started: 3, completed: 1 }]);
    await store.close();
  });
});

describe('the pages-seen migration', () => {
  test('GIVEN a database from the previous release THEN completions stay, pages read so far count, and passed quizzes complete', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    const old = openDatabase(file, { upToVersion: 5 });
    const progress = old.prepare(
      'INSERT INTO lesson_progress (guild_id, user_id, lesson_id, first_viewed_at, last_viewed_at, completed_at, furthest_page) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    progress.run(guildId, userId, 'jumped-to-the-end', at(0).getTime(), at(1).getTime(), at(1).getTime(), 5);
    progress.run(guildId, userId, 'halfway', at(0).getTime(), at(2).getTime(), null, 2);
    const quiz = old.prepare(`INSERT INTO quiz_sessions (id, guild_id, channel_id, lesson_id, kind, mode, host_id, question_ids, seconds, phase, phase_started_at, created_at, ended_at)
      VALUES (?, ?, 'c', ?, 'practice', 'solo', ?, '["a","b","c","d"]', 30, 'finished', 0, 0, ?)`);
    const player = old.prepare(`INSERT INTO quiz_players (session_id, user_id, display_name, joined_at, correct, answered) VALUES (?, ?, 'ana', 0, ?, 4)`);
    quiz.run('passed', guildId, 'quizzed', userId, at(3).getTime());
    player.run('passed', userId, 2);
    quiz.run('failed', guildId, 'failed-quiz', userId, at(4).getTime());
    player.run('failed', userId, 1);
    old.close();

    const store = SqliteStore.open(file);
    const byLesson = Object.fromEntries((await store.lessonProgress(guildId, userId)).map((entry) => [entry.lessonId, entry]));
    expect(Object.keys(byLesson).sort()).toEqual(['halfway', 'jumped-to-the-end', 'quizzed']);
    expect(byLesson['jumped-to-the-end']).toMatchObject({ completedAt: at(1), pagesSeen: [0, 1, 2, 3, 4, 5] });
    expect(byLesson['halfway']).toMatchObject({ completedAt: null, pagesSeen: [0, 1, 2] });
    expect(byLesson['quizzed']).toMatchObject({ completedAt: at(3) });
    await store.close();
  });
});
