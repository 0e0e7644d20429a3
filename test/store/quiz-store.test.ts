import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import type { NewQuizSession, ScoreAttempt } from '../../src/store/quiz-store.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { useTempDir } from '../support/temp.js';

const run = promisify(execFile);
const tempDir = useTempDir();
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

function openStore() {
  const file = path.join(tempDir(), 'tutor.db');
  return { store: SqliteStore.open(file), file };
}

describe('quiz sessions', () => {
  test('GIVEN a live quiz running in a channel THEN a second one there is refused with the running one', () => {
    const { store } = openStore();
    expect(store.quizzes.createSession(liveSession(), at(0)).status).toBe('created');
    const second = store.quizzes.createSession(liveSession({ id: 'session-2' }), at(1));
    expect(second).toMatchObject({ status: 'busy', running: { id: 'session-1' } });
    expect(store.quizzes.createSession(liveSession({ id: 'session-3', channelId: 'channel-2' }), at(1)).status).toBe('created');
  });

  test('GIVEN practice runs THEN any number may run in the same channel', () => {
    const { store } = openStore();
    const practice = (id: string) => liveSession({ id, kind: 'practice', mode: 'solo', deadline: null });
    expect(store.quizzes.createSession(practice('p1'), at(0)).status).toBe('created');
    expect(store.quizzes.createSession(practice('p2'), at(0)).status).toBe('created');
  });

  test('GIVEN two racing moves from the same phase THEN only one of them happens', () => {
    const { store } = openStore();
    store.quizzes.createSession(liveSession(), at(0));
    const reveal = { phase: 'reveal' as const, questionIndex: 0, at: at(20), deadline: at(25) };
    expect(store.quizzes.advance('session-1', { phase: 'question', questionIndex: 0 }, reveal)).toBe(true);
    expect(store.quizzes.advance('session-1', { phase: 'question', questionIndex: 0 }, reveal)).toBe(false);
    expect(store.quizzes.session('session-1')).toMatchObject({ phase: 'reveal', deadline: at(25) });
  });
});

describe('answers are counted exactly once', () => {
  test('GIVEN a second click on the same answer THEN the first answer stands and the score is unchanged', () => {
    const { store } = openStore();
    store.quizzes.createSession(liveSession(), at(0));
    expect(store.quizzes.recordAnswer(attempt('ana'), fullMarks)).toMatchObject({ status: 'recorded', answeredCount: 1, playerCount: 1 });
    const again = store.quizzes.recordAnswer({ ...attempt('ana', 6), response: { type: 'single', choice: 0 } }, fullMarks);
    expect(again).toMatchObject({ status: 'duplicate', answer: { response: { type: 'single', choice: 1 } } });
    expect(store.quizzes.players('session-1')).toMatchObject([{ userId: 'ana', points: 900, answered: 1, correct: 1 }]);
  });

  test.each([
    ['after the deadline', attempt('ana', 21)],
    ['for a question that is not the current one', attempt('ana', 5, 1)],
  ])('GIVEN a click %s THEN it is closed and counts for nothing', (_case, late) => {
    const { store } = openStore();
    store.quizzes.createSession(liveSession(), at(0));
    expect(store.quizzes.recordAnswer(late, fullMarks)).toEqual({ status: 'closed' });
    expect(store.quizzes.players('session-1')).toEqual([]);
  });

  test('GIVEN a team game THEN a member in no team cannot answer, and a member in one can', () => {
    const { store } = openStore();
    store.quizzes.createSession(liveSession({ mode: 'teams', phase: 'lobby', questionIndex: -1 }), at(0));
    expect(store.quizzes.join('session-1', { userId: 'ana', displayName: 'Ana', team: 1 }, at(1)).status).toBe('joined');
    expect(store.quizzes.join('session-1', { userId: 'ana', displayName: 'Ana', team: 0 }, at(2))).toEqual({ status: 'already', team: 1 });
    store.quizzes.advance('session-1', { phase: 'lobby', questionIndex: -1 }, { phase: 'question', questionIndex: 0, at: at(3), deadline: at(20) });
    expect(store.quizzes.recordAnswer(attempt('bob'), fullMarks)).toEqual({ status: 'not-a-player' });
    expect(store.quizzes.recordAnswer(attempt('ana'), fullMarks).status).toBe('recorded');
  });

  test('GIVEN four processes answering the same questions for the same 25 users at once THEN every answer is counted once', async () => {
    const { store, file } = openStore();
    const users = 25;
    const questions = 3;
    store.quizzes.createSession(liveSession({ deadline: new Date(Date.now() + 3_600_000) }), at(0));
    // Only question 0 is open, so each process also meets refusals while it races the others.
    const workers = Array.from({ length: 4 }, (_, index) =>
      run(process.execPath, ['--import', 'tsx', 'test/support/answer-worker.ts', file, 'session-1', `seed-${index}`, String(users), String(questions)]),
    );
    const outputs = await Promise.all(workers);
    const recorded = outputs.reduce((sum, output) => sum + Number(output.stdout.trim()), 0);
    expect(recorded).toBe(users);
    const players = store.quizzes.players('session-1');
    expect(players).toHaveLength(users);
    for (const player of players) expect(player).toMatchObject({ points: 100, answered: 1 });
    expect(store.quizzes.answers('session-1', 0)).toHaveLength(users);
  });
});

describe('finishing writes the ledger once', () => {
  const entry = { userId: 'ana', points: 900, correct: 1, questions: 3, bestStreak: 1, won: true };

  test('GIVEN a finish twice THEN the answers reach the leaderboard once and the second finish changes nothing', () => {
    const { store } = openStore();
    store.quizzes.createSession(liveSession(), at(0));
    store.quizzes.recordAnswer(attempt('ana'), fullMarks);
    const from = { phase: 'question' as const, questionIndex: 0 };
    expect(store.quizzes.finish('session-1', from, [entry], at(30), 'security')).toEqual([entry]);
    expect(store.quizzes.finish('session-1', from, [entry], at(31), 'security')).toBeUndefined();
    const board = store.leaderboard.board({ guildId: 'guild-1', range: { from: null, to: null }, track: 'security' }, 10, 0);
    expect(board).toMatchObject([{ userId: 'ana', points: 900, answered: 1, correct: 1, rank: 1 }]);
    expect(store.quizzes.session('session-1')).toMatchObject({ phase: 'finished', endedAt: at(30) });
  });

  test('GIVEN a second practice run of the same lesson THEN only the first one earns leaderboard points', () => {
    const { store } = openStore();
    for (const id of ['p1', 'p2']) {
      store.quizzes.createSession(liveSession({ id, kind: 'practice', mode: 'solo', deadline: null, hostId: 'ana' }), at(0));
    }
    const from = { phase: 'question' as const, questionIndex: 0 };
    expect(store.quizzes.finish('p1', from, [entry], at(10), 'security')).toEqual([entry]);
    expect(store.quizzes.finish('p2', from, [{ ...entry, points: 1500 }], at(20), 'security')).toEqual([]);
    expect(store.quizzes.practiceCredited('guild-1', 'ana', 'oauth-basics')).toEqual(at(10));
  });
});
