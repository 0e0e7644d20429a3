import type Database from 'better-sqlite3';

/**
 * The board start (season start or reset) at or before `at` in server `guild`, 0 if none: the
 * board_starts view's maximum, read from its two tables by their keys. (Through the view, a
 * correlated lookup read every server's seasons and resets for each row.)
 */
export const boardStartOf = (guild: string, at: string, max: 'MAX' | 'GREATEST') => `${max}(
          COALESCE((SELECT MAX(started_at) FROM seasons WHERE guild_id = ${guild} AND started_at <= ${at}), 0),
          COALESCE((SELECT MAX(reset_at) FROM leaderboard_resets WHERE guild_id = ${guild} AND reset_at <= ${at}), 0))`;

/**
 * Adds scored answers to the leaderboard roll-ups (board_totals, migration 008): the answers of
 * one quiz session by the members listed in @users (a JSON array), summed per member, board
 * period and track, then upserted once per row. Buckets as migration 008 defines them: all time,
 * the board start (season start or reset) at or before the answer, the UTC month, week and day;
 * each under the answer's track and under '' (every track). The answers are summed per member,
 * track, day and board start first (a quiz's answers mostly share one day), and only those sums
 * spread over the ten buckets: a quiz of thousands of answers groups a tenth of the rows.
 */
export const addSessionToTotals = `
  INSERT INTO board_totals (guild_id, scope, bucket, track, user_id, points, answered, correct)
  SELECT guild_id, scope, bucket, track, user_id, SUM(points), SUM(answered), SUM(correct) FROM (
    SELECT d.guild_id, k.scope,
      CASE k.scope
        WHEN 0 THEN 0
        WHEN 1 THEN d.board
        WHEN 2 THEN CAST(strftime('%s', d.day * 86400, 'unixepoch', 'start of month') AS INTEGER) * 1000
        WHEN 3 THEN (d.day - (d.day + 3) % 7) * 86400000
        ELSE d.day * 86400000
      END AS bucket,
      CASE WHEN o.own = 1 THEN d.track ELSE '' END AS track, d.user_id, d.points, d.answered, d.correct
    FROM (
      SELECT a.guild_id, a.track, a.user_id, a.answered_at / 86400000 AS day,
        ${boardStartOf('a.guild_id', 'a.answered_at', 'MAX')} AS board,
        SUM(a.points) AS points, COUNT(*) AS answered, SUM(a.correct) AS correct
      FROM scored_answers a
      WHERE a.session_id = @sessionId AND a.user_id IN (SELECT value FROM json_each(@users))
      GROUP BY a.guild_id, a.track, a.user_id, day, board
    ) d
    CROSS JOIN (SELECT 0 AS scope UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) k
    CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) o
  )
  WHERE true
  GROUP BY guild_id, scope, bucket, track, user_id
  ON CONFLICT (guild_id, scope, bucket, track, user_id) DO UPDATE SET
    points = points + excluded.points, answered = answered + excluded.answered, correct = correct + excluded.correct`;

export type AddSessionToTotals = Database.Statement<[{ sessionId: string; users: string }]>;

export const prepareAddSessionToTotals = (db: Database.Database): AddSessionToTotals => db.prepare(addSessionToTotals);

/** Every roll-up summed again from the scored answers: for a database filled by other means (the bench's seeding). */
export const rebuildAllTotals = addSessionToTotals
  .replace('WHERE a.session_id = @sessionId AND a.user_id IN (SELECT value FROM json_each(@users))', '')
  .replace(/ON CONFLICT[\s\S]*$/, '');
