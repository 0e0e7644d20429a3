import { execFile } from 'node:child_process';
import Database from 'better-sqlite3';
import pg from 'pg';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import type { NewQuizSession, ScoreAttempt } from '../../src/store/quiz-store.js';
import type { Store } from '../../src/store/store.js';
import { firstSnowflakeAt } from '../../src/store/snowflakes.js';
import { engines, useTestDatabases } from '../support/engines.js';
import { fullScans, sqlitePlansOf, statementsRun } from '../support/statement-count.js';

const run = promisify(execFile);
const at = (second: number) => new Date(Date.UTC(2026, 10, 28, 12, 0, second));

function liveSession(overrides: Partial<NewQuizSession> = {}): NewQuizSession {
  return {
    id: 'session-1',
    guildId: 'guild-1',
    channelId: 'channel-1',
    lessonId: 'oauth-basics',
    kind: 'live',
    mode: 'ffa',
    hostId: 'host',
    questionIds: ['q1', 'q2', 'q3'],
    seconds: 20,
    speedBonus: true,
    phase: 'question',
    questionIndex: 0,
    phaseStartedAt: at(0),
    deadline: at(20),
    ...overrides,
  };
}

const fullMarks: ScoreAttempt = () => ({ credit: 1, correct: true, points: 900, elapsedMs: 4000, streakAfter: 1 });
const attempt = (userId: string, second = 5, questionIndex = 0) => ({
  sessionId: 'session-1',
  questionIndex,
  userId,
  displayName: userId,
  response: { type: 'single' as const, choice: 1 },
  at: at(second),
});

/** A live question on screen: created, then posted (a live question with no message is still being posted). */
async function openQuestion(store: Store, overrides: Partial<NewQuizSession> = {}) {
  const session = liveSession(overrides);
  await store.quizzes.createSession(session, at(0));
  const posted = { phase: 'question' as const, questionIndex: session.questionIndex, at: session.phaseStartedAt, deadline: session.deadline, questionMessageId: 'message-1' };
  expect(await store.quizzes.advance(session.id, { phase: 'posting', questionIndex: session.questionIndex }, posted)).toBe(true);
}


const database = useTestDatabases();

describe.each(engines)('on %s', (engine) => {
  /** A store on a fresh database of this engine; reopen() is another process (or a restart) on the same one. */
  async function openStore() {
    const db = await database(engine);
    return { store: await db.open(), reopen: () => db.open(), location: db.location, db };
  }
  /**
   * Takes a database back to before version 15, for the upgrade tests: drops the server totals of
   * most-missed questions (15) and of lessons started and completed (16), triggers and all.
   */
  async function undoServerTotals(db: { exec: (text: string) => Promise<void> }) {
    const triggers = [['question_misses_at_quiz_end', 'quiz_sessions', 'add_question_misses_of_ended_quiz'], ...['started', 'completed', 'forgotten'].map((kind) => [`lesson_counts_${kind}`, 'lesson_progress', `lesson_counts_${kind}`])];
    for (const [trigger, table, fn] of triggers) {
      await db.exec(engine === 'sqlite' ? `DROP TRIGGER ${trigger}` : `DROP TRIGGER ${trigger} ON ${table}`);
      if (engine === 'postgres') await db.exec(`DROP FUNCTION ${fn}`);
    }
    await db.exec('DROP TABLE question_misses');
    await db.exec('DROP TABLE lesson_counts');
    await db.exec('DROP INDEX quiz_sessions_running_by_guild');
  }

  describe('quiz sessions', () => {
    test('GIVEN a live quiz running in a channel THEN a second one there is refused with the running one', async () => {
      const { store } = await openStore();
      expect((await store.quizzes.createSession(liveSession(), at(0))).status).toBe('created');
      const second = await store.quizzes.createSession(liveSession({ id: 'session-2' }), at(1));
      expect(second).toMatchObject({ status: 'busy', running: { id: 'session-1' } });
      expect((await store.quizzes.createSession(liveSession({ id: 'session-3', channelId: 'channel-2' }), at(1))).status).toBe('created');
    });

    test('GIVEN practice runs THEN any number may run in the same channel', async () => {
      const { store } = await openStore();
      const practice = (id: string) => liveSession({ id, kind: 'practice', mode: 'solo', deadline: null });
      expect((await store.quizzes.createSession(practice('p1'), at(0))).status).toBe('created');
      expect((await store.quizzes.createSession(practice('p2'), at(0))).status).toBe('created');
    });

    test('GIVEN two racing moves from the same phase THEN only one of them happens', async () => {
      const { store } = await openStore();
      await openQuestion(store);
      const reveal = { phase: 'reveal' as const, questionIndex: 0, at: at(20), deadline: at(25) };
      expect(await store.quizzes.advance('session-1', { phase: 'question', questionIndex: 0 }, reveal)).toBe(true);
      expect(await store.quizzes.advance('session-1', { phase: 'question', questionIndex: 0 }, reveal)).toBe(false);
      expect(await store.quizzes.session('session-1')).toMatchObject({ phase: 'reveal', deadline: at(25) });
    });
  });

  describe('answers are counted exactly once', () => {
    test.each([
      ['a first answer', 'recorded', 0],
      ['a second click', 'duplicate', 1],
    ])('GIVEN %s delivered to two processes THEN the one whose transaction claims it answers it (%s), the other is told elsewhere and changes nothing', async (_click, status, earlier) => {
      const { store, reopen } = await openStore();
      const other = await reopen();
      try {
        await openQuestion(store);
        if (earlier) await store.quizzes.recordAnswer({ ...attempt('ana'), interactionId: '899' }, fullMarks);
        const click = { ...attempt('ana', 6), interactionId: '900' };
        expect((await store.quizzes.recordAnswer(click, fullMarks)).status).toBe(status);
        expect(await other.quizzes.recordAnswer(click, fullMarks)).toEqual({ status: 'elsewhere' });
        // The claim is the interaction's: no other route may act on it either.
        expect(await other.claimInteraction('900', at(7))).toBe(false);
        expect(await store.quizzes.players('session-1')).toMatchObject([{ userId: 'ana', answered: 1 }]);
      } finally {
        await other.close();
      }
    });

    test('GIVEN a member clicking two answers at once THEN the one clicked first stands and the other is told so', async () => {
      const { store } = await openStore();
      await openQuestion(store);
      const [first, second] = await Promise.all([
        store.quizzes.recordAnswer({ ...attempt('ana'), interactionId: '920' }, fullMarks),
        store.quizzes.recordAnswer({ ...attempt('ana'), interactionId: '921', response: { type: 'single', choice: 0 } }, fullMarks),
      ]);
      expect(first).toMatchObject({ status: 'recorded', answer: { response: { type: 'single', choice: 1 } } });
      expect(second).toMatchObject({ status: 'duplicate', answer: { response: { type: 'single', choice: 1 } } });
      expect(await store.quizzes.answeredCount('session-1', 0)).toBe(1);
    });

    test('GIVEN a second click on the same answer THEN the first answer stands and the score is unchanged', async () => {
      const { store } = await openStore();
      await openQuestion(store);
      expect(await store.quizzes.recordAnswer(attempt('ana'), fullMarks)).toMatchObject({ status: 'recorded', answeredCount: 1, playerCount: 1 });
      const again = await store.quizzes.recordAnswer({ ...attempt('ana', 6), response: { type: 'single', choice: 0 } }, fullMarks);
      expect(again).toMatchObject({ status: 'duplicate', answer: { response: { type: 'single', choice: 1 } } });
      expect(await store.quizzes.players('session-1')).toMatchObject([{ userId: 'ana', points: 900, answered: 1, correct: 1 }]);
    });

    test.each([
      ['after the deadline', attempt('ana', 21)],
      ['for a question that is not the current one', attempt('ana', 5, 1)],
    ])('GIVEN a click %s THEN it is closed and counts for nothing', async (_case, late) => {
      const { store } = await openStore();
      await openQuestion(store);
      expect(await store.quizzes.recordAnswer(late, fullMarks)).toEqual({ status: 'closed' });
      expect(await store.quizzes.players('session-1')).toEqual([]);
    });

    test('GIVEN a team game THEN a member in no team cannot answer, and a member in one can', async () => {
      const { store } = await openStore();
      await store.quizzes.createSession(liveSession({ mode: 'teams', phase: 'lobby', questionIndex: -1 }), at(0));
      expect((await store.quizzes.join('session-1', { userId: 'ana', displayName: 'Ana', team: 1 }, at(1))).status).toBe('joined');
      expect(await store.quizzes.join('session-1', { userId: 'ana', displayName: 'Ana', team: 0 }, at(2))).toEqual({ status: 'already', team: 1 });
      await store.quizzes.advance('session-1', { phase: 'lobby', questionIndex: -1 }, { phase: 'question', questionIndex: 0, at: at(3), deadline: at(20), questionMessageId: 'm1' });
      expect(await store.quizzes.recordAnswer(attempt('bob'), fullMarks)).toEqual({ status: 'not-a-player' });
      expect((await store.quizzes.recordAnswer(attempt('ana'), fullMarks)).status).toBe('recorded');
    });

    test('GIVEN four processes answering the same questions for the same 25 users at once THEN every answer is counted once', async () => {
      const { store, location } = await openStore();
      const users = 25;
      const questions = 3;
      await openQuestion(store, { deadline: new Date(Date.now() + 3_600_000) });
      // Only question 0 is open, so each process also meets refusals while it races the others.
      const workers = Array.from({ length: 4 }, (_, index) =>
        run(process.execPath, ['--import', 'tsx', 'test/support/answer-worker.ts', location, 'session-1', `seed-${index}`, String(users), String(questions)]),
      );
      const outputs = await Promise.all(workers);
      const recorded = outputs.reduce((sum, output) => sum + Number(output.stdout.trim()), 0);
      expect(recorded).toBe(users);
      const players = await store.quizzes.players('session-1');
      expect(players).toHaveLength(users);
      for (const player of players) expect(player).toMatchObject({ points: 100, answered: 1 });
      expect(await store.quizzes.answers('session-1', 0)).toHaveLength(users);
      expect(await store.quizzes.answeredCount('session-1', 0)).toBe(users);
    });
  });

  describe('the day an answer marks', () => {
    test('GIVEN a recorded answer and a closed click THEN, once the bookkeeping is written, only the member who answered is active that day', async () => {
      const { store, reopen } = await openStore();
      const other = await reopen();
      try {
        await openQuestion(store);
        expect((await store.quizzes.recordAnswer(attempt('ana', 5), fullMarks)).status).toBe('recorded');
        expect((await store.quizzes.recordAnswer(attempt('bob', 21), fullMarks)).status).toBe('closed');
        await store.flushBookkeeping();
        expect(await other.reviews.activeDays('guild-1', 'ana')).toEqual(['2026-11-28']);
        expect(await other.reviews.activeDays('guild-1', 'bob')).toEqual([]);
      } finally {
        await other.close();
      }
    });
  });

  describe("each question's tally of answers", () => {
    /** A small deterministic generator (mulberry32), so a failing history can be replayed. */
    function random(seed: number) {
      let state = seed;
      return () => {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }

    test.each([1, 2, 3])(
      'GIVEN a random history of answers, second clicks and clicks on other questions (seed %i) THEN every count the store reports equals the answers it holds',
      async (seed) => {
        const { store } = await openStore();
        const next = random(seed);
        await openQuestion(store, { deadline: null });
        for (let question = 0; question < 3; question += 1) {
          if (question > 0) {
            const from = { phase: 'question' as const, questionIndex: question - 1 };
            expect(await store.quizzes.advance('session-1', from, { phase: 'question', questionIndex: question, at: at(question * 10), deadline: null, questionMessageId: `m${question}` })).toBe(true);
          }
          for (let click = 0; click < 40; click += 1) {
            const user = `member-${Math.floor(next() * 15)}`;
            const clicked = next() < 0.15 ? Math.floor(next() * 3) : question;
            const outcome = await store.quizzes.recordAnswer(attempt(user, question * 10 + 1, clicked), fullMarks);
            if (outcome.status !== 'recorded') continue;
            expect(outcome.answeredCount).toBe((await store.quizzes.answers('session-1', question)).length);
            expect(outcome.playerCount).toBe((await store.quizzes.players('session-1')).length);
          }
        }
        for (let question = 0; question < 3; question += 1) {
          expect(await store.quizzes.answeredCount('session-1', question)).toBe((await store.quizzes.answers('session-1', question)).length);
        }
        expect(await store.quizzes.answeredCount('session-1', 7)).toBe(0);
      },
    );

    test('GIVEN a database from before the tallies, holding answers THEN the upgrade counts them once and answers after it add to that', async () => {
      const { store, reopen, db } = await openStore();
      await openQuestion(store);
      for (const user of ['ana', 'bob', 'cy']) await store.quizzes.recordAnswer(attempt(user), fullMarks);
      await store.close();
      await undoServerTotals(db);
      await db.exec('DROP TABLE quiz_question_tallies');
      await db.exec('DROP INDEX quiz_sessions_by_guild');
      await db.exec('DROP INDEX quiz_players_by_member');
      await db.exec(engine === 'sqlite' ? 'PRAGMA user_version = 11' : 'UPDATE schema_version SET version = 11');
      const upgraded = await reopen();
      try {
        expect(await upgraded.quizzes.answeredCount('session-1', 0)).toBe(3);
        expect(await upgraded.quizzes.recordAnswer(attempt('dee'), fullMarks)).toMatchObject({ status: 'recorded', answeredCount: 4, playerCount: 4 });
      } finally {
        await upgraded.close();
      }
    });
  });

  describe("a server's quiz figures", () => {
    /** Two quizzes here (ana: 3 answers, 1 wrong; bob: 2, both wrong) and one in another server (ana: 1 wrong). */
    async function twoServers(store: Store) {
      const answer = async (sessionId: string, userId: string, questionIndex: number, correct: boolean) => {
        const scored: ScoreAttempt = () => ({ credit: correct ? 1 : 0, correct, points: correct ? 500 : 0, elapsedMs: 1000, streakAfter: 0 });
        expect((await store.quizzes.recordAnswer({ ...attempt(userId, 5 + questionIndex, questionIndex), sessionId }, scored)).status).toBe('recorded');
      };
      const shown = async (sessionId: string, index: number) => {
        if (index > 0) expect(await store.quizzes.advance(sessionId, { phase: 'question', questionIndex: index - 1 }, { phase: 'posting', questionIndex: index, at: at(index), deadline: null })).toBe(true);
        expect(await store.quizzes.advance(sessionId, { phase: 'posting', questionIndex: index }, { phase: 'question', questionIndex: index, at: at(index), deadline: at(60), questionMessageId: `m-${sessionId}-${index}` })).toBe(true);
      };
      for (const [sessionId, guildId, channelId] of [['here-1', 'guild-1', 'channel-1'], ['here-2', 'guild-1', 'channel-2'], ['there', 'guild-2', 'channel-3']] as const) {
        await store.quizzes.createSession(liveSession({ id: sessionId, guildId, channelId }), at(0));
        await shown(sessionId, 0);
      }
      await answer('here-1', 'ana', 0, true);
      await answer('here-1', 'bob', 0, false);
      await shown('here-1', 1);
      await answer('here-1', 'ana', 1, false);
      await answer('here-1', 'bob', 1, false);
      await answer('here-2', 'ana', 0, true);
      await answer('there', 'ana', 0, false);
    }

    test('GIVEN quizzes in two servers THEN a member\'s accuracy and the most-missed questions count this server\'s answers only', async () => {
      const { store } = await openStore();
      await twoServers(store);
      expect(await store.leaderboard.quizAccuracy('guild-1', 'ana')).toEqual({ answered: 3, correct: 2 });
      expect(await store.leaderboard.quizAccuracy('guild-1', 'bob')).toEqual({ answered: 2, correct: 0 });
      expect(await store.leaderboard.quizAccuracy('guild-1', 'nobody')).toEqual({ answered: 0, correct: 0 });
      expect((await store.leaderboard.serverProgress('guild-1', '2026-01-01')).missed).toEqual([
        { lessonId: 'oauth-basics', questionId: 'q2', wrong: 2, answered: 2 },
        { lessonId: 'oauth-basics', questionId: 'q1', wrong: 1, answered: 3 },
      ]);
      expect((await store.leaderboard.serverProgress('guild-2', '2026-01-01')).missed).toEqual([{ lessonId: 'oauth-basics', questionId: 'q1', wrong: 1, answered: 1 }]);
    });

    test('GIVEN a database from before the tallies counted wrong answers THEN the upgrade counts them, and answers after it add to that', async () => {
      const { store, reopen, db } = await openStore();
      await twoServers(store);
      await store.close();
      await undoServerTotals(db);
      await db.exec('DROP INDEX quiz_sessions_by_guild');
      await db.exec('DROP INDEX quiz_players_by_member');
      await db.exec('ALTER TABLE quiz_question_tallies DROP COLUMN wrong');
      await db.exec(engine === 'sqlite' ? 'PRAGMA user_version = 13' : 'UPDATE schema_version SET version = 13');
      const upgraded = await reopen();
      try {
        const wrong: ScoreAttempt = () => ({ credit: 0, correct: false, points: 0, elapsedMs: 1000, streakAfter: 0 });
        expect((await upgraded.quizzes.recordAnswer({ ...attempt('cy', 7, 1), sessionId: 'here-1' }, wrong)).status).toBe('recorded');
        expect((await upgraded.leaderboard.serverProgress('guild-1', '2026-01-01')).missed[0]).toEqual({ lessonId: 'oauth-basics', questionId: 'q2', wrong: 3, answered: 3 });
      } finally {
        await upgraded.close();
      }
    });

    /** Each question's wrong and given answers in the server, counted from the raw answers; the store's read shows the top five. */
    async function missedFromAnswers(db: { all: <R extends Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]> }, guildId: string) {
      const found = await db.all<{ lesson_id: string; question_id: string; wrong: number | string; answered: number | string }>(
        `SELECT s.lesson_id, a.question_id, SUM(CASE WHEN a.correct = 0 THEN 1 ELSE 0 END) AS wrong, COUNT(*) AS answered
         FROM quiz_answers a JOIN quiz_sessions s ON s.id = a.session_id WHERE s.guild_id = ? GROUP BY s.lesson_id, a.question_id`,
        [guildId],
      );
      return found
        .map((row) => ({ lessonId: row.lesson_id, questionId: row.question_id, wrong: Number(row.wrong), answered: Number(row.answered) }))
        .filter((row) => row.wrong > 0)
        .sort((a, b) => b.wrong - a.wrong || b.answered - a.answered);
    }

    test('GIVEN quizzes ended by a finish, a stop and a practice expiry, and one still running THEN the most-missed questions count every answer once, as the raw answers do', async () => {
      const { store, db } = await openStore();
      await twoServers(store);
      const wrong: ScoreAttempt = () => ({ credit: 0, correct: false, points: 0, elapsedMs: 1000, streakAfter: 0 });
      await store.quizzes.createSession(liveSession({ id: 'practice', kind: 'practice', mode: 'solo', hostId: 'cy', deadline: null, questionIds: ['q3'] }), at(0));
      expect((await store.quizzes.recordAnswer({ ...attempt('cy'), sessionId: 'practice' }, wrong)).status).toBe('recorded');
      await store.quizzes.createSession(liveSession({ id: 'stopped', channelId: 'channel-4', questionIds: ['q2'] }), at(0));
      expect(await store.quizzes.advance('stopped', { phase: 'posting', questionIndex: 0 }, { phase: 'question', questionIndex: 0, at: at(1), deadline: at(60), questionMessageId: 'm-stopped' })).toBe(true);
      expect((await store.quizzes.recordAnswer({ ...attempt('dee', 5), sessionId: 'stopped' }, wrong)).status).toBe('recorded');

      expect(await store.quizzes.finish('here-1', { phase: 'question', questionIndex: 1 }, [], at(30), 'security')).toEqual([]);
      expect(await store.quizzes.advance('stopped', { phase: 'question', questionIndex: 0 }, { phase: 'cancelled', questionIndex: 0, at: at(31), deadline: null })).toBe(true);
      expect(await store.quizzes.expireAbandonedPractice(at(40), at(41))).toBe(1);
      // here-2 still runs; an ended quiz's phase written again must not add its questions twice.
      await db.exec("UPDATE quiz_sessions SET phase = 'finished' WHERE id = 'here-1'");

      const expected = await missedFromAnswers(db, 'guild-1');
      expect(expected).toEqual([
        { lessonId: 'oauth-basics', questionId: 'q2', wrong: 3, answered: 3 },
        { lessonId: 'oauth-basics', questionId: 'q1', wrong: 1, answered: 3 },
        { lessonId: 'oauth-basics', questionId: 'q3', wrong: 1, answered: 1 },
      ]);
      expect((await store.leaderboard.serverProgress('guild-1', '2026-01-01')).missed).toEqual(expected);
      expect((await store.leaderboard.serverProgress('guild-2', '2026-01-01')).missed).toEqual(await missedFromAnswers(db, 'guild-2'));
    });

    test('GIVEN a database from before the server totals, with ended and running quizzes THEN the upgrade totals the ended ones once, and a quiz ending after it adds its own', async () => {
      const { store, reopen, db } = await openStore();
      await twoServers(store);
      expect(await store.quizzes.finish('here-1', { phase: 'question', questionIndex: 1 }, [], at(30), 'security')).toEqual([]);
      await store.close();
      await undoServerTotals(db);
      await db.exec(engine === 'sqlite' ? 'PRAGMA user_version = 14' : 'UPDATE schema_version SET version = 14');
      const upgraded = await reopen();
      try {
        expect((await upgraded.leaderboard.serverProgress('guild-1', '2026-01-01')).missed).toEqual(await missedFromAnswers(db, 'guild-1'));
        expect(await upgraded.quizzes.finish('here-2', { phase: 'question', questionIndex: 0 }, [], at(31), 'security')).toEqual([]);
        expect((await upgraded.leaderboard.serverProgress('guild-1', '2026-01-01')).missed).toEqual([
          { lessonId: 'oauth-basics', questionId: 'q2', wrong: 2, answered: 2 },
          { lessonId: 'oauth-basics', questionId: 'q1', wrong: 1, answered: 3 },
        ]);
      } finally {
        await upgraded.close();
      }
    });
  });

  describe('finishing writes the ledger once', () => {
    const entry = { userId: 'ana', points: 900, correct: 1, questions: 3, bestStreak: 1, won: true };

    test('GIVEN a finish twice THEN the answers reach the leaderboard once and the second finish changes nothing', async () => {
      const { store } = await openStore();
      await openQuestion(store);
      await store.quizzes.recordAnswer(attempt('ana'), fullMarks);
      const from = { phase: 'question' as const, questionIndex: 0 };
      expect(await store.quizzes.finish('session-1', from, [entry], at(30), 'security')).toEqual([entry]);
      expect(await store.quizzes.finish('session-1', from, [entry], at(31), 'security')).toBeUndefined();
      const board = await store.leaderboard.board({ guildId: 'guild-1', range: { from: null, to: null }, track: 'security' }, 10, 0);
      expect(board).toMatchObject([{ userId: 'ana', points: 900, answered: 1, correct: 1, rank: 1 }]);
      expect(await store.quizzes.session('session-1')).toMatchObject({ phase: 'finished', endedAt: at(30) });
    });

    test('GIVEN a finish given a ranking THEN it ranks the players as its own transaction reads them, answers from another process included, and a later answer is refused', async () => {
      const { store, reopen } = await openStore();
      const other = await reopen();
      try {
        await openQuestion(store);
        await store.quizzes.recordAnswer(attempt('ana'), fullMarks);
        // Another process records Bob's answer after this one has decided to stop: the finish still counts it.
        await other.quizzes.recordAnswer(attempt('bob'), fullMarks);
        const ranked = (players: { userId: string; points: number; correct: number; bestStreak: number }[]) =>
          players.map((player) => ({ userId: player.userId, points: player.points, correct: player.correct, questions: 1, bestStreak: player.bestStreak, won: false }));
        const counted = await store.quizzes.finish('session-1', { phase: 'question', questionIndex: 0 }, ranked, at(6), 'security');
        expect(counted?.map((entry) => [entry.userId, entry.points])).toEqual([['ana', 900], ['bob', 900]]);
        expect(await other.quizzes.recordAnswer(attempt('cy', 7), fullMarks)).toEqual({ status: 'closed' });
        expect(await store.quizzes.scoreEntry('session-1', 'bob')).toMatchObject({ points: 900 });
      } finally {
        await other.close();
      }
    });

    test('GIVEN a finished quiz of three questions and three members THEN every board holds each member once, with the sum of their answers', async () => {
      const { store } = await openStore();
      await openQuestion(store);
      const points: Record<string, number[]> = { ana: [900, 0, 700], bob: [500, 600, 0], cy: [0, 0, 100] };
      for (const index of [0, 1, 2]) {
        if (index > 0) {
          const posting = { phase: 'posting' as const, questionIndex: index, at: at(index * 30), deadline: null };
          expect(await store.quizzes.advance('session-1', { phase: 'question', questionIndex: index - 1 }, posting)).toBe(true);
          const shown = { phase: 'question' as const, questionIndex: index, at: at(index * 30), deadline: at(index * 30 + 20), questionMessageId: `message-${index + 1}` };
          expect(await store.quizzes.advance('session-1', { phase: 'posting', questionIndex: index }, shown)).toBe(true);
        }
        for (const [userId, earned] of Object.entries(points)) {
          const scored: ScoreAttempt = () => ({ credit: earned[index] ? 1 : 0, correct: (earned[index] ?? 0) > 0, points: earned[index] ?? 0, elapsedMs: 1000, streakAfter: 0 });
          expect((await store.quizzes.recordAnswer(attempt(userId, index * 30 + 5, index), scored)).status).toBe('recorded');
        }
      }
      const entries = Object.entries(points).map(([userId, earned]) => ({
        userId,
        points: earned.reduce((a, b) => a + b, 0),
        correct: earned.filter((value) => value > 0).length,
        questions: 3,
        bestStreak: 1,
        won: userId === 'ana',
      }));
      expect((await store.quizzes.answersOf('session-1', 'bob')).map((answer) => [answer.questionIndex, answer.points])).toEqual([[0, 500], [1, 600], [2, 0]]);
      expect(await store.quizzes.answersOf('session-1', 'nobody')).toEqual([]);
      expect(await store.quizzes.finish('session-1', { phase: 'question', questionIndex: 2 }, entries, at(100), 'security')).toHaveLength(3);
      const expected = [
        { userId: 'ana', points: 1600, answered: 3, correct: 2, rank: 1 },
        { userId: 'bob', points: 1100, answered: 3, correct: 2, rank: 2 },
        { userId: 'cy', points: 100, answered: 3, correct: 1, rank: 3 },
      ];
      const week = { from: new Date(Date.UTC(2026, 10, 23)), to: new Date(Date.UTC(2026, 10, 30)) };
      const month = { from: new Date(Date.UTC(2026, 10, 1)), to: new Date(Date.UTC(2026, 11, 1)) };
      const hour = { from: at(0), to: new Date(at(0).getTime() + 3_600_000) };
      for (const [range, track] of [[{ from: null, to: null }, undefined], [{ from: null, to: null }, 'security'], [week, undefined], [month, 'security'], [hour, undefined]] as const) {
        expect(await store.leaderboard.board({ guildId: 'guild-1', range, track }, 10, 0)).toMatchObject(expected);
      }
    });

    /** A one-question quiz that `members` members answered, all rightly but the odd-numbered ones. */
    async function answeredBy(store: Store, members: number) {
      await openQuestion(store);
      for (let index = 0; index < members; index += 1) {
        const right = index % 2 === 0;
        const scored: ScoreAttempt = () => ({ credit: right ? 1 : 0, correct: right, points: right ? 500 : 0, elapsedMs: 1000, streakAfter: right ? 1 : 0 });
        expect((await store.quizzes.recordAnswer(attempt(`m${index}`), scored)).status).toBe('recorded');
      }
    }

    test('GIVEN quizzes of 3 and of 40 members THEN finishing either runs the same statements, and every member is scored', async () => {
      const statements: number[] = [];
      for (const members of [3, 40]) {
        const { store } = await openStore();
        await answeredBy(store, members);
        const ranked = (players: { userId: string; points: number; correct: number; bestStreak: number }[]) =>
          players.map((player) => ({ userId: player.userId, points: player.points, correct: player.correct, questions: 1, bestStreak: player.bestStreak, won: false }));
        let counted: Awaited<ReturnType<Store['quizzes']['finish']>>;
        statements.push(await statementsRun(engine, async () => (counted = await store.quizzes.finish('session-1', { phase: 'question', questionIndex: 0 }, ranked, at(30), 'security'))));
        expect(counted?.map((entry) => entry.userId).sort()).toEqual(Array.from({ length: members }, (_, index) => `m${index}`).sort());
        const board = await store.leaderboard.board({ guildId: 'guild-1', range: { from: null, to: null }, track: 'security' }, 100, 0);
        expect(board).toHaveLength(members);
        expect(board.filter((row) => row.points === 500 && row.answered === 1)).toHaveLength(Math.ceil(members / 2));
        expect(await store.quizzes.scoreEntry('session-1', `m${members - 1}`)).toMatchObject({ questions: 1, points: (members - 1) % 2 === 0 ? 500 : 0 });
      }
      expect(statements[1]).toBe(statements[0]);
    });

    test('GIVEN a quiz of 40 members THEN the wrong answers are read in one statement, each with its member and question', async () => {
      const { store } = await openStore();
      await answeredBy(store, 40);
      let missed: Awaited<ReturnType<Store['quizzes']['missedQuestions']>> = [];
      expect(await statementsRun(engine, async () => (missed = await store.quizzes.missedQuestions('session-1')))).toBe(1);
      const byMember = (a: { userId: string }, b: { userId: string }) => (a.userId < b.userId ? -1 : 1);
      expect([...missed].sort(byMember)).toEqual(Array.from({ length: 20 }, (_, index) => ({ userId: `m${index * 2 + 1}`, questionId: 'q1' })).sort(byMember));
    });

    test('GIVEN a second practice run of the same lesson THEN only the first one earns leaderboard points', async () => {
      const { store } = await openStore();
      for (const id of ['p1', 'p2']) {
        await store.quizzes.createSession(liveSession({ id, kind: 'practice', mode: 'solo', deadline: null, hostId: 'ana' }), at(0));
      }
      const from = { phase: 'question' as const, questionIndex: 0 };
      expect(await store.quizzes.finish('p1', from, [entry], at(10), 'security')).toEqual([entry]);
      expect(await store.quizzes.finish('p2', from, [{ ...entry, points: 1500 }], at(20), 'security')).toEqual([]);
      expect(await store.quizzes.practiceCredited('guild-1', 'ana', 'oauth-basics')).toEqual(at(10));
    });
  });

  describe('posting a question', () => {
    test('GIVEN a question still being posted THEN nobody can answer it, and the previous question message is forgotten', async () => {
      const { store } = await openStore();
      await openQuestion(store);
      const reveal = { phase: 'reveal' as const, questionIndex: 0, at: at(20), deadline: at(25) };
      expect(await store.quizzes.advance('session-1', { phase: 'question', questionIndex: 0 }, reveal)).toBe(true);
      const posting = { phase: 'posting' as const, questionIndex: 1, at: at(25), deadline: at(55) };
      expect(await store.quizzes.advance('session-1', { phase: 'reveal', questionIndex: 0 }, posting)).toBe(true);
      expect(await store.quizzes.session('session-1')).toMatchObject({ phase: 'posting', questionIndex: 1, questionMessageId: null });
      expect(await store.quizzes.recordAnswer(attempt('ana', 26, 1), fullMarks)).toEqual({ status: 'closed' });
    });

    test('GIVEN two processes recording the same failed post THEN only one attempt is counted', async () => {
      const { store } = await openStore();
      await store.quizzes.createSession(liveSession(), at(0));
      const retry = { phase: 'posting' as const, questionIndex: 0, at: at(1), deadline: at(2), postAttempts: 1 };
      const from = { phase: 'posting' as const, questionIndex: 0, postAttempts: 0 };
      expect(await store.quizzes.advance('session-1', from, retry)).toBe(true);
      expect(await store.quizzes.advance('session-1', from, retry)).toBe(false);
      expect((await store.quizzes.session('session-1'))?.postAttempts).toBe(1);
    });
  });

  describe('joining', () => {
    const lobby = () => liveSession({ phase: 'lobby', questionIndex: -1, deadline: at(600) });

    test('GIVEN a team game THEN a join without a team is refused, and each team is counted', async () => {
      const { store } = await openStore();
      await store.quizzes.createSession(liveSession({ ...lobby(), mode: 'teams' }), at(0));
      expect(await store.quizzes.join('session-1', { userId: 'eve', displayName: 'Eve', team: null }, at(1))).toEqual({ status: 'needs-team' });
      await store.quizzes.join('session-1', { userId: 'ana', displayName: 'Ana', team: 0 }, at(2));
      await store.quizzes.join('session-1', { userId: 'bob', displayName: 'Bob', team: 1 }, at(3));
      await store.quizzes.join('session-1', { userId: 'cy', displayName: 'Cy', team: 1 }, at(4));
      expect(await store.quizzes.session('session-1')).toMatchObject({ playerCount: 3, teamCounts: [1, 2] });
      expect((await store.quizzes.players('session-1')).map((player) => player.userId)).toEqual(['ana', 'bob', 'cy']);
    });

    test('GIVEN 2,000 joins THEN the count is exact and the lobby lists only the first names', async () => {
      const { store } = await openStore();
      await store.quizzes.createSession(lobby(), at(0));
      for (let index = 0; index < 2000; index += 1) {
        const outcome = await store.quizzes.join('session-1', { userId: `u${index}`, displayName: `U${index}`, team: null }, new Date(at(1).getTime() + index));
        expect(outcome.status).toBe('joined');
      }
      expect((await store.quizzes.session('session-1'))?.playerCount).toBe(2000);
      expect((await store.quizzes.lobbyNames('session-1', 20)).map((name) => name.displayName)).toEqual(Array.from({ length: 20 }, (_, index) => `U${index}`));
    });

    test('GIVEN a free-for-all THEN answering without joining joins, and the count says so', async () => {
      const { store } = await openStore();
      await openQuestion(store);
      expect(await store.quizzes.recordAnswer(attempt('late'), fullMarks)).toMatchObject({ status: 'recorded', joined: true, playerCount: 1 });
      expect((await store.quizzes.session('session-1'))?.playerCount).toBe(1);
    });

    test.each([
      ['right then wrong', [true, false]],
      ['wrong then right', [false, true]],
      ['right twice', [true, true]],
    ])('GIVEN one member who joined in the lobby and one who joined by answering, both %s THEN their scores, streaks and counts are alike', async (_case, results) => {
      const { store } = await openStore();
      await store.quizzes.createSession(lobby(), at(0));
      await store.quizzes.join('session-1', { userId: 'ana', displayName: 'ana', team: null }, at(1));
      const scoring = (correct: boolean): ScoreAttempt => (_session, player) => {
        const streakAfter = correct ? (player && player.lastQuestion >= 0 ? player.streak + 1 : 1) : 0;
        return { credit: correct ? 1 : 0, correct, points: correct ? 700 : 0, elapsedMs: 3000, streakAfter };
      };
      for (const [question, correct] of results.entries()) {
        const from = question === 0 ? { phase: 'lobby' as const, questionIndex: -1 } : { phase: 'question' as const, questionIndex: question - 1 };
        await store.quizzes.advance('session-1', from, { phase: 'question', questionIndex: question, at: at(10 * (question + 1)), deadline: null, questionMessageId: `m${question}` });
        for (const user of ['ana', 'bob']) {
          expect((await store.quizzes.recordAnswer(attempt(user, 10 * (question + 1) + 3, question), scoring(correct))).status).toBe('recorded');
        }
      }
      const [ana, bob] = await Promise.all(['ana', 'bob'].map((user) => store.quizzes.player('session-1', user)));
      const { userId: _ana, displayName: _anaName, ...anaScore } = ana ?? ({} as never);
      const { userId: _bob, displayName: _bobName, ...bobScore } = bob ?? ({} as never);
      expect(bobScore).toEqual(anaScore);
      expect(bobScore).toMatchObject({ answered: 2, points: 700 * results.filter(Boolean).length });
      expect(await store.quizzes.session('session-1')).toMatchObject({ playerCount: 2 });
    });
  });

  describe('housekeeping', () => {
    test('GIVEN practice runs abandoned a day ago THEN they are closed and not loaded at start; a fresh one stays', async () => {
      const { store } = await openStore();
      const practice = async (id: string, started: Date) =>
        await store.quizzes.createSession(liveSession({ id, kind: 'practice', mode: 'solo', deadline: null, phaseStartedAt: started }), started);
      await practice('old', at(0));
      await practice('fresh', new Date(at(0).getTime() + 86_400_000));
      const now = new Date(at(0).getTime() + 86_400_000 + 60_000);
      expect(await store.quizzes.expireAbandonedPractice(new Date(now.getTime() - 6 * 3_600_000), now)).toBe(1);
      expect((await store.quizzes.runningSessions()).map((session) => session.id)).toEqual(['fresh']);
      expect(await store.quizzes.session('old')).toMatchObject({ phase: 'cancelled', endedAt: now });
    });

    test('GIVEN two processes on one database THEN exactly one claims an interaction', async () => {
      const { store, reopen } = await openStore();
      const other = await reopen();
      try {
        expect(await store.claimInteraction('1234', at(0))).toBe(true);
        expect(await other.claimInteraction('1234', at(0))).toBe(false);
        expect(await other.claimInteraction('5678', at(1))).toBe(true);
        expect(await store.pruneClaims(at(1))).toBe(1);
        expect(await store.claimInteraction('1234', at(2))).toBe(true);
      } finally {
        await other.close();
      }
    });

    test('GIVEN claims of interactions made over an hour THEN each prune forgets those claimed before its cut, and one whose id runs ahead of the bot\'s clock on a later prune', async () => {
      const { store } = await openStore();
      const minute = (n: number) => new Date(at(0).getTime() + n * 60_000);
      // A real interaction's id is made by Discord a moment before the bot claims it.
      const claimedAt = async (n: number, madeAt = minute(n), sequence = 7n) => expect(await store.claimInteraction(String(firstSnowflakeAt(madeAt) + sequence), minute(n))).toBe(true);
      for (const n of [0, 10, 20, 30, 40, 50]) await claimedAt(n);
      // Discord's clock a quarter of an hour ahead of the bot's when this one was claimed.
      await claimedAt(15, minute(30), 8n);
      expect(await store.pruneClaims(minute(25))).toBe(3);
      expect(await store.pruneClaims(minute(25))).toBe(0);
      expect(await store.pruneClaims(minute(35))).toBe(2);
      expect(await store.claimInteraction(String(firstSnowflakeAt(minute(40)) + 7n), minute(60))).toBe(false);
      expect(await store.claimInteraction(String(firstSnowflakeAt(minute(0)) + 7n), minute(60))).toBe(true);
    });
  });
});

describe('on sqlite, plans of the reads and writes that must not grow with the answers', () => {
  /** A store on a fresh file, `setUp` run on it, then the plans of the statements `work` runs. */
  async function plansOf(setUp: (store: Store) => Promise<unknown>, work: (store: Store) => Promise<unknown>) {
    const db = await database('sqlite');
    const store = await db.open();
    const raw = new Database(db.location);
    try {
      await setUp(store);
      return { store, plans: await sqlitePlansOf(raw, () => work(store)) };
    } finally {
      raw.close();
    }
  }

  test('GIVEN a member\'s progress and the server\'s THEN their quiz figures are read without touching a single answer row', async () => {
    const { store, plans } = await plansOf(async () => {}, async (store) => {
      await store.leaderboard.quizAccuracy('guild-1', 'ana');
      await store.leaderboard.serverProgress('guild-1', '2026-01-01');
    });
    await store.close();
    expect(plans.length).toBeGreaterThanOrEqual(2);
    for (const { sql, plan } of plans) {
      expect(sql).not.toMatch(/quiz_answers|scored_answers/);
      // A full scan of any table grows with the database, not with the member or the server.
      expect(fullScans(plan), sql).toEqual([]);
    }
  });

  test('GIVEN a server\'s progress THEN its most-missed questions are read from its totals and its running quizzes, never from the tallies of every quiz it ran', async () => {
    const { store, plans } = await plansOf(async () => {}, (store) => store.leaderboard.serverProgress('guild-1', '2026-01-01'));
    await store.close();
    const missed = plans.filter(({ sql }) => sql.includes('quiz_question_tallies'));
    expect(missed).toHaveLength(1);
    const plan = missed[0]?.plan ?? [];
    expect(plan.some((step) => step.includes('USING INDEX quiz_sessions_running_by_guild (guild_id=?)')), plan.join('\n')).toBe(true);
    expect(plan.some((step) => step.includes('quiz_sessions_by_guild')), plan.join('\n')).toBe(false);
  });

  test('GIVEN a server\'s progress THEN its lessons started and completed are read from its counts, never from every member\'s progress rows', async () => {
    const { store, plans } = await plansOf(async () => {}, async (store) => {
      await store.leaderboard.serverProgress('guild-1', '2026-01-01');
      await store.lessonsStarted('guild-1');
    });
    await store.close();
    expect(plans.filter(({ sql }) => sql.includes('lesson_counts'))).toHaveLength(2);
    expect(plans.filter(({ sql }) => sql.includes('lesson_progress')).map(({ sql }) => sql)).toEqual([]);
  });

  test('GIVEN a quiz finishing THEN none of its statements reads a whole table: not the answers, nor every server\'s seasons and resets', async () => {
    const entries = ['ana', 'bob'].map((userId) => ({ userId, points: 900, correct: 1, questions: 1, bestStreak: 1, won: false }));
    const { store, plans } = await plansOf(
      async (store) => {
        await openQuestion(store);
        for (const user of ['ana', 'bob']) await store.quizzes.recordAnswer(attempt(user), fullMarks);
        await store.leaderboard.startSeason('guild-2', 'mod', at(1));
        await store.leaderboard.resetSeason('guild-1', 'mod', at(2));
      },
      (store) => store.quizzes.finish('session-1', { phase: 'question', questionIndex: 0 }, entries, at(30), 'security'),
    );
    try {
      expect(plans.length).toBeGreaterThanOrEqual(3);
      for (const { sql, plan } of plans) expect(fullScans(plan), sql).toEqual([]);
      expect(await store.leaderboard.board({ guildId: 'guild-1', range: { from: at(2), to: null } }, 10, 0)).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  test('GIVEN a member\'s answers asked for THEN each question\'s is found by the whole answer key, never by reading the session\'s answers', async () => {
    const { store, plans } = await plansOf(
      async (store) => {
        await openQuestion(store);
        await store.quizzes.recordAnswer(attempt('ana'), fullMarks);
      },
      async (store) => expect(await store.quizzes.answersOf('session-1', 'ana')).toHaveLength(1),
    );
    await store.close();
    expect(plans).toHaveLength(1);
    const plan = plans[0]?.plan ?? [];
    expect(plan).toContain('SEARCH a USING PRIMARY KEY (session_id=? AND question_index=? AND user_id=?)');
    expect(plan.filter((step) => /\ba\b/.test(step) && !step.includes('AND user_id=?'))).toEqual([]);
  });
});

describe('on postgres, a second click and the session lock', () => {
  test('GIVEN the session row held by another transaction THEN a second click is answered as a duplicate without waiting, and a first answer waits and then counts', async () => {
    const db = await database('postgres');
    const store = await db.open();
    const holder = new pg.Client({ connectionString: db.location });
    await holder.connect();
    try {
      await openQuestion(store, { deadline: null });
      expect((await store.quizzes.recordAnswer(attempt('ana'), fullMarks)).status).toBe('recorded');
      // A phase move (or a first answer) in progress elsewhere holds the session's row.
      await holder.query('BEGIN');
      await holder.query("SELECT 1 FROM quiz_sessions WHERE id = 'session-1' FOR UPDATE");
      let firstSettled = false;
      const first = store.quizzes.recordAnswer(attempt('bob'), fullMarks).finally(() => (firstSettled = true));
      const again = await store.quizzes.recordAnswer({ ...attempt('ana', 6), response: { type: 'single', choice: 0 } }, fullMarks);
      expect(again).toMatchObject({ status: 'duplicate', answer: { response: { type: 'single', choice: 1 } } });
      expect(firstSettled).toBe(false);
      await holder.query('COMMIT');
      expect(await first).toMatchObject({ status: 'recorded', answeredCount: 2, playerCount: 2, joined: true });
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
      await store.close();
    }
  });
});

/**
 * On Postgres a first answer is scored from a reading taken without a lock and written in one
 * round trip by record_answer_if_unchanged, which takes the session's row lock first. Whatever
 * another transaction commits while it waits must send it back to the locked transaction, never
 * be written over.
 */
describe('on postgres, a first answer written from its unlocked reading', () => {
  async function withHolder(work: (store: Store, holder: pg.Client, db: Awaited<ReturnType<typeof database>>) => Promise<void>, answerReadings?: number) {
    const db = await database('postgres');
    const store = await db.open({ answerReadings });
    const holder = new pg.Client({ connectionString: db.location });
    await holder.connect();
    try {
      await work(store, holder, db);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
      await store.close();
    }
  }

  /** Starts the answer, lets it block on the holder's transaction, then commits that transaction. */
  async function answerWhileHeld(holder: pg.Client, answer: () => Promise<unknown>) {
    let settled = false;
    const pending = answer().finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    await holder.query('COMMIT');
    return pending;
  }

  const streakCounting: ScoreAttempt = (_session, player) => ({ credit: 1, correct: true, points: 900, elapsedMs: 4000, streakAfter: (player?.streak ?? 0) + 1 });

  test('GIVEN the question closes while a first answer waits for the session THEN it is refused as closed and nothing of it is stored', async () => {
    await withHolder(async (store, holder, db) => {
      await openQuestion(store, { deadline: null });
      await holder.query('BEGIN');
      await holder.query("UPDATE quiz_sessions SET phase = 'reveal' WHERE id = 'session-1'");
      expect(await answerWhileHeld(holder, () => store.quizzes.recordAnswer(attempt('bob'), fullMarks))).toEqual({ status: 'closed' });
      expect(await db.all("SELECT user_id FROM quiz_answers UNION ALL SELECT user_id FROM quiz_players UNION ALL SELECT user_id FROM active_days")).toEqual([]);
      expect(await store.quizzes.answeredCount('session-1', 0)).toBe(0);
    });
  });

  test.each([
    ['read again', 3],
    ['taking the locked transaction', 1],
  ])('GIVEN the player row of the member changes while their answer waits THEN the answer is scored from the row as it is now (%s)', async (_path, answerReadings) => {
    await withHolder(async (store, holder) => {
      await openQuestion(store, { deadline: null });
      expect((await store.quizzes.recordAnswer(attempt('ana'), streakCounting)).status).toBe('recorded');
      const posted = { phase: 'question' as const, questionIndex: 1, at: at(10), deadline: null, questionMessageId: 'message-2' };
      expect(await store.quizzes.advance('session-1', { phase: 'question', questionIndex: 0 }, posted)).toBe(true);
      await holder.query('BEGIN');
      await holder.query("UPDATE quiz_players SET streak = 5 WHERE session_id = 'session-1' AND user_id = 'ana'");
      const outcome = await answerWhileHeld(holder, () => store.quizzes.recordAnswer(attempt('ana', 12, 1), streakCounting));
      expect(outcome).toMatchObject({ status: 'recorded', answeredCount: 1, joined: false });
      expect(await store.quizzes.players('session-1')).toMatchObject([{ userId: 'ana', streak: 6, answered: 2, points: 1800 }]);
    }, answerReadings);
  });

  test('GIVEN another process claims the interaction while the answer waits THEN it is told elsewhere and nothing of it is stored', async () => {
    await withHolder(async (store, holder, db) => {
      await openQuestion(store, { deadline: null });
      await holder.query('BEGIN');
      await holder.query('INSERT INTO interaction_claims (interaction_id, claimed_at) VALUES (901, 0)');
      expect(await answerWhileHeld(holder, () => store.quizzes.recordAnswer({ ...attempt('bob'), interactionId: '901' }, fullMarks))).toEqual({ status: 'elsewhere' });
      expect(await db.all('SELECT user_id FROM quiz_answers UNION ALL SELECT user_id FROM quiz_players')).toEqual([]);
      expect(await store.quizzes.answeredCount('session-1', 0)).toBe(0);
    });
  });

  test('GIVEN the member joins elsewhere while their answer waits THEN its first write is undone, claim included, and the answer counts once on the player they became', async () => {
    await withHolder(async (store, holder, db) => {
      await openQuestion(store, { deadline: null });
      await holder.query('BEGIN');
      await holder.query("INSERT INTO quiz_players (session_id, user_id, display_name, team, joined_at) VALUES ('session-1', 'bob', 'Bob', NULL, 0)");
      await holder.query("UPDATE quiz_sessions SET player_count = player_count + 1 WHERE id = 'session-1'");
      const outcome = await answerWhileHeld(holder, () => store.quizzes.recordAnswer({ ...attempt('bob'), interactionId: '902' }, fullMarks));
      expect(outcome).toMatchObject({ status: 'recorded', answeredCount: 1, playerCount: 1, joined: false });
      expect(await store.quizzes.players('session-1')).toMatchObject([{ userId: 'bob', displayName: 'Bob', answered: 1, points: 900 }]);
      expect(await db.all('SELECT interaction_id FROM interaction_claims')).toEqual([{ interaction_id: 902 }]);
    });
  });

  test('GIVEN a player row for the member turns up without the session lock while their answer waits THEN the first write is undone and the answer counts once on that row', async () => {
    await withHolder(async (store, holder, db) => {
      await openQuestion(store, { deadline: null });
      await holder.query('BEGIN');
      // No path of ours adds a player without updating the session's row. This row's foreign key still locks it, so the
      // writer sees the row once it has the lock; with a weaker lock, the writer's own conflict check would undo its write.
      await holder.query("INSERT INTO quiz_players (session_id, user_id, display_name, team, joined_at) VALUES ('session-1', 'bob', 'Bob', NULL, 0)");
      const outcome = await answerWhileHeld(holder, () => store.quizzes.recordAnswer({ ...attempt('bob'), interactionId: '903' }, fullMarks));
      expect(outcome).toMatchObject({ status: 'recorded', answeredCount: 1, joined: false });
      expect(await store.quizzes.players('session-1')).toMatchObject([{ userId: 'bob', displayName: 'Bob', answered: 1, points: 900 }]);
      expect(await db.all('SELECT interaction_id FROM interaction_claims')).toEqual([{ interaction_id: 903 }]);
    });
  });
});
