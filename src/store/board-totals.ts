import type Database from 'better-sqlite3';

/**
 * Adds scored answers to the leaderboard roll-ups (board_totals, migration 008): the answers of
 * one quiz session by the members listed in @users (a JSON array), summed per member, board
 * period and track, then upserted once per row. Buckets as migration 008 defines them: all time,
 * the board start (season start or reset) at or before the answer, the UTC month, week and day;
 * each under the answer's track and under '' (every track).
 */
export const addSessionToTotals = `
  INSERT INTO board_totals (guild_id, scope, bucket, track, user_id, points, answered, correct)
  SELECT guild_id, scope, bucket, track, user_id, SUM(points), COUNT(*), SUM(correct) FROM (
    SELECT a.guild_id, k.scope,
      CASE k.scope
        WHEN 0 THEN 0
        WHEN 1 THEN COALESCE((SELECT MAX(start) FROM board_starts b WHERE b.guild_id = a.guild_id AND b.start <= a.answered_at), 0)
        WHEN 2 THEN CAST(strftime('%s', a.answered_at / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000
        WHEN 3 THEN (a.answered_at / 86400000 - (a.answered_at / 86400000 + 3) % 7) * 86400000
        ELSE a.answered_at / 86400000 * 86400000
      END AS bucket,
      CASE WHEN o.own = 1 THEN a.track ELSE '' END AS track, a.user_id, a.points, a.correct
    FROM scored_answers a
    CROSS JOIN (SELECT 0 AS scope UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) k
    CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) o
    WHERE a.session_id = @sessionId AND a.user_id IN (SELECT value FROM json_each(@users))
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
