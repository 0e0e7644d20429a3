import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite.js';
import { useTempDir } from '../support/temp.js';

const tempDir = useTempDir();
const guildId = 'guild-1';
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 12));

function openStore() {
  const file = path.join(tempDir(), 'tutor.db');
  const store = SqliteStore.open(file);
  const raw = new Database(file);
  let sequence = 0;
  /** Scored answers as a finished quiz leaves them. */
  const score = (userId: string, points: number, at: Date, options: { correct?: boolean; track?: string; question?: string; guild?: string } = {}) => {
    sequence += 1;
    raw
      .prepare(`INSERT INTO scored_answers (session_id, question_index, user_id, guild_id, lesson_id, question_id, track, season, kind, points, correct, answered_at)
        VALUES (?, 0, ?, ?, 'lesson', ?, ?, 1, 'live', ?, ?, ?)`)
      .run(`s${sequence}`, userId, options.guild ?? guildId, options.question ?? `q${sequence}`, options.track ?? 'security', points, options.correct === false ? 0 : 1, at.getTime());
    store.leaderboard.addScoredAnswers(`s${sequence}`, [userId]);
  };
  for (const name of ['ana', 'bob', 'cy', 'dee', 'eve']) store.leaderboard.seeMember(guildId, name, name.toUpperCase(), day(1));
  return { store, score, raw };
}

const all = { guildId, range: { from: null, to: null } };
const summary = (rows: { rank: number; userId: string; points: number }[]) => rows.map((row) => `${row.rank}:${row.userId}:${row.points}`);

describe('the leaderboard query', () => {
  test('GIVEN equal points THEN members share a rank and the next rank skips', () => {
    const { store, score } = openStore();
    score('ana', 900, day(2));
    score('bob', 500, day(2));
    score('cy', 500, day(3));
    score('dee', 100, day(3));
    expect(summary(store.leaderboard.board(all, 10, 0))).toEqual(['1:ana:900', '2:bob:500', '2:cy:500', '4:dee:100']);
    expect(store.leaderboard.rankOf(all, 'dee')).toMatchObject({ rank: 4, displayName: 'DEE', answered: 1, correct: 1 });
  });

  test('GIVEN a page past the first THEN ranks continue from the whole board', () => {
    const { store, score } = openStore();
    ['ana', 'bob', 'cy', 'dee', 'eve'].forEach((user, index) => score(user, 1000 - index * 100, day(2)));
    expect(summary(store.leaderboard.board(all, 2, 2))).toEqual(['3:cy:800', '4:dee:700']);
    expect(store.leaderboard.boardPage(all, 2, 2, 'ana').total).toBe(5);
  });

  test('GIVEN a member who left the server THEN they are not on the board, and come back when they return', () => {
    const { store, score } = openStore();
    score('ana', 900, day(2));
    score('bob', 500, day(2));
    store.leaderboard.markPresence(guildId, 'ana', false, day(4));
    expect(summary(store.leaderboard.board(all, 10, 0))).toEqual(['1:bob:500']);
    store.leaderboard.seeMember(guildId, 'ana', 'ANA', day(5));
    expect(summary(store.leaderboard.board(all, 10, 0))).toEqual(['1:ana:900', '2:bob:500']);
  });

  test('GIVEN a time range, a track, and another server THEN only matching answers count', () => {
    const { store, score } = openStore();
    score('ana', 100, day(2));
    score('ana', 200, day(10), { track: 'networking' });
    score('bob', 300, day(10));
    score('bob', 5000, day(10), { guild: 'guild-2' });
    expect(summary(store.leaderboard.board({ guildId, range: { from: day(9), to: null } }, 10, 0))).toEqual(['1:bob:300', '2:ana:200']);
    expect(summary(store.leaderboard.board({ ...all, track: 'networking' }, 10, 0))).toEqual(['1:ana:200']);
  });

  test('GIVEN accuracy and mastery THEN totals and distinct right questions per track come back', () => {
    const { store, score } = openStore();
    score('ana', 500, day(2), { question: 'q-a' });
    score('ana', 500, day(3), { question: 'q-a' });
    score('ana', 0, day(3), { question: 'q-b', correct: false });
    score('ana', 500, day(3), { question: 'q-c', track: 'networking' });
    expect(store.leaderboard.memberStats(guildId, 'ana')).toMatchObject({ points: 1500, answered: 4, correct: 3 });
    expect(store.leaderboard.correctQuestionsByTrack(guildId, 'ana')).toEqual(new Map([['security', 1], ['networking', 1]]));
  });
});

describe('seasons', () => {
  test('GIVEN a new season THEN the old standings are archived and the new board starts empty', () => {
    const { store, score } = openStore();
    score('ana', 900, day(2));
    score('bob', 500, day(3));
    expect(store.leaderboard.currentSeason(guildId).number).toBe(1);
    expect(store.leaderboard.startSeason(guildId, 'mod', day(5))).toEqual({ number: 2, startedAt: day(5) });
    expect(summary(store.leaderboard.archivedStandings(guildId, 1, 10, 0))).toEqual(['1:ana:900', '2:bob:500']);
    expect(store.leaderboard.board({ guildId, range: { from: store.leaderboard.seasonBoardStart(guildId), to: null } }, 10, 0)).toEqual([]);
    score('bob', 100, day(6));
    expect(summary(store.leaderboard.board({ guildId, range: { from: store.leaderboard.seasonBoardStart(guildId), to: null } }, 10, 0))).toEqual(['1:bob:100']);
    expect(summary(store.leaderboard.board(all, 10, 0))).toEqual(['1:ana:900', '2:bob:600']);
  });

  test('GIVEN a reset THEN the season board is cleared from that moment, all time is kept, and it is recorded', () => {
    const { store, score, raw } = openStore();
    score('ana', 900, day(2));
    store.leaderboard.resetSeason(guildId, 'mod', day(3));
    score('bob', 100, day(4));
    expect(store.leaderboard.seasonBoardStart(guildId)).toEqual(day(3));
    expect(summary(store.leaderboard.board({ guildId, range: { from: day(3), to: null } }, 10, 0))).toEqual(['1:bob:100']);
    expect(summary(store.leaderboard.board(all, 10, 0))).toEqual(['1:ana:900', '2:bob:100']);
    expect(raw.prepare('SELECT reset_by, reset_at FROM leaderboard_resets').all()).toEqual([{ reset_by: 'mod', reset_at: day(3).getTime() }]);
  });
});

describe('the settings audit', () => {
  test('GIVEN twelve changes THEN the last ten come back newest first', () => {
    const { store } = openStore();
    for (let index = 1; index <= 12; index += 1) store.leaderboard.audit(guildId, 'mod', `change ${index}`, null, String(index), day(index));
    const recent = store.leaderboard.recentAudit(guildId, 10);
    expect(recent).toHaveLength(10);
    expect(recent[0]).toEqual({ userId: 'mod', action: 'change 12', oldValue: null, newValue: '12', at: day(12) });
    expect(recent.at(-1)?.action).toBe('change 3');
  });
});

describe('a board page in one query', () => {
  test('GIVEN a caller outside the page THEN the page, the total and the caller come back together, matching the separate queries', () => {
    const { store, score } = openStore();
    ['ana', 'bob', 'cy', 'dee', 'eve'].forEach((user, index) => score(user, 1000 - index * 100, day(2)));
    const page = store.leaderboard.boardPage(all, 2, 0, 'eve');
    expect(page.rows).toEqual(store.leaderboard.board(all, 2, 0));
    expect(page.total).toBe(store.leaderboard.board(all, 100, 0).length);
    expect(page.caller).toEqual(store.leaderboard.rankOf(all, 'eve'));
    expect(store.leaderboard.boardPage(all, 2, 0, 'nobody').caller).toBeUndefined();
  });
});
