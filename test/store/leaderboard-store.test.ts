import { describe, expect, test } from 'vitest';
import { engines, useTestDatabases } from '../support/engines.js';

const guildId = 'guild-1';
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 12));

const all = { guildId, range: { from: null, to: null } };
const summary = (rows: { rank: number; userId: string; points: number }[]) => rows.map((row) => `${row.rank}:${row.userId}:${row.points}`);

const database = useTestDatabases();

describe.each(engines)('on %s', (engine) => {
  /** A store on a fresh database of this engine; reopen() is another process (or a restart) on the same one. */
  async function openStore() {
    const db = await database(engine);
    const store = await db.open();
    let sequence = 0;
    /** Scored answers as a finished quiz leaves them. */
    const score = async (userId: string, points: number, at: Date, options: { correct?: boolean; track?: string; question?: string; guild?: string } = {}) => {
      sequence += 1;
      await db.exec(
        `INSERT INTO scored_answers (session_id, question_index, user_id, guild_id, lesson_id, question_id, track, season, kind, points, correct, answered_at)
          VALUES (?, 0, ?, ?, 'lesson', ?, ?, 1, 'live', ?, ?, ?)`,
        [`s${sequence}`, userId, options.guild ?? guildId, options.question ?? `q${sequence}`, options.track ?? 'security', points, options.correct === false ? 0 : 1, at.getTime()],
      );
      await store.leaderboard.addScoredAnswers(`s${sequence}`, [userId]);
    };
    for (const name of ['ana', 'bob', 'cy', 'dee', 'eve']) await store.leaderboard.seeMember(guildId, name, name.toUpperCase(), day(1));
    return { store, score, db };
  }
  describe('the leaderboard query', () => {
    test('GIVEN equal points THEN members share a rank and the next rank skips', async () => {
      const { store, score } = await openStore();
      await score('ana', 900, day(2));
      await score('bob', 500, day(2));
      await score('cy', 500, day(3));
      await score('dee', 100, day(3));
      expect(summary(await store.leaderboard.board(all, 10, 0))).toEqual(['1:ana:900', '2:bob:500', '2:cy:500', '4:dee:100']);
      expect(await store.leaderboard.rankOf(all, 'dee')).toMatchObject({ rank: 4, displayName: 'DEE', answered: 1, correct: 1 });
    });

    test('GIVEN a page past the first THEN ranks continue from the whole board', async () => {
      const { store, score } = await openStore();
      for (const [index, user] of ['ana', 'bob', 'cy', 'dee', 'eve'].entries()) await score(user, 1000 - index * 100, day(2));
      expect(summary(await store.leaderboard.board(all, 2, 2))).toEqual(['3:cy:800', '4:dee:700']);
      expect((await store.leaderboard.boardPage(all, 2, 2, 'ana')).total).toBe(5);
    });

    test('GIVEN a member who left the server THEN they are not on the board, and come back when they return', async () => {
      const { store, score } = await openStore();
      await score('ana', 900, day(2));
      await score('bob', 500, day(2));
      await store.leaderboard.markPresence(guildId, 'ana', false, day(4));
      expect(summary(await store.leaderboard.board(all, 10, 0))).toEqual(['1:bob:500']);
      await store.leaderboard.seeMember(guildId, 'ana', 'ANA', day(5));
      expect(summary(await store.leaderboard.board(all, 10, 0))).toEqual(['1:ana:900', '2:bob:500']);
    });

    test('GIVEN a time range, a track, and another server THEN only matching answers count', async () => {
      const { store, score } = await openStore();
      await score('ana', 100, day(2));
      await score('ana', 200, day(10), { track: 'networking' });
      await score('bob', 300, day(10));
      await score('bob', 5000, day(10), { guild: 'guild-2' });
      expect(summary(await store.leaderboard.board({ guildId, range: { from: day(9), to: null } }, 10, 0))).toEqual(['1:bob:300', '2:ana:200']);
      expect(summary(await store.leaderboard.board({ ...all, track: 'networking' }, 10, 0))).toEqual(['1:ana:200']);
    });

    test('GIVEN accuracy and mastery THEN totals and distinct right questions per track come back', async () => {
      const { store, score } = await openStore();
      await score('ana', 500, day(2), { question: 'q-a' });
      await score('ana', 500, day(3), { question: 'q-a' });
      await score('ana', 0, day(3), { question: 'q-b', correct: false });
      await score('ana', 500, day(3), { question: 'q-c', track: 'networking' });
      expect(await store.leaderboard.memberStats(guildId, 'ana')).toMatchObject({ points: 1500, answered: 4, correct: 3 });
      expect(await store.leaderboard.correctQuestionsByTrack(guildId, 'ana')).toEqual(new Map([['security', 1], ['networking', 1]]));
    });
  });

  describe('seasons', () => {
    test('GIVEN a new season THEN the old standings are archived and the new board starts empty', async () => {
      const { store, score } = await openStore();
      await score('ana', 900, day(2));
      await score('bob', 500, day(3));
      expect((await store.leaderboard.currentSeason(guildId)).number).toBe(1);
      expect(await store.leaderboard.startSeason(guildId, 'mod', day(5))).toEqual({ number: 2, startedAt: day(5) });
      expect(summary(await store.leaderboard.archivedStandings(guildId, 1, 10, 0))).toEqual(['1:ana:900', '2:bob:500']);
      expect(await store.leaderboard.board({ guildId, range: { from: await store.leaderboard.seasonBoardStart(guildId), to: null } }, 10, 0)).toEqual([]);
      await score('bob', 100, day(6));
      expect(summary(await store.leaderboard.board({ guildId, range: { from: await store.leaderboard.seasonBoardStart(guildId), to: null } }, 10, 0))).toEqual(['1:bob:100']);
      expect(summary(await store.leaderboard.board(all, 10, 0))).toEqual(['1:ana:900', '2:bob:600']);
    });

    test('GIVEN two members tied on points THEN the archived season lists them in the order the live board did', async () => {
      const { store, score } = await openStore();
      await score('ana', 200, day(2), { correct: false });
      await score('bob', 200, day(2));
      const live = summary(await store.leaderboard.board(all, 10, 0));
      expect(live).toEqual(['1:bob:200', '1:ana:200']);
      await store.leaderboard.startSeason(guildId, 'mod', day(5));
      expect(summary(await store.leaderboard.archivedStandings(guildId, 1, 10, 0))).toEqual(live);
    });

    test('GIVEN a reset THEN the season board is cleared from that moment, all time is kept, and it is recorded', async () => {
      const { store, score, db } = await openStore();
      await score('ana', 900, day(2));
      await store.leaderboard.resetSeason(guildId, 'mod', day(3));
      await score('bob', 100, day(4));
      expect(await store.leaderboard.seasonBoardStart(guildId)).toEqual(day(3));
      expect(summary(await store.leaderboard.board({ guildId, range: { from: day(3), to: null } }, 10, 0))).toEqual(['1:bob:100']);
      expect(summary(await store.leaderboard.board(all, 10, 0))).toEqual(['1:ana:900', '2:bob:100']);
      expect(await db.all('SELECT reset_by, reset_at FROM leaderboard_resets')).toEqual([{ reset_by: 'mod', reset_at: day(3).getTime() }]);
    });
  });

  describe('the settings audit', () => {
    test('GIVEN twelve changes THEN the last ten come back newest first', async () => {
      const { store } = await openStore();
      for (let index = 1; index <= 12; index += 1) await store.leaderboard.audit(guildId, 'mod', `change ${index}`, null, String(index), day(index));
      const recent = await store.leaderboard.recentAudit(guildId, 10);
      expect(recent).toHaveLength(10);
      expect(recent[0]).toEqual({ userId: 'mod', action: 'change 12', oldValue: null, newValue: '12', at: day(12) });
      expect(recent.at(-1)?.action).toBe('change 3');
    });
  });

  describe('a board page in one query', () => {
    test('GIVEN a caller outside the page THEN the page, the total and the caller come back together, matching the separate queries', async () => {
      const { store, score } = await openStore();
      for (const [index, user] of ['ana', 'bob', 'cy', 'dee', 'eve'].entries()) await score(user, 1000 - index * 100, day(2));
      const page = await store.leaderboard.boardPage(all, 2, 0, 'eve');
      expect(page.rows).toEqual(await store.leaderboard.board(all, 2, 0));
      expect(page.total).toBe((await store.leaderboard.board(all, 100, 0)).length);
      expect(page.caller).toEqual(await store.leaderboard.rankOf(all, 'eve'));
      expect((await store.leaderboard.boardPage(all, 2, 0, 'nobody')).caller).toBeUndefined();
    });
  });
});
