import type Database from 'better-sqlite3';
import type { AuditEntry, BoardQuery, BoardRow, LeaderboardStore, MemberStats, Season } from './leaderboard-store.js';

interface BoardRecord {
  user_id: string;
  display_name: string | null;
  points: number;
  answered: number;
  correct: number;
  rank: number;
}

const toRow = (record: BoardRecord): BoardRow => ({
  userId: record.user_id,
  displayName: record.display_name ?? 'a former member',
  points: record.points,
  answered: record.answered,
  correct: record.correct,
  rank: record.rank,
});

/**
 * The planner cannot tell a week from a year by looking at a bound parameter, so the board
 * says which index fits: by time for a short recent range, by member for everything else.
 */
const shortRangeMs = 45 * 24 * 3600 * 1000;
function indexFor(query: BoardQuery): string {
  const { from, to } = query.range;
  const end = to?.getTime() ?? Date.now();
  return from && end - from.getTime() <= shortRangeMs ? 'scored_answers_by_time' : 'scored_answers_by_member';
}

/** The first season of a server starts with its first answer: at the epoch, for the query. */
const beginning = new Date(0);

export class SqliteLeaderboardStore implements LeaderboardStore {
  private readonly sql;
  /** Board queries differ only by their filters and tail; each variant is prepared once. */
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
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
        WHERE guild_id = ? AND season = ? ORDER BY rank, user_id LIMIT ? OFFSET ?`),
      archivedSize: db.prepare<[string, number], { count: number }>('SELECT COUNT(*) AS count FROM season_standings WHERE guild_id = ? AND season = ?'),
      entries: db.prepare<[string, string], { competitions: number; wins: number; best_streak: number | null }>(`
        SELECT COUNT(*) FILTER (WHERE kind = 'live') AS competitions, COUNT(*) FILTER (WHERE kind = 'live' AND won = 1) AS wins,
          MAX(best_streak) AS best_streak
        FROM score_entries WHERE guild_id = ? AND user_id = ?`),
      totals: db.prepare<[string, string], { points: number | null; answered: number; correct: number | null }>(`
        SELECT SUM(points) AS points, COUNT(*) AS answered, SUM(correct) AS correct FROM scored_answers WHERE guild_id = ? AND user_id = ?`),
      lessonsCompleted: db.prepare<[string, string], { count: number }>(
        'SELECT COUNT(*) AS count FROM lesson_progress WHERE guild_id = ? AND user_id = ? AND completed_at IS NOT NULL',
      ),
      correctByTrack: db.prepare<[string, string], { track: string; count: number }>(`
        SELECT track, COUNT(DISTINCT lesson_id || '/' || question_id) AS count FROM scored_answers
        WHERE guild_id = ? AND user_id = ? AND correct = 1 GROUP BY track`),
      quizAccuracy: db.prepare<[string, string], { answered: number; correct: number | null }>(`
        SELECT COUNT(*) AS answered, SUM(a.correct) AS correct FROM quiz_answers a JOIN quiz_sessions s ON s.id = a.session_id
        WHERE s.guild_id = ? AND a.user_id = ?`),
      learners: db.prepare<[string, string], { count: number }>('SELECT COUNT(DISTINCT user_id) AS count FROM active_days WHERE guild_id = ? AND day >= ?'),
      completions: db.prepare<[string], { lesson_id: string; members: number }>(`
        SELECT lesson_id, COUNT(*) AS members FROM lesson_progress WHERE guild_id = ? AND completed_at IS NOT NULL GROUP BY lesson_id ORDER BY members DESC, lesson_id`),
      missed: db.prepare<[string], { lesson_id: string; question_id: string; wrong: number; answered: number }>(`
        SELECT s.lesson_id, a.question_id, SUM(a.correct = 0) AS wrong, COUNT(*) AS answered
        FROM quiz_answers a JOIN quiz_sessions s ON s.id = a.session_id WHERE s.guild_id = ?
        GROUP BY s.lesson_id, a.question_id HAVING wrong > 0 ORDER BY wrong DESC, answered DESC LIMIT 5`),
      audit: db.prepare('INSERT INTO settings_audit (guild_id, user_id, action, old_value, new_value, at) VALUES (@guildId, @userId, @action, @oldValue, @newValue, @at)'),
      recentAudit: db.prepare<[string, number], { user_id: string; action: string; old_value: string | null; new_value: string | null; at: number }>(
        'SELECT user_id, action, old_value, new_value, at FROM settings_audit WHERE guild_id = ? ORDER BY at DESC, id DESC LIMIT ?',
      ),
    };
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
      for (const row of this.board(query, Number.MAX_SAFE_INTEGER, 0)) {
        this.sql.insertStanding.run({ guildId, season: current.number, ...row });
      }
      if (current.startedAt.getTime() === beginning.getTime() && !this.sql.currentSeason.get(guildId)) {
        this.sql.insertSeason.run(guildId, current.number, 0, by);
      }
      this.sql.insertSeason.run(guildId, current.number + 1, at.getTime(), by);
      return { number: current.number + 1, startedAt: at };
    }).immediate();
  }

  resetSeason(guildId: string, by: string, at: Date) {
    this.sql.insertReset.run(guildId, this.currentSeason(guildId).number, at.getTime(), by);
  }

  seasonBoardStart(guildId: string): Date {
    const season = this.currentSeason(guildId);
    const reset = this.sql.lastReset.get(guildId, season.number)?.reset_at ?? 0;
    return new Date(Math.max(season.startedAt.getTime(), reset));
  }

  /**
   * Totals per member over the range, ranked with ties sharing a rank (1, 2, 2, 4), members
   * known to have left the server left out. Read from a covering index alone.
   */
  private boardSql(query: BoardQuery, tail: string): { text: string; params: Record<string, unknown> } {
    const filters = ['s.guild_id = @guildId', 's.answered_at >= @from', 's.answered_at < @to'];
    if (query.track) filters.push('s.track = @track');
    const text = `
      WITH totals AS (
        SELECT s.user_id, SUM(s.points) AS points, COUNT(*) AS answered, SUM(s.correct) AS correct
        FROM scored_answers s INDEXED BY ${indexFor(query)} WHERE ${filters.join(' AND ')} GROUP BY s.user_id
      ), present AS (
        SELECT t.*, m.display_name FROM totals t
        LEFT JOIN members m ON m.guild_id = @guildId AND m.user_id = t.user_id
        WHERE m.left_at IS NULL
      ), ranked AS (
        SELECT *, RANK() OVER (ORDER BY points DESC) AS rank FROM present
      )
      ${tail}`;
    return {
      text,
      params: {
        guildId: query.guildId,
        from: query.range.from?.getTime() ?? 0,
        to: query.range.to?.getTime() ?? Number.MAX_SAFE_INTEGER,
        ...(query.track ? { track: query.track } : {}),
      },
    };
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
    const { text, params } = this.boardSql(query, 'SELECT * FROM ranked ORDER BY rank, correct DESC, user_id LIMIT @limit OFFSET @offset');
    return (this.statement(text).all({ ...params, limit, offset }) as BoardRecord[]).map(toRow);
  }

  boardPage(query: BoardQuery, limit: number, offset: number, callerId: string) {
    const { text, params } = this.boardSql(
      query,
      `, placed AS (SELECT *, ROW_NUMBER() OVER (ORDER BY rank, correct DESC, user_id) AS position, COUNT(*) OVER () AS total FROM ranked)
       SELECT * FROM placed WHERE (position > @offset AND position <= @offset + @limit) OR user_id = @callerId ORDER BY position`,
    );
    const records = this.statement(text).all({ ...params, limit, offset, callerId }) as (BoardRecord & { position: number; total: number })[];
    const rows = records.filter((record) => record.position > offset && record.position <= offset + limit).map(toRow);
    const caller = records.find((record) => record.user_id === callerId);
    return { rows, total: records[0]?.total ?? 0, caller: caller && toRow(caller) };
  }

  rankOf(query: BoardQuery, userId: string): BoardRow | undefined {
    const { text, params } = this.boardSql(query, 'SELECT * FROM ranked WHERE user_id = @userId');
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
    const totals = this.sql.totals.get(guildId, userId);
    const entries = this.sql.entries.get(guildId, userId);
    return {
      points: totals?.points ?? 0,
      answered: totals?.answered ?? 0,
      correct: totals?.correct ?? 0,
      competitions: entries?.competitions ?? 0,
      wins: entries?.wins ?? 0,
      bestStreak: entries?.best_streak ?? 0,
      lessonsCompleted: this.sql.lessonsCompleted.get(guildId, userId)?.count ?? 0,
    };
  }

  correctQuestionsByTrack(guildId: string, userId: string): Map<string, number> {
    return new Map(this.sql.correctByTrack.all(guildId, userId).map((row) => [row.track, row.count]));
  }

  quizAccuracy(guildId: string, userId: string) {
    const row = this.sql.quizAccuracy.get(guildId, userId);
    return { answered: row?.answered ?? 0, correct: row?.correct ?? 0 };
  }

  serverProgress(guildId: string, activeSinceDay: string) {
    return {
      learners: this.sql.learners.get(guildId, activeSinceDay)?.count ?? 0,
      completions: this.sql.completions.all(guildId).map((row) => ({ lessonId: row.lesson_id, members: row.members })),
      missed: this.sql.missed.all(guildId).map((row) => ({ lessonId: row.lesson_id, questionId: row.question_id, wrong: row.wrong, answered: row.answered })),
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
