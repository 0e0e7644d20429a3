import type pg from 'pg';
import type { PendingMember } from '../member-names.js';
import type { AuditEntry, BoardQuery, BoardRow, LeaderboardStore, MemberStats, Season, ServerProgress } from '../leaderboard-store.js';
import {
  beginning,
  bucketSql,
  dayMs,
  everyTrack,
  forever,
  monthStart,
  never,
  nextMonth,
  pageTail,
  rangeSql,
  rankOfRow,
  scope,
  toMemberStats,
  toRow,
  weekStart,
  type BoardRecord,
  type Bucket,
} from '../sqlite-leaderboard.js';
import { boardStartOf } from '../board-totals.js';
import { row, rows, run, transaction, type Queryable } from './sql.js';

/**
 * SQLite's board statements, as Postgres reads them: index hints dropped (its planner picks the
 * same indexes itself), and the page's NULL total typed, since Postgres types a UNION's
 * columns from its first branches.
 */
const forPostgres = (text: string) => text.replace(/\s+INDEXED BY \w+/g, '').replace('NULL AS total', 'NULL::bigint AS total');

const sql = {
  // Any number of members in one statement (each at most once).
  seeMembers: `
    INSERT INTO members (guild_id, user_id, display_name, seen_at, checked_at, left_at)
    SELECT guild_id, user_id, name, at, at, NULL FROM unnest(@guildIds::text[], @userIds::text[], @names::text[], @ats::bigint[]) AS seen (guild_id, user_id, name, at)
    ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name, seen_at = excluded.seen_at,
      checked_at = excluded.checked_at, left_at = NULL
    WHERE members.display_name <> excluded.display_name OR members.left_at IS NOT NULL OR members.seen_at < excluded.seen_at - 3600000`,
  membersChecked: 'SELECT user_id, checked_at FROM members WHERE guild_id = ? AND user_id = ANY(?::text[])',
  markPresence: `
    UPDATE members SET checked_at = @at, left_at = CASE WHEN @present::int = 1 THEN NULL ELSE COALESCE(left_at, @at) END
    WHERE guild_id = @guildId AND user_id = @userId`,
  currentSeason: 'SELECT number, started_at FROM seasons WHERE guild_id = ? ORDER BY number DESC LIMIT 1',
  insertSeason: 'INSERT INTO seasons (guild_id, number, started_at, started_by) VALUES (?, ?, ?, ?)',
  lastReset: 'SELECT MAX(reset_at) AS reset_at FROM leaderboard_resets WHERE guild_id = ? AND season = ?',
  insertReset: 'INSERT INTO leaderboard_resets (guild_id, season, reset_at, reset_by) VALUES (?, ?, ?, ?)',
  insertStanding: `
    INSERT INTO season_standings (guild_id, season, rank, user_id, display_name, points, answered, correct)
    VALUES (@guildId, @season, @rank, @userId, @displayName, @points, @answered, @correct)`,
  archived: 'SELECT user_id, display_name, points, answered, correct, rank FROM season_standings WHERE guild_id = ? AND season = ? ORDER BY rank, correct DESC, user_id LIMIT ? OFFSET ?',
  archivedSize: 'SELECT COUNT(*) AS count FROM season_standings WHERE guild_id = ? AND season = ?',
  entries: `
    SELECT COUNT(*) FILTER (WHERE kind = 'live') AS competitions, COUNT(*) FILTER (WHERE kind = 'live' AND won = 1) AS wins,
      MAX(best_streak) AS best_streak
    FROM score_entries WHERE guild_id = ? AND user_id = ?`,
  totals: `SELECT points, answered, correct FROM board_totals WHERE guild_id = ? AND scope = ${scope.all} AND bucket = 0 AND track = '${everyTrack}' AND user_id = ?`,
  answersIn: 'SELECT 1 AS found FROM scored_answers WHERE guild_id = ? AND answered_at >= ? AND answered_at < ? LIMIT 1',
  boardStart: `
    SELECT EXISTS (SELECT 1 FROM board_starts WHERE guild_id = @guildId AND start = @at) AS known,
      (SELECT MIN(start) FROM board_starts WHERE guild_id = @guildId AND start > @at) AS next,
      (SELECT MAX(start) FROM board_starts WHERE guild_id = @guildId AND start < @at) AS previous`,
  shiftBoard: `
    INSERT INTO board_totals (guild_id, scope, bucket, track, user_id, points, answered, correct)
    SELECT @guildId, ${scope.board}, @bucket, track, user_id, @sign * SUM(points), @sign * COUNT(*), @sign * SUM(correct) FROM (
      SELECT CASE WHEN o.own = 1 THEN a.track ELSE '${everyTrack}' END AS track, a.user_id, a.points, a.correct
      FROM scored_answers a CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) o
      WHERE a.guild_id = @guildId AND a.answered_at >= @from AND a.answered_at < @to
    ) AS moved GROUP BY track, user_id
    ON CONFLICT (guild_id, scope, bucket, track, user_id) DO UPDATE SET
      points = board_totals.points + excluded.points, answered = board_totals.answered + excluded.answered,
      correct = board_totals.correct + excluded.correct`,
  dropEmpty: `DELETE FROM board_totals WHERE guild_id = ? AND scope = ${scope.board} AND bucket = ? AND answered = 0`,
  lessonsCompleted: 'SELECT COUNT(*) AS count FROM lesson_progress WHERE guild_id = ? AND user_id = ? AND completed_at IS NOT NULL',
  correctByTrack: `
    SELECT track, COUNT(DISTINCT lesson_id || '/' || question_id) AS count FROM scored_answers
    WHERE guild_id = ? AND user_id = ? AND correct = 1 GROUP BY track`,
  // See SQLite's: from the member's player rows, and from the questions' tallies.
  quizAccuracy: `
    SELECT SUM(p.answered) AS answered, SUM(p.correct) AS correct FROM quiz_sessions s JOIN quiz_players p ON p.session_id = s.id
    WHERE s.guild_id = ? AND p.user_id = ?`,
  learners: 'SELECT COUNT(DISTINCT user_id) AS count FROM active_days WHERE guild_id = ? AND day >= ?',
  completions: 'SELECT lesson_id, completed AS members FROM lesson_counts WHERE guild_id = ? AND completed > 0 ORDER BY members DESC, lesson_id',
  // As SQLite's: ended quizzes' totals (migration 015), and the running quizzes' tallies.
  missed: `
    SELECT lesson_id, question_id, SUM(wrong) AS wrong, SUM(answered) AS answered FROM (
      SELECT lesson_id, question_id, wrong, answered FROM question_misses WHERE guild_id = @guildId
      UNION ALL
      SELECT s.lesson_id, s.question_ids::jsonb ->> t.question_index, t.wrong, t.answered
      FROM quiz_sessions s JOIN quiz_question_tallies t ON t.session_id = s.id
      WHERE s.guild_id = @guildId AND s.phase IN ('lobby', 'question', 'reveal')
    ) server GROUP BY 1, 2 HAVING SUM(wrong) > 0 ORDER BY wrong DESC, answered DESC LIMIT 5`,
  audit: 'INSERT INTO settings_audit (guild_id, user_id, action, old_value, new_value, at) VALUES (@guildId, @userId, @action, @oldValue, @newValue, @at)',
  recentAudit: 'SELECT user_id, action, old_value, new_value, at FROM settings_audit WHERE guild_id = ? ORDER BY at DESC, id DESC LIMIT ?',
  // See board-totals.ts: one quiz's scored answers by the listed members, summed per board period and track, upserted once per row.
  addSessionToTotals: `
    INSERT INTO board_totals (guild_id, scope, bucket, track, user_id, points, answered, correct)
    SELECT guild_id, scope, bucket, track, user_id, SUM(points), SUM(answered), SUM(correct) FROM (
      SELECT d.guild_id, k.scope,
        CASE k.scope
          WHEN 0 THEN 0
          WHEN 1 THEN d.board
          WHEN 2 THEN month_start_ms(d.day * 86400000)
          WHEN 3 THEN (d.day - (d.day + 3) % 7) * 86400000
          ELSE d.day * 86400000
        END AS bucket,
        CASE WHEN o.own = 1 THEN d.track ELSE '' END AS track, d.user_id, d.points, d.answered, d.correct
      FROM (
        SELECT a.guild_id, a.track, a.user_id, a.answered_at / 86400000 AS day,
          ${boardStartOf('a.guild_id', 'a.answered_at', 'GREATEST')} AS board,
          SUM(a.points) AS points, COUNT(*) AS answered, SUM(a.correct) AS correct
        FROM scored_answers a
        WHERE a.session_id = @sessionId AND a.user_id = ANY(@users::text[])
        GROUP BY 1, 2, 3, 4, 5
      ) AS d
      CROSS JOIN (VALUES (0), (1), (2), (3), (4)) AS k (scope)
      CROSS JOIN (VALUES (0), (1)) AS o (own)
    ) AS answers
    GROUP BY guild_id, scope, bucket, track, user_id
    ON CONFLICT (guild_id, scope, bucket, track, user_id) DO UPDATE SET
      points = board_totals.points + excluded.points, answered = board_totals.answered + excluded.answered,
      correct = board_totals.correct + excluded.correct`,
  // Season moves of one server wait for each other, as SQLite's write lock makes them.
  lockGuild: `SELECT pg_advisory_xact_lock(hashtext('seasons:' || ?))`,
};

/** The leaderboard on Postgres: the same roll-ups, buckets and board statements as SQLite's. */
export class PostgresLeaderboardStore implements LeaderboardStore {
  constructor(private readonly pool: pg.Pool) {}

  async addScoredAnswers(sessionId: string, userIds: readonly string[]) {
    await addSessionToTotals(this.pool, sessionId, userIds);
  }

  async seeMember(guildId: string, userId: string, displayName: string, at: Date) {
    await this.seeMembers([{ guildId, userId, name: displayName, at: at.getTime() }]);
  }

  /** Names of different members, written in one statement. */
  async seeMembers(members: readonly PendingMember[]) {
    await run(this.pool, sql.seeMembers, {
      guildIds: members.map((member) => member.guildId),
      userIds: members.map((member) => member.userId),
      names: members.map((member) => member.name),
      ats: members.map((member) => member.at),
    });
  }

  async membersToCheck(guildId: string, userIds: readonly string[], staleBefore: Date) {
    const checked = new Map((await rows<{ user_id: string; checked_at: number }>(this.pool, sql.membersChecked, [guildId, [...userIds]])).map((found) => [found.user_id, found.checked_at]));
    return userIds.filter((userId) => (checked.get(userId) ?? 0) < staleBefore.getTime());
  }

  async markPresence(guildId: string, userId: string, present: boolean, at: Date) {
    await run(this.pool, sql.markPresence, { guildId, userId, present: present ? 1 : 0, at: at.getTime() });
  }

  async currentSeason(guildId: string): Promise<Season> {
    return currentSeasonOn(this.pool, guildId);
  }

  async startSeason(guildId: string, by: string, at: Date): Promise<Season> {
    return transaction(this.pool, async (client) => {
      await run(client, sql.lockGuild, [guildId]);
      const current = await currentSeasonOn(client, guildId);
      const query = { guildId, range: { from: await seasonBoardStartOn(client, guildId), to: at } };
      if (current.startedAt.getTime() === beginning.getTime() && !(await row(client, sql.currentSeason, [guildId]))) {
        await run(client, sql.insertSeason, [guildId, current.number, 0, by]);
      }
      await newBoardStart(client, guildId, at, () => run(client, sql.insertSeason, [guildId, current.number + 1, at.getTime(), by]));
      for (const standing of await boardOn(client, query, Number.MAX_SAFE_INTEGER, 0)) {
        await run(client, sql.insertStanding, { guildId, season: current.number, ...standing });
      }
      return { number: current.number + 1, startedAt: at };
    });
  }

  async resetSeason(guildId: string, by: string, at: Date) {
    await transaction(this.pool, async (client) => {
      await run(client, sql.lockGuild, [guildId]);
      const season = (await currentSeasonOn(client, guildId)).number;
      await newBoardStart(client, guildId, at, () => run(client, sql.insertReset, [guildId, season, at.getTime(), by]));
    });
  }

  async seasonBoardStart(guildId: string): Promise<Date> {
    return seasonBoardStartOn(this.pool, guildId);
  }

  async board(query: BoardQuery, limit: number, offset: number): Promise<BoardRow[]> {
    return boardOn(this.pool, query, limit, offset);
  }

  async boardPage(query: BoardQuery, limit: number, offset: number, callerId: string) {
    const { text, params } = await boardSql(this.pool, query, pageTail(true));
    const records = await rows<BoardRecord & { part: number; total: number }>(this.pool, text, { ...params, limit, offset, callerId });
    const caller = records.find((record) => record.part === 1);
    return {
      rows: records.filter((record) => record.part === 0).map(toRow),
      total: records.find((record) => record.part === 2)?.total ?? 0,
      caller: caller && toRow(caller),
    };
  }

  async rankOf(query: BoardQuery, userId: string): Promise<BoardRow | undefined> {
    const { text, params } = await boardSql(this.pool, query, `SELECT p.*, ${rankOfRow('p')} AS rank FROM present p WHERE p.user_id = @userId`);
    const record = await row<BoardRecord>(this.pool, text, { ...params, userId });
    return record && toRow(record);
  }

  async archivedStandings(guildId: string, season: number, limit: number, offset: number): Promise<BoardRow[]> {
    return (await rows<BoardRecord>(this.pool, sql.archived, [guildId, season, limit, offset])).map(toRow);
  }

  async archivedSize(guildId: string, season: number): Promise<number> {
    return (await row<{ count: number }>(this.pool, sql.archivedSize, [guildId, season]))?.count ?? 0;
  }

  async memberStats(guildId: string, userId: string): Promise<MemberStats> {
    const [totals, entries, completed] = await Promise.all([
      row<{ points: number; answered: number; correct: number }>(this.pool, sql.totals, [guildId, userId]),
      row<{ competitions: number; wins: number; best_streak: number | null }>(this.pool, sql.entries, [guildId, userId]),
      row<{ count: number }>(this.pool, sql.lessonsCompleted, [guildId, userId]),
    ]);
    return toMemberStats(totals, entries, completed);
  }

  async correctQuestionsByTrack(guildId: string, userId: string): Promise<Map<string, number>> {
    return new Map((await rows<{ track: string; count: number }>(this.pool, sql.correctByTrack, [guildId, userId])).map((found) => [found.track, found.count]));
  }

  async quizAccuracy(guildId: string, userId: string) {
    const found = await row<{ answered: number | null; correct: number | null }>(this.pool, sql.quizAccuracy, [guildId, userId]);
    return { answered: found?.answered ?? 0, correct: found?.correct ?? 0 };
  }

  async serverProgress(guildId: string, activeSinceDay: string): Promise<ServerProgress> {
    const [learners, completions, missed] = await Promise.all([
      row<{ count: number }>(this.pool, sql.learners, [guildId, activeSinceDay]),
      rows<{ lesson_id: string; members: number }>(this.pool, sql.completions, [guildId]),
      rows<{ lesson_id: string; question_id: string; wrong: number; answered: number }>(this.pool, sql.missed, { guildId }),
    ]);
    return {
      learners: learners?.count ?? 0,
      completions: completions.map((found) => ({ lessonId: found.lesson_id, members: found.members })),
      missed: missed.map((found) => ({ lessonId: found.lesson_id, questionId: found.question_id, wrong: found.wrong, answered: found.answered })),
    };
  }

  async audit(guildId: string, userId: string, action: string, oldValue: string | null, newValue: string | null, at: Date) {
    await auditOn(this.pool, { guildId, userId, action, oldValue, newValue, at });
  }

  async recentAudit(guildId: string, limit: number): Promise<AuditEntry[]> {
    return (await rows<{ user_id: string; action: string; old_value: string | null; new_value: string | null; at: number }>(this.pool, sql.recentAudit, [guildId, limit])).map((found) => ({
      userId: found.user_id,
      action: found.action,
      oldValue: found.old_value,
      newValue: found.new_value,
      at: new Date(found.at),
    }));
  }
}

/** Adds a finished quiz's scored answers to the roll-ups, inside the caller's transaction when given its client. */
export async function addSessionToTotals(db: Queryable, sessionId: string, userIds: readonly string[]) {
  await run(db, sql.addSessionToTotals, { sessionId, users: [...userIds] });
}

/** A settings change's audit line, inside the caller's transaction when given its client. */
export async function auditOn(db: Queryable, entry: { guildId: string; userId: string; action: string; oldValue: string | null; newValue: string | null; at: Date }) {
  await run(db, sql.audit, { ...entry, at: entry.at.getTime() });
}

async function currentSeasonOn(db: Queryable, guildId: string): Promise<Season> {
  const found = await row<{ number: number; started_at: number }>(db, sql.currentSeason, [guildId]);
  return found ? { number: found.number, startedAt: new Date(found.started_at) } : { number: 1, startedAt: beginning };
}

async function seasonBoardStartOn(db: Queryable, guildId: string): Promise<Date> {
  const season = await currentSeasonOn(db, guildId);
  const reset = (await row<{ reset_at: number | null }>(db, sql.lastReset, [guildId, season.number]))?.reset_at ?? 0;
  return new Date(Math.max(season.startedAt.getTime(), reset));
}

/** See SqliteLeaderboardStore.newBoardStart: the start recorded, and the answers after it moved into its bucket. */
async function newBoardStart(db: Queryable, guildId: string, at: Date, insert: () => Promise<unknown>) {
  const start = at.getTime();
  const { known, next, previous } = (await row<{ known: boolean; next: number | null; previous: number | null }>(db, sql.boardStart, { guildId, at: start })) as {
    known: boolean;
    next: number | null;
    previous: number | null;
  };
  await insert();
  if (known || start === 0) return;
  const moved = { guildId, from: start, to: next ?? forever };
  if (!(await row(db, sql.answersIn, [guildId, moved.from, moved.to]))) return;
  await run(db, sql.shiftBoard, { ...moved, bucket: start, sign: 1 });
  await run(db, sql.shiftBoard, { ...moved, bucket: previous ?? 0, sign: -1 });
  await run(db, sql.dropEmpty, [guildId, previous ?? 0]);
}

/** See SqliteLeaderboardStore.bucketFor: the roll-up bucket holding exactly the range's answers, if one does. */
async function bucketFor(db: Queryable, query: BoardQuery): Promise<Bucket | undefined> {
  const { guildId } = query;
  const from = query.range.from?.getTime() ?? never;
  const to = query.range.to?.getTime() ?? forever;
  const candidates: Bucket[] = [{ scope: scope.all, bucket: 0, start: never, end: forever }];
  if (from !== never) {
    const start = await row<{ known: boolean; next: number | null }>(db, sql.boardStart, { guildId, at: from });
    if (from === 0 || start?.known) candidates.push({ scope: scope.board, bucket: from, start: from, end: start?.next ?? forever });
    if (monthStart(from) === from) candidates.push({ scope: scope.month, bucket: from, start: from, end: nextMonth(from) });
    if (weekStart(from) === from) candidates.push({ scope: scope.week, bucket: from, start: from, end: from + 7 * dayMs });
    if (from % dayMs === 0) candidates.push({ scope: scope.day, bucket: from, start: from, end: from + dayMs });
  }
  const emptyBetween = async (a: number, b: number) => a === b || !(await row(db, sql.answersIn, [guildId, Math.min(a, b), Math.max(a, b)]));
  for (const candidate of candidates) {
    if ((await emptyBetween(candidate.start, from)) && (await emptyBetween(candidate.end, to))) return candidate;
  }
  return undefined;
}

async function boardSql(db: Queryable, query: BoardQuery, tail: string) {
  const bucket = await bucketFor(db, query);
  const { text, params } = bucket ? bucketSql(query, bucket, tail) : rangeSql(query, tail);
  return { text: forPostgres(text), params };
}

async function boardOn(db: Queryable, query: BoardQuery, limit: number, offset: number): Promise<BoardRow[]> {
  const { text, params } = await boardSql(db, query, pageTail(false));
  return (await rows<BoardRecord>(db, text, { ...params, limit, offset })).map(toRow);
}
