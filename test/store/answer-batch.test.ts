import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import type { AnswerAttempt, AnswerOutcome, NewQuizSession, ScoreAttempt } from '../../src/store/quiz-store.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { isStoreBusy } from '../../src/store/store.js';
import { useTempDir } from '../support/temp.js';

const tempDir = useTempDir();
const at = (second: number) => new Date(Date.UTC(2026, 10, 30, 12, 0, second));

const session: NewQuizSession = {
  id: 'session-1',
  guildId: 'guild-1',
  channelId: 'channel-1',
  lessonId: 'oauth-basics',
  kind: 'live',
  mode: 'ffa',
  hostId: 'host',
  questionIds: ['q1', 'q2'],
  seconds: 20,
  speedBonus: false,
  phase: 'question',
  questionIndex: 0,
  phaseStartedAt: at(0),
  deadline: at(20),
};

const fullMarks: ScoreAttempt = () => ({ credit: 1, correct: true, points: 1000, elapsedMs: 5000, streakAfter: 1 });
const gradingFails: ScoreAttempt = () => {
  throw new Error('grading failed');
};

const attempt = (userId: string, interactionId: string, choice = 1): AnswerAttempt => ({
  sessionId: 'session-1',
  questionIndex: 0,
  userId,
  displayName: userId,
  response: { type: 'single', choice },
  at: at(5),
  interactionId,
});

/** A store with a live question on screen, and a second connection that sees only what is committed. */
async function openQuestion(options: { busyTimeoutMs?: number } = {}) {
  const file = path.join(tempDir(), 'tutor.db');
  const store = SqliteStore.open(file, options);
  await store.quizzes.createSession(session, at(0));
  await store.quizzes.advance('session-1', { phase: 'posting', questionIndex: 0 }, { phase: 'question', questionIndex: 0, at: at(0), deadline: at(20), questionMessageId: 'm1' });
  const other = new Database(file);
  const committed = () => other.prepare<[], { user_id: string }>('SELECT user_id FROM quiz_answers ORDER BY user_id').all().map((row) => row.user_id);
  return { file, store, other, committed };
}

describe('answers that arrive in one event-loop turn are committed together', () => {
  test('GIVEN three answers in one turn THEN none is visible before the turn ends and every one is committed before any of them is confirmed', async () => {
    const { store, other, committed } = await openQuestion();
    const seenWhenConfirmed: string[][] = [];
    const answers = ['ana', 'bob', 'cy'].map((userId, index) =>
      store.quizzes.recordAnswer(attempt(userId, `${100 + index}`), fullMarks).then((outcome) => {
        seenWhenConfirmed.push(committed());
        return outcome;
      }),
    );
    expect(committed()).toEqual([]);
    const outcomes = await Promise.all(answers);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(outcomes.map((outcome) => outcome.status === 'recorded' && outcome.answeredCount)).toEqual([1, 2, 3]);
    expect(seenWhenConfirmed).toEqual([
      ['ana', 'bob', 'cy'],
      ['ana', 'bob', 'cy'],
      ['ana', 'bob', 'cy'],
    ]);
    other.close();
    await store.close();
  });

  test('GIVEN one answer of a batch fails THEN only that answer is lost, with nothing of it left behind, and the others are recorded', async () => {
    const { store, other, committed } = await openQuestion();
    const outcomes = await Promise.allSettled([
      store.quizzes.recordAnswer(attempt('ana', '100'), fullMarks),
      store.quizzes.recordAnswer(attempt('bob', '101'), gradingFails),
      store.quizzes.recordAnswer(attempt('cy', '102'), fullMarks),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'grading failed' });
    expect(committed()).toEqual(['ana', 'cy']);
    // Bob's joining and his interaction's claim were rolled back with his answer: the router's retry records it.
    expect((await store.quizzes.players('session-1')).map((player) => player.userId)).toEqual(['ana', 'cy']);
    expect(await store.quizzes.recordAnswer(attempt('bob', '101'), fullMarks)).toMatchObject({ status: 'recorded', answeredCount: 3, playerCount: 3 });
    other.close();
    await store.close();
  });

  test('GIVEN a double click and a redelivered interaction in the same batch THEN the answer counts once', async () => {
    const { store, other, committed } = await openQuestion();
    const [first, doubleClick, redelivered] = await Promise.all([
      store.quizzes.recordAnswer(attempt('ana', '100', 1), fullMarks),
      store.quizzes.recordAnswer(attempt('ana', '101', 0), fullMarks),
      store.quizzes.recordAnswer(attempt('ana', '100', 1), fullMarks),
    ]);
    expect(first).toMatchObject({ status: 'recorded', answeredCount: 1 });
    expect(doubleClick).toMatchObject({ status: 'duplicate', answer: { response: { type: 'single', choice: 1 } } });
    expect(redelivered).toEqual({ status: 'elsewhere' });
    expect(committed()).toEqual(['ana']);
    expect(await store.quizzes.players('session-1')).toMatchObject([{ userId: 'ana', answered: 1, points: 1000 }]);
    other.close();
    await store.close();
  });

  test('GIVEN another process holds the write lock THEN every answer of the batch is rejected as busy, and retried later each is recorded', async () => {
    const { store, other, committed } = await openQuestion({ busyTimeoutMs: 0 });
    other.exec('BEGIN IMMEDIATE');
    const outcomes = await Promise.allSettled([
      store.quizzes.recordAnswer(attempt('ana', '100'), fullMarks),
      store.quizzes.recordAnswer(attempt('bob', '101'), fullMarks),
    ]);
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && isStoreBusy(outcome.reason))).toEqual([true, true]);
    other.exec('ROLLBACK');
    const retried = await Promise.all([store.quizzes.recordAnswer(attempt('ana', '100'), fullMarks), store.quizzes.recordAnswer(attempt('bob', '101'), fullMarks)]);
    expect(retried.map((outcome) => outcome.status)).toEqual(['recorded', 'recorded']);
    expect(committed()).toEqual(['ana', 'bob']);
    other.close();
    await store.close();
  });

  test('GIVEN answers still waiting for their batch WHEN the store closes THEN they are committed and confirmed first', async () => {
    const { file, store, other } = await openQuestion();
    const answers = [store.quizzes.recordAnswer(attempt('ana', '100'), fullMarks), store.quizzes.recordAnswer(attempt('bob', '101'), fullMarks)];
    await store.close();
    expect((await Promise.all(answers)).map((outcome: AnswerOutcome) => outcome.status)).toEqual(['recorded', 'recorded']);
    other.close();
    const reopened = SqliteStore.open(file);
    expect((await reopened.quizzes.answers('session-1')).map((answer) => answer.userId).sort()).toEqual(['ana', 'bob']);
    await reopened.close();
  });

  test('GIVEN an answer waiting for its batch WHEN the question is revealed in the same turn THEN the answer, which came first, still counts', async () => {
    const { store, other, committed } = await openQuestion();
    const answer = store.quizzes.recordAnswer(attempt('ana', '100'), fullMarks);
    const revealed = store.quizzes.advance('session-1', { phase: 'question', questionIndex: 0 }, { phase: 'reveal', questionIndex: 0, at: at(6), deadline: at(11) });
    expect(await answer).toMatchObject({ status: 'recorded' });
    expect(await revealed).toBe(true);
    expect(committed()).toEqual(['ana']);
    other.close();
    await store.close();
  });
});
