import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { periodRange, periods } from '../../src/leaderboard/periods.js';
import type { BoardQuery, BoardRow } from '../../src/store/leaderboard-store.js';
import { openDatabase, SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { engines, useTestDatabases, type TestDatabase } from '../support/engines.js';
import { useTempDir } from '../support/temp.js';
import { toRow, type BoardRecord } from '../../src/store/sqlite-leaderboard.js';

/**
 * The leaderboard reads roll-ups kept by the writes (migration 008). Whatever happened before,
 * every board must equal the raw query over scored answers, written out here as the oracle.
 */
const tempDir = useTempDir();
const guilds = ['guild-a', 'guild-b'];
const users = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
/** u5 never uses the bot: no member row, so shown as a former member (as the raw query does). */
const seenUsers = users.slice(0, 5);
const tracks = ['security', 'networking', 'databases'];
const dayMs = 24 * 3600 * 1000;
/** A Thursday at 13:00 UTC, so histories cross weeks, months and a year. */
const base = Date.UTC(2026, 11, 10, 13);
const span = 60 * dayMs;

type Event =
  | { kind: 'answer'; guild: number; user: number; track: number; at: number; points: number; correct: boolean }
  | { kind: 'quiz'; guild: number; answers: Omit<Extract<Event, { kind: 'answer' }>, 'kind' | 'guild'>[] }
  | { kind: 'season'; guild: number; step: number }
  | { kind: 'reset'; guild: number; step: number }
  | { kind: 'leave'; guild: number; user: number }
  | { kind: 'return'; guild: number; user: number };

const answer = fc.record({
  kind: fc.constant('answer' as const),
  guild: fc.nat({ max: guilds.length - 1 }),
  user: fc.nat({ max: users.length - 1 }),
  track: fc.nat({ max: tracks.length - 1 }),
  // Some on day boundaries exactly, most anywhere in the two months.
  at: fc.oneof(fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: 60 }).map((day) => day * dayMs - (base % dayMs))),
  // Few distinct values, so ties are common.
  points: fc.constantFrom(0, 100, 200, 300),
  correct: fc.boolean(),
});
/**
 * Several answers scored by one finish, summed together: two members of one track, within two
 * days, so that their answers often share a day and sometimes straddle a midnight or a board start.
 */
const quiz = fc
  .record({
    guild: fc.nat({ max: guilds.length - 1 }),
    track: fc.nat({ max: tracks.length - 1 }),
    at: fc.integer({ min: 0, max: span }),
    answers: fc.array(fc.record({ user: fc.nat({ max: 1 }), after: fc.integer({ min: 0, max: 2 * dayMs }), points: fc.constantFrom(0, 100, 200, 300), correct: fc.boolean() }), {
      minLength: 1,
      maxLength: 8,
    }),
  })
  .map(({ guild, track, at, answers }) => ({
    kind: 'quiz' as const,
    guild,
    answers: answers.map(({ after, ...answered }) => ({ ...answered, track, at: at + after })),
  }));
const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 8, arbitrary: answer },
  { weight: 4, arbitrary: quiz },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('season' as const), guild: fc.nat({ max: 1 }), step: fc.integer({ min: 1, max: 10 * dayMs }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), guild: fc.nat({ max: 1 }), step: fc.integer({ min: 1, max: 10 * dayMs }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), guild: fc.nat({ max: 1 }), user: fc.nat({ max: seenUsers.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('return' as const), guild: fc.nat({ max: 1 }), user: fc.nat({ max: seenUsers.length - 1 }) }) },
);

/** Raw statements beside the store, on either engine (see TestDatabase). */
type Raw = Pick<TestDatabase, 'exec' | 'all'>;

/** A SQLite connection as a Raw, for databases built as an old release left them. */
const sqliteRaw = (db: Database.Database): Raw => ({
  exec: async (text, params = []) => void db.prepare(text).run(...params),
  all: async <R,>(text: string, params: unknown[] = []) => db.prepare(text).all(...params) as R[],
});

/** The oracle: the board as a query over every scored answer in the range (written to mean the same on both engines). */
async function rawBoard(db: Raw, query: BoardQuery): Promise<BoardRow[]> {
  const track = query.track ?? null;
  const records = await db.all<BoardRecord & Record<string, unknown>>(
    `WITH totals AS (
        SELECT user_id, SUM(points) AS points, COUNT(*) AS answered, SUM(correct) AS correct FROM scored_answers
        WHERE guild_id = ? AND answered_at >= ? AND answered_at < ? AND (CAST(? AS TEXT) IS NULL OR track = ?)
        GROUP BY user_id
      ), present AS (
        SELECT t.*, m.display_name FROM totals t LEFT JOIN members m ON m.guild_id = ? AND m.user_id = t.user_id
        WHERE m.left_at IS NULL
      )
      SELECT *, RANK() OVER (ORDER BY points DESC) AS rank FROM present ORDER BY rank, correct DESC, user_id`,
    [query.guildId, query.range.from?.getTime() ?? Number.MIN_SAFE_INTEGER, query.range.to?.getTime() ?? Number.MAX_SAFE_INTEGER, track, track, query.guildId],
  );
  return records.map(toRow);
}

/** Every board variant a member can ask for, with ranges that fit a roll-up bucket and some that do not. */
async function queries(store: Store, guildId: string, extra: { now: number; from: number; length: number }): Promise<BoardQuery[]> {
  const seasonStart = await store.leaderboard.seasonBoardStart(guildId);
  const ranges = [
    // "Now" at the end of the history, and in the middle of it (later answers exist: no bucket fits).
    ...periods.flatMap((period) => [base + span, base + extra.now].map((now) => periodRange(period, new Date(now), seasonStart))),
    { from: new Date(base + extra.from), to: new Date(base + extra.from + extra.length) },
    { from: null, to: new Date(base + extra.from) },
    { from: new Date(Math.floor((base + extra.from) / dayMs) * dayMs), to: new Date(Math.floor((base + extra.from) / dayMs) * dayMs + dayMs) },
  ];
  return ranges.flatMap((range) => [undefined, tracks[0]].map((track) => ({ guildId, range, track })));
}

/** Every read of every variant against the oracle: whole boards, pages, pages with a caller, ranks, stats. */
async function expectBoardsMatchRaw(store: Store, raw: Raw, extra: { now: number; from: number; length: number }) {
  for (const guildId of guilds) {
    for (const query of await queries(store, guildId, extra)) {
      const expected = await rawBoard(raw, query);
      const label = JSON.stringify(query);
      expect(await store.leaderboard.board(query, 100, 0), label).toEqual(expected);
      expect(await store.leaderboard.board(query, 2, 3), label).toEqual(expected.slice(3, 5));
      // A page that starts inside a tie, and a page past the end; every caller, on and off the page.
      for (const caller of [...users, 'nobody']) {
        const offset = caller === 'nobody' ? 6 : 2;
        expect(await store.leaderboard.boardPage(query, 3, offset, caller), `${label} ${caller}`).toEqual({
          rows: expected.slice(offset, offset + 3),
          total: expected.length,
          caller: expected.find((row) => row.userId === caller),
        });
      }
      for (const userId of users) expect(await store.leaderboard.rankOf(query, userId), `${label} ${userId}`).toEqual(expected.find((row) => row.userId === userId));
    }
    for (const userId of users) {
      const [totals] = await raw.all<{ points: number | null; answered: number; correct: number | null }>(
        'SELECT SUM(points) AS points, COUNT(*) AS answered, SUM(correct) AS correct FROM scored_answers WHERE guild_id = ? AND user_id = ?',
        [guildId, userId],
      );
      expect(await store.leaderboard.memberStats(guildId, userId)).toMatchObject({ points: totals?.points ?? 0, answered: totals?.answered ?? 0, correct: totals?.correct ?? 0 });
    }
  }
  // No total is left behind at zero answers (a bucket emptied by a moved board start).
  expect(await raw.all('SELECT COUNT(*) AS count FROM board_totals WHERE answered <= 0')).toEqual([{ count: 0 }]);
}

const insertAnswer = (raw: Raw, sequence: number, event: Omit<Extract<Event, { kind: 'answer' }>, 'kind'>, questionIndex = 0) =>
  raw.exec(
    `INSERT INTO scored_answers (session_id, question_index, user_id, guild_id, lesson_id, question_id, track, season, kind, points, correct, answered_at)
      VALUES (?, ?, ?, ?, 'lesson', 'q', ?, 1, 'live', ?, ?, ?)`,
    [`s${sequence}`, questionIndex, users[event.user], guilds[event.guild], tracks[event.track], event.points, event.correct ? 1 : 0, base + event.at],
  );

const extraRange = fc.record({ now: fc.integer({ min: 0, max: span }), from: fc.integer({ min: -dayMs, max: span + dayMs }), length: fc.integer({ min: 0, max: 20 * dayMs }) });

const database = useTestDatabases();

describe.each(engines)('leaderboard roll-ups on %s', (engine) => {
  test('GIVEN any history of answers, quizzes of several answers, seasons, resets and members leaving and returning THEN every board, page and rank equals the raw query', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 60 }), extraRange, async (events, extra) => {
        const raw = await database(engine);
        const store = await raw.open();
        try {
          for (const guildId of guilds) for (const userId of seenUsers) await store.leaderboard.seeMember(guildId, userId, userId.toUpperCase(), new Date(base));
          // Seasons and resets happen in order in time; answers may be dated before them (a quiz that
          // finishes after a reset) or after them (a start dated in the past moves their totals).
          const clocks = guilds.map(() => base);
          const advance = (guild: number, step: number) => new Date((clocks[guild] = (clocks[guild] ?? base) + step));
          const archives: { guildId: string; season: number; expected: BoardRow[] }[] = [];
          for (const [sequence, event] of events.entries()) {
            const guildId = guilds[event.guild] as string;
            switch (event.kind) {
              case 'answer':
                // As a quiz's finish scores it: the answer, then the roll-ups, from the store.
                await insertAnswer(raw, sequence, event);
                await store.leaderboard.addScoredAnswers(`s${sequence}`, [users[event.user] as string]);
                break;
              case 'quiz':
                for (const [index, answered] of event.answers.entries()) await insertAnswer(raw, sequence, { ...answered, guild: event.guild }, index);
                await store.leaderboard.addScoredAnswers(`s${sequence}`, [...new Set(event.answers.map((answered) => users[answered.user] as string))]);
                break;
              case 'season': {
                const at = advance(event.guild, event.step);
                const range = { from: await store.leaderboard.seasonBoardStart(guildId), to: at };
                const season = (await store.leaderboard.currentSeason(guildId)).number;
                archives.push({ guildId, season, expected: await rawBoard(raw, { guildId, range }) });
                await store.leaderboard.startSeason(guildId, 'mod', at);
                break;
              }
              case 'reset':
                await store.leaderboard.resetSeason(guildId, 'mod', advance(event.guild, event.step));
                break;
              case 'leave':
                await store.leaderboard.markPresence(guildId, users[event.user] as string, false, new Date(base));
                break;
              case 'return':
                await store.leaderboard.seeMember(guildId, users[event.user] as string, (users[event.user] as string).toUpperCase(), new Date(base));
                break;
            }
          }
          await expectBoardsMatchRaw(store, raw, extra);
          for (const archive of archives) {
            expect(await store.leaderboard.archivedStandings(archive.guildId, archive.season, 100, 0)).toEqual(archive.expected);
            expect(await store.leaderboard.archivedSize(archive.guildId, archive.season)).toBe(archive.expected.length);
          }
        } finally {
          await store.close();
        }
      }),
      // Postgres answers each of a run's thousand reads over a socket: fewer runs keep the suite's time in bounds.
      { numRuns: Number(process.env.ROLLUP_RUNS ?? (engine === 'postgres' ? 10 : 30)) },
    );
  }, 180_000);

  test('GIVEN a quiz scored after a reset, one member answering an hour before it and an hour after on the same day THEN each answer counts on its own side', async () => {
    const raw = await database(engine);
    const store = await raw.open();
    try {
      for (const guildId of guilds) for (const userId of seenUsers) await store.leaderboard.seeMember(guildId, userId, userId.toUpperCase(), new Date(base));
      const reset = base + 3 * dayMs + 2 * 3_600_000;
      await store.leaderboard.resetSeason('guild-a', 'mod', new Date(reset));
      const answered = (at: number, points: number) => ({ user: 0, guild: 0, track: 0, at: at - base, points, correct: true });
      await insertAnswer(raw, 1, answered(reset - 3_600_000, 100), 0);
      await insertAnswer(raw, 1, answered(reset + 3_600_000, 300), 1);
      await store.leaderboard.addScoredAnswers('s1', ['u0']);
      const since = { guildId: 'guild-a', range: { from: await store.leaderboard.seasonBoardStart('guild-a'), to: null } };
      expect(await store.leaderboard.board(since, 10, 0)).toMatchObject([{ userId: 'u0', points: 300, answered: 1 }]);
      await expectBoardsMatchRaw(store, raw, { now: 3 * dayMs, from: 0, length: dayMs });
    } finally {
      await store.close();
    }
  });
});

describe('leaderboard roll-ups added by migration 008', () => {

  test('GIVEN answers, seasons and resets scored before the roll-ups existed THEN the migration fills them to equal the raw query', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 50 }), extraRange, async (events, extra) => {
        const dir = tempDir();
        const file = path.join(dir, 'tutor.db');
        // The database as release 7 left it: seasons and resets are rows, the board was a query.
        const old = openDatabase(file, { upToVersion: 7 });
        const clocks = guilds.map(() => base);
        const advance = (guild: number, step: number) => (clocks[guild] = (clocks[guild] ?? base) + step);
        const seasons = guilds.map(() => 1);
        for (const [sequence, event] of events.entries()) {
          const guildId = guilds[event.guild] as string;
          if (event.kind === 'answer') await insertAnswer(sqliteRaw(old), sequence, event);
          if (event.kind === 'season') {
            if (seasons[event.guild] === 1) old.prepare(`INSERT OR IGNORE INTO seasons VALUES (?, 1, 0, 'mod')`).run(guildId);
            seasons[event.guild] = (seasons[event.guild] as number) + 1;
            old.prepare(`INSERT INTO seasons VALUES (?, ?, ?, 'mod')`).run(guildId, seasons[event.guild], advance(event.guild, event.step));
          }
          if (event.kind === 'reset') old.prepare(`INSERT INTO leaderboard_resets VALUES (?, ?, ?, 'mod')`).run(guildId, seasons[event.guild], advance(event.guild, event.step));
        }
        old.close();
        const store = SqliteStore.open(file);
        const raw = new Database(file);
        try {
          for (const guildId of guilds) for (const userId of seenUsers) await store.leaderboard.seeMember(guildId, userId, userId.toUpperCase(), new Date(base));
          await expectBoardsMatchRaw(store, sqliteRaw(raw), extra);
        } finally {
          raw.close();
          await store.close();
        }
      }),
      { numRuns: Number(process.env.ROLLUP_RUNS ?? 15) },
    );
  }, 120_000);
});
