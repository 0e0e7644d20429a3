import type Database from 'better-sqlite3';
import type { AuditEntry, BoardQuery, BoardRow, LeaderboardStore, MemberStats, Season } from './leaderboard-store.js';
import type { Synchronous } from './promised.js';
import { prepareAddSessionToTotals, rebuildAllTotals, type AddSessionToTotals } from './board-totals.js';

/** A board row as SQL returns it; exported so tests can compare their own query's rows the same way. */
export interface BoardRecord {
  user_id: string;
  display_name: string | null;
  points: number;
  answered: number;
  correct: number;
  rank: number;
}

export const toRow = (record: BoardRecord): BoardRow => ({
  userId: record.user_id,
  displayName: record.display_name ?? 'a former member',
  points: record.points,
  answered: record.answered,
  correct: record.correct,
  rank: record.rank,
});

/** Roll-up scopes of board_totals (migration 008): what a bucket spans. */
export const scope = { all: 0, board: 1, month: 2, week: 3, day: 4 } as const;
export const dayMs = 24 * 3600 * 1000;
export const never = Number.MIN_SAFE_INTEGER;
export const forever = Number.MAX_SAFE_INTEGER;
/** The key of the totals over every track. */
export const everyTrack = '';

/** A bucket of the roll-ups: its totals are exactly the answers in [start, end). */
export interface Bucket {
  scope: number;
  bucket: number;
  start: number;
  end: number;
}

export const monthStart = (ms: number) => {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
};
export const nextMonth = (ms: number) => {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
};
/** Day 0 (1970-01-01) was a Thursday: weeks start on Monday, as in periodRange. */
export const weekStart = (ms: number) => {
  const day = Math.floor(ms / dayMs);
  return (day - ((((day + 3) % 7) + 7) % 7)) * dayMs;
};

/**
 * Ties share a rank: one more than the present members with more points. On a bucket, counted
 * as index entries with more points less the departed members among them (few, found through
 * the partial index of departed members), not by a join per entry.
 */
export const rankOfRow = (row: string) => `1 + (SELECT COUNT(*) FROM ranking x WHERE x.points > ${row}.points)
  - (SELECT COUNT(*) FROM departed d WHERE d.points > ${row}.points)`;
/**
 * Part 0: the page in board order; part 1: the caller; part 2: the board's size. Only the
 * page's first tie is counted from the index; the rows after it rank by their place, so a page,
 * even the whole board when a season is archived, costs one count.
 */
export const pageTail = (withCaller: boolean) => `
  , page AS (
    SELECT *, RANK() OVER (ORDER BY points DESC) AS in_page
    FROM (SELECT * FROM present ORDER BY points DESC, correct DESC, user_id LIMIT @limit OFFSET @offset) AS ordered
  )
  SELECT 0 AS part, p.user_id, p.display_name, p.points, p.answered, p.correct,
    CASE WHEN p.in_page = 1 THEN (SELECT ${rankOfRow('f')} FROM (SELECT MAX(points) AS points FROM page) f) ELSE @offset + p.in_page END AS rank,
    NULL AS total
  FROM page p
  ${withCaller ? `UNION ALL SELECT 1, c.*, ${rankOfRow('c')}, NULL FROM present c WHERE c.user_id = @callerId
  UNION ALL SELECT 2, NULL, NULL, NULL, NULL, NULL, NULL, (SELECT COUNT(*) FROM ranking) - (SELECT COUNT(*) FROM departed)` : ''}
  ORDER BY part, points DESC, correct DESC, user_id`;

/** The first season of a server starts with its first answer: at the epoch, for the query. */
export const beginning = new Date(0);

/** Synchronous: SqliteStore hands it out through promised(). */
export class SqliteLeaderboardStore implements Synchronous<LeaderboardStore> {
  private readonly sql;
  /** Board queries differ only by their filters and tail; each variant is prepared once. */
  private readonly prepared = new Map<string, Database.Statement>();
  private readonly addToTotals: AddSessionToTotals;

  constructor(private readonly db: Database.Database) {
    this.addToTotals = prepareAddSessionToTotals(db);
    this.sql = {
      // Most interactions come from members already known under the same name: then nothing is written.
      seeMember: db.prepare(`
        INSERT INTO members (guild_id, user_id, display_name, seen_at, checked_at, left_at) VALUES (@guildId, @userId, @name, @at, @at, NULL)
        ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name, seen_at = excluded.seen_at,
          checked_at = excluded.checked_at, left_at = NULL
        WHERE members.display_name <> excluded.display_name OR members.left_at IS NOT NULL OR members.seen_at < excluded.seen_at - 3600000`),
      memberChecked: db.prepare<[string, string], { checked_at: number }>('SELECT checked_at FROM members WHERE guild_id = ? AND user_id = ?'),
      markPresence: db.prepare(`
        UPDATE members SET checked_at = @at, left_at = CASE WHEN @present = 1 THEN NULL ELSE COALESCE(left_at, @at) END
        WHERE guild_id = @guildId AND user_id = @userId`),
      currentSeason: db.prepare<[string], { number: number; started_at: number }>(
        'SELECT number, started_at FROM seasons WHERE guild_id = ? ORDER BY number DESC LIMIT 1',
      ),
      insertSeason: db.prepare<[string, number, number, string]>('INSERT INTO seasons (guild_id, number, started_at, started_by) VALUES (?, ?, ?, ?)'),
      lastReset: db.prepare<[string, number], { reset_at: number }>(
        'SELECT MAX(reset_at) AS reset_at FROM leaderboard_resets WHERE guild_id = ? AND season = ?',
      ),
      insertReset: db.prepare<[string, number, number, string]>('INSERT INTO leaderboard_resets (guild_id, season, reset_at, reset_by) VALUES (?, ?, ?, ?)'),
      insertStanding: db.prepare(`
        INSERT INTO season_standings (guild_id, season, rank, user_id, display_name, points, answered, correct)
        VALUES (@guildId, @season, @rank, @userId, @displayName, @points, @answered, @correct)`),
      archived: db.prepare<[string, number, number, number], BoardRecord>(`
        SELECT user_id, display_name, points, answered, correct, rank FROM season_standings
        WHERE guild_id = ? AND season = ? ORDER BY rank, correct DESC, user_id LIMIT ? OFFSET ?`),
      archivedSize: db.prepare<[string, number], { count: number }>('SELECT COUNT(*) AS count FROM season_standings WHERE guild_id = ? AND season = ?'),
      entries: db.prepare<[string, string], { competitions: number; wins: number; best_streak: number | null }>(`
        SELECT COUNT(*) FILTER (WHERE kind = 'live') AS competitions, COUNT(*) FILTER (WHERE kind = 'live' AND won = 1) AS wins,
          MAX(best_streak) AS best_streak
        FROM score_entries WHERE guild_id = ? AND user_id = ?`),
      totals: db.prepare<[string, string], { points: number; answered: number; correct: number }>(`
        SELECT points, answered, correct FROM board_totals WHERE guild_id = ? AND scope = ${scope.all} AND bucket = 0 AND track = '${everyTrack}' AND user_id = ?`),
      // Is there a scored answer in [from, to)? An index probe, to tell whether a bucket fits a range.
      answersIn: db.prepare<[string, number, number], { found: number }>(
        'SELECT 1 AS found FROM scored_answers INDEXED BY scored_answers_by_time WHERE guild_id = ? AND answered_at >= ? AND answered_at < ? LIMIT 1',
      ),
      boardStart: db.prepare<{ guildId: string; at: number }, { known: number; next: number | null; previous: number | null }>(`
        SELECT EXISTS (SELECT 1 FROM board_starts WHERE guild_id = @guildId AND start = @at) AS known,
          (SELECT MIN(start) FROM board_starts WHERE guild_id = @guildId AND start > @at) AS next,
          (SELECT MAX(start) FROM board_starts WHERE guild_id = @guildId AND start < @at) AS previous`),
      // Moves the board totals of the answers in [from, to) into bucket @bucket (sign 1) or out of it (sign -1).
      shiftBoard: db.prepare(`
        INSERT INTO board_totals (guild_id, scope, bucket, track, user_id, points, answered, correct)
        SELECT @guildId, ${scope.board}, @bucket, track, user_id, @sign * SUM(points), @sign * COUNT(*), @sign * SUM(correct) FROM (
          SELECT CASE WHEN o.own = 1 THEN a.track ELSE '${everyTrack}' END AS track, a.user_id, a.points, a.correct
          FROM scored_answers a INDEXED BY scored_answers_by_time CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) o
          WHERE a.guild_id = @guildId AND a.answered_at >= @from AND a.answered_at < @to
        ) GROUP BY track, user_id
        ON CONFLICT (guild_id, scope, bucket, track, user_id) DO UPDATE SET
          points = points + excluded.points, answered = answered + excluded.answered, correct = correct + excluded.correct`),
      dropEmpty: db.prepare<[string, number]>(`DELETE FROM board_totals WHERE guild_id = ? AND scope = ${scope.board} AND bucket = ? AND answered = 0`),
      lessonsCompleted: db.prepare<[string, string], { count: number }>(
        'SELECT COUNT(*) AS count FROM lesson_progress WHERE guild_id = ? AND user_id = ? AND completed_at IS NOT NULL',
      ),
      correctByTrack: db.prepare<[string, string], { track: string; count: number }>(`
        SELECT track, COUNT(DISTINCT lesson_id || '/' || question_id) AS count FROM scored_answers
        WHERE guild_id = ? AND user_id = ? AND correct = 1 GROUP BY track`),
      // From the member's player rows, each counting their answers in one quiz: one row per quiz they played, not one per answer.
      quizAccuracy: db.prepare<[string, string], { answered: number | null; correct: number | null }>(`
        SELECT SUM(p.answered) AS answered, SUM(p.correct) AS correct FROM quiz_players p CROSS JOIN quiz_sessions s
        WHERE p.user_id = ? AND s.id = p.session_id AND s.guild_id = ?`),
      learners: db.prepare<[string, string], { count: number }>('SELECT COUNT(DISTINCT user_id) AS count FROM active_days WHERE guild_id = ? AND day >= ?'),
      // From the server's counts (migration 016): one row per lesson, not one per member and lesson.
      completions: db.prepare<[string], { lesson_id: string; members: number }>(
        'SELECT lesson_id, completed AS members FROM lesson_counts WHERE guild_id = ? AND completed > 0 ORDER BY members DESC, lesson_id',
      ),
      // The server's totals of ended quizzes (migration 015), and the tallies of its running ones: one row per question.
      missed: db.prepare<{ guildId: string }, { lesson_id: string; question_id: string; wrong: number; answered: number }>(`
        SELECT lesson_id, question_id, SUM(wrong) AS wrong, SUM(answered) AS answered FROM (
          SELECT lesson_id, question_id, wrong, answered FROM question_misses WHERE guild_id = @guildId
          UNION ALL
          SELECT s.lesson_id, json_extract(s.question_ids, printf('$[%d]', t.question_index)), t.wrong, t.answered
          FROM quiz_sessions s CROSS JOIN quiz_question_tallies t
          WHERE s.guild_id = @guildId AND s.phase IN ('lobby', 'question', 'reveal') AND t.session_id = s.id
        ) GROUP BY lesson_id, question_id HAVING wrong > 0 ORDER BY wrong DESC, answered DESC LIMIT 5`),
      audit: db.prepare('INSERT INTO settings_audit (guild_id, user_id, action, old_value, new_value, at) VALUES (@guildId, @userId, @action, @oldValue, @newValue, @at)'),
      recentAudit: db.prepare<[string, number], { user_id: string; action: string; old_value: string | null; new_value: string | null; at: number }>(
        'SELECT user_id, action, old_value, new_value, at FROM settings_audit WHERE guild_id = ? ORDER BY at DESC, id DESC LIMIT ?',
      ),
    };
  }

  /**
   * Adds answers already in scored_answers to the roll-ups, as a quiz's finish does in its own
   * transaction: for answers written by other means (tests that write scored answers directly).
   */
  addScoredAnswers(sessionId: string, userIds: readonly string[]): void {
    this.addToTotals.run({ sessionId, users: JSON.stringify(userIds) });
  }

  /** Every roll-up summed again from the scored answers, in one transaction. */
  rebuildTotals(): void {
    this.db.transaction(() => {
      this.db.exec(`DELETE FROM board_totals; ${rebuildAllTotals}`);
    })();
  }

  seeMember(guildId: string, userId: string, displayName: string, at: Date) {
    this.sql.seeMember.run({ guildId, userId, name: displayName, at: at.getTime() });
  }

  membersToCheck(guildId: string, userIds: readonly string[], staleBefore: Date) {
    return userIds.filter((userId) => (this.sql.memberChecked.get(guildId, userId)?.checked_at ?? 0) < staleBefore.getTime());
  }

  markPresence(guildId: string, userId: string, present: boolean, at: Date) {
    this.sql.markPresence.run({ guildId, userId, present: present ? 1 : 0, at: at.getTime() });
  }

  currentSeason(guildId: string): Season {
    const row = this.sql.currentSeason.get(guildId);
    return row ? { number: row.number, startedAt: new Date(row.started_at) } : { number: 1, startedAt: beginning };
  }

  startSeason(guildId: string, by: string, at: Date): Season {
    return this.db.transaction(() => {
      const current = this.currentSeason(guildId);
      const query = { guildId, range: { from: this.seasonBoardStart(guildId), to: at } };
      if (current.startedAt.getTime() === beginning.getTime() && !this.sql.currentSeason.get(guildId)) {
        this.sql.insertSeason.run(guildId, current.number, 0, by);
      }
      this.newBoardStart(guildId, at, () => this.sql.insertSeason.run(guildId, current.number + 1, at.getTime(), by));
      // The board that ends now: the totals of the bucket the new start has just closed.
      for (const row of this.board(query, Number.MAX_SAFE_INTEGER, 0)) {
        this.sql.insertStanding.run({ guildId, season: current.number, ...row });
      }
      return { number: current.number + 1, startedAt: at };
    }).immediate();
  }

  resetSeason(guildId: string, by: string, at: Date) {
    this.db.transaction(() => {
      this.newBoardStart(guildId, at, () => this.sql.insertReset.run(guildId, this.currentSeason(guildId).number, at.getTime(), by));
    }).immediate();
  }

  /**
   * Records a board start (a season or a reset) with `insert`, and moves into its bucket the
   * answers already scored at or after it (before the start after it): none, unless the start
   * is dated in the past. Inside the caller's transaction.
   */
  private newBoardStart(guildId: string, at: Date, insert: () => void) {
    const start = at.getTime();
    const { known, next, previous } = this.sql.boardStart.get({ guildId, at: start }) as { known: number; next: number | null; previous: number | null };
    insert();
    if (known === 1 || start === 0) return;
    const moved = { guildId, from: start, to: next ?? forever };
    if (!this.sql.answersIn.get(guildId, moved.from, moved.to)) return;
    this.sql.shiftBoard.run({ ...moved, bucket: start, sign: 1 });
    this.sql.shiftBoard.run({ ...moved, bucket: previous ?? 0, sign: -1 });
    this.sql.dropEmpty.run(guildId, previous ?? 0);
  }

  seasonBoardStart(guildId: string): Date {
    const season = this.currentSeason(guildId);
    const reset = this.sql.lastReset.get(guildId, season.number)?.reset_at ?? 0;
    return new Date(Math.max(season.startedAt.getTime(), reset));
  }

  /**
   * The roll-up bucket holding exactly the answers of the range, if one does: a bucket spans
   * [start, end), and fits when no answer of the server lies between its bounds and the
   * range's (index probes). All time, the season board, this month and this week always fit
   * (no answers are dated in the future); an archived season's range fits its board bucket.
   */
  private bucketFor(query: BoardQuery): Bucket | undefined {
    const { guildId } = query;
    const from = query.range.from?.getTime() ?? never;
    const to = query.range.to?.getTime() ?? forever;
    const candidates: Bucket[] = [{ scope: scope.all, bucket: 0, start: never, end: forever }];
    if (from !== never) {
      const start = this.sql.boardStart.get({ guildId, at: from });
      if (from === 0 || start?.known === 1) candidates.push({ scope: scope.board, bucket: from, start: from, end: start?.next ?? forever });
      if (monthStart(from) === from) candidates.push({ scope: scope.month, bucket: from, start: from, end: nextMonth(from) });
      if (weekStart(from) === from) candidates.push({ scope: scope.week, bucket: from, start: from, end: from + 7 * dayMs });
      if (from % dayMs === 0) candidates.push({ scope: scope.day, bucket: from, start: from, end: from + dayMs });
    }
    const emptyBetween = (a: number, b: number) => a === b || !this.sql.answersIn.get(guildId, Math.min(a, b), Math.max(a, b));
    return candidates.find((candidate) => emptyBetween(candidate.start, from) && emptyBetween(candidate.end, to));
  }

  private boardSql(query: BoardQuery, tail: string): { text: string; params: Record<string, unknown> } {
    const bucket = this.bucketFor(query);
    return bucket ? bucketSql(query, bucket, tail) : rangeSql(query, tail);
  }

  private statement(text: string): Database.Statement {
    let statement = this.prepared.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.prepared.set(text, statement);
    }
    return statement;
  }

  board(query: BoardQuery, limit: number, offset: number): BoardRow[] {
    const { text, params } = this.boardSql(query, pageTail(false));
    return (this.statement(text).all({ ...params, limit, offset }) as BoardRecord[]).map(toRow);
  }

  /** The page, the caller's row and the board's size: one statement. */
  boardPage(query: BoardQuery, limit: number, offset: number, callerId: string) {
    const { text, params } = this.boardSql(query, pageTail(true));
    const records = this.statement(text).all({ ...params, limit, offset, callerId }) as (BoardRecord & { part: number; total: number })[];
    const caller = records.find((record) => record.part === 1);
    return {
      rows: records.filter((record) => record.part === 0).map(toRow),
      total: records.find((record) => record.part === 2)?.total ?? 0,
      caller: caller && toRow(caller),
    };
  }

  rankOf(query: BoardQuery, userId: string): BoardRow | undefined {
    const { text, params } = this.boardSql(query, `SELECT p.*, ${rankOfRow('p')} AS rank FROM present p WHERE p.user_id = @userId`);
    const record = this.statement(text).get({ ...params, userId }) as BoardRecord | undefined;
    return record && toRow(record);
  }

  archivedStandings(guildId: string, season: number, limit: number, offset: number): BoardRow[] {
    return this.sql.archived.all(guildId, season, limit, offset).map(toRow);
  }

  archivedSize(guildId: string, season: number): number {
    return this.sql.archivedSize.get(guildId, season)?.count ?? 0;
  }

  memberStats(guildId: string, userId: string): MemberStats {
    return toMemberStats(this.sql.totals.get(guildId, userId), this.sql.entries.get(guildId, userId), this.sql.lessonsCompleted.get(guildId, userId));
  }

  correctQuestionsByTrack(guildId: string, userId: string): Map<string, number> {
    return new Map(this.sql.correctByTrack.all(guildId, userId).map((row) => [row.track, row.count]));
  }

  quizAccuracy(guildId: string, userId: string) {
    const row = this.sql.quizAccuracy.get(userId, guildId);
    return { answered: row?.answered ?? 0, correct: row?.correct ?? 0 };
  }

  serverProgress(guildId: string, activeSinceDay: string) {
    return {
      learners: this.sql.learners.get(guildId, activeSinceDay)?.count ?? 0,
      completions: this.sql.completions.all(guildId).map((row) => ({ lessonId: row.lesson_id, members: row.members })),
      missed: this.sql.missed.all({ guildId }).map((row) => ({ lessonId: row.lesson_id, questionId: row.question_id, wrong: row.wrong, answered: row.answered })),
    };
  }

  audit(guildId: string, userId: string, action: string, oldValue: string | null, newValue: string | null, at: Date) {
    this.sql.audit.run({ guildId, userId, action, oldValue, newValue, at: at.getTime() });
  }

  recentAudit(guildId: string, limit: number): AuditEntry[] {
    return this.sql.recentAudit.all(guildId, limit).map((row) => ({
      userId: row.user_id,
      action: row.action,
      oldValue: row.old_value,
      newValue: row.new_value,
      at: new Date(row.at),
    }));
  }
}

/**
 * A board from one bucket: members in the order of the index on points (ties by right
 * answers, then id), members known to have left the server left out, and each rank one more
 * than the number of present members with more points (ties share a rank: 1, 2, 2, 4).
 */
export function bucketSql(query: BoardQuery, bucket: Bucket, tail: string) {
  const text = `
    WITH ranking AS NOT MATERIALIZED (
      SELECT user_id, points, answered, correct FROM board_totals
      WHERE guild_id = @guildId AND scope = @scope AND bucket = @bucket AND track = @track
    ), departed AS NOT MATERIALIZED (
      SELECT t.points FROM members m INDEXED BY members_departed JOIN board_totals t
        ON t.guild_id = m.guild_id AND t.scope = @scope AND t.bucket = @bucket AND t.track = @track AND t.user_id = m.user_id
      WHERE m.guild_id = @guildId AND m.left_at IS NOT NULL
    ), present AS NOT MATERIALIZED (
      SELECT r.user_id, m.display_name, r.points, r.answered, r.correct
      FROM ranking r LEFT JOIN members m ON m.guild_id = @guildId AND m.user_id = r.user_id
      WHERE m.left_at IS NULL
    )
    ${tail}`;
  return { text, params: { guildId: query.guildId, scope: bucket.scope, bucket: bucket.bucket, track: query.track ?? everyTrack } };
}

/**
 * Any other range, summed from day totals, with the answers of the part days at either end
 * read from the index by time; then ranked as a bucket is.
 */
export function rangeSql(query: BoardQuery, tail: string) {
  const from = query.range.from?.getTime() ?? never;
  const to = query.range.to?.getTime() ?? forever;
  const firstDay = from === never ? never : Math.ceil(from / dayMs) * dayMs;
  const endDay = to === forever ? forever : Math.floor(to / dayMs) * dayMs;
  const days = firstDay < endDay ? { firstDay, endDay, headEnd: firstDay, tailStart: endDay } : { firstDay: 0, endDay: 0, headEnd: to, tailStart: to };
  const text = `
    WITH totals AS (
      SELECT user_id, SUM(points) AS points, SUM(answered) AS answered, SUM(correct) AS correct FROM (
        SELECT user_id, points, answered, correct FROM board_totals
        WHERE guild_id = @guildId AND scope = ${scope.day} AND track = @track AND bucket >= @firstDay AND bucket < @endDay
        UNION ALL
        SELECT user_id, points, 1, correct FROM scored_answers INDEXED BY scored_answers_by_time
        WHERE guild_id = @guildId AND answered_at >= @from AND answered_at < @headEnd AND (@track = '${everyTrack}' OR track = @track)
        UNION ALL
        SELECT user_id, points, 1, correct FROM scored_answers INDEXED BY scored_answers_by_time
        WHERE guild_id = @guildId AND answered_at >= @tailStart AND answered_at < @to AND (@track = '${everyTrack}' OR track = @track)
      ) AS parts GROUP BY user_id
    ), ranking AS MATERIALIZED (SELECT * FROM totals
    ), departed AS (
      SELECT r.points FROM ranking r JOIN members m ON m.guild_id = @guildId AND m.user_id = r.user_id WHERE m.left_at IS NOT NULL
    ), present AS (
      SELECT r.user_id, m.display_name, r.points, r.answered, r.correct FROM ranking r
      LEFT JOIN members m ON m.guild_id = @guildId AND m.user_id = r.user_id
      WHERE m.left_at IS NULL
    )
    ${tail}`;
  return { text, params: { guildId: query.guildId, track: query.track ?? everyTrack, from, to, ...days } };
}

/** A member's stats from the three rows both engines read; a member with no rows has zeros. */
export const toMemberStats = (
  totals: { points: number; answered: number; correct: number } | undefined,
  entries: { competitions: number; wins: number; best_streak: number | null } | undefined,
  completed: { count: number } | undefined,
): MemberStats => ({
  points: totals?.points ?? 0,
  answered: totals?.answered ?? 0,
  correct: totals?.correct ?? 0,
  competitions: entries?.competitions ?? 0,
  wins: entries?.wins ?? 0,
  bestStreak: entries?.best_streak ?? 0,
  lessonsCompleted: completed?.count ?? 0,
});
