/**
 * Leaderboard roll-ups: points, answers and right answers per (guild, scope, bucket, track,
 * member), so a board is an index range over one bucket instead of a scan of scored answers.
 *
 * Scopes and their buckets (each bucket is the moment its span starts, in ms since the epoch):
 *   0 all time  bucket 0
 *   1 board     the latest board start at or before the answer: 0, a season's start or a reset.
 *               The season board is the bucket of seasonBoardStart(); an archived season's
 *               standings were the bucket of its last start before the next season began.
 *   2 month     the UTC month the answer falls in
 *   3 week      the UTC week (from Monday 00:00) the answer falls in
 *   4 day       the UTC day the answer falls in (any other range is summed from days)
 * Each answer counts twice per scope: under its track and under '' (every track).
 *
 * The trigger keeps them in the transaction that inserts the answer, whatever code path does
 * (a quiz's finish, a test, the bench). A board start that has answers after it already (a reset
 * or a season dated in the past) moves those answers' board totals in the transaction that
 * records it (SqliteLeaderboardStore.newBoardStart). The index on points gives top N and ranks.
 */
export const leaderboardRollups = {
  version: 8,
  name: 'leaderboard roll-ups kept by the answers that they sum',
  sql: `
    CREATE TABLE board_totals (
      guild_id TEXT NOT NULL,
      scope    INTEGER NOT NULL,
      bucket   INTEGER NOT NULL,
      track    TEXT NOT NULL,
      user_id  TEXT NOT NULL,
      points   INTEGER NOT NULL,
      answered INTEGER NOT NULL,
      correct  INTEGER NOT NULL,
      PRIMARY KEY (guild_id, scope, bucket, track, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX board_totals_by_points ON board_totals (guild_id, scope, bucket, track, points DESC, correct DESC, user_id);

    -- Members who left, so a rank subtracts the few of them instead of joining every member.
    CREATE INDEX members_departed ON members (guild_id, user_id) WHERE left_at IS NOT NULL;

    -- The board start an answer at this moment belongs to: a view, so the trigger, the backfill
    -- and the store share one definition.
    CREATE VIEW board_starts AS
      SELECT guild_id, started_at AS start FROM seasons
      UNION ALL SELECT guild_id, reset_at FROM leaderboard_resets;

    CREATE TRIGGER board_totals_add AFTER INSERT ON scored_answers
    BEGIN
      INSERT INTO board_totals (guild_id, scope, bucket, track, user_id, points, answered, correct)
      SELECT NEW.guild_id, k.scope, k.bucket, t.track, NEW.user_id, NEW.points, 1, NEW.correct
      FROM (
        SELECT 0 AS scope, 0 AS bucket
        UNION ALL SELECT 1, COALESCE((SELECT MAX(start) FROM board_starts WHERE guild_id = NEW.guild_id AND start <= NEW.answered_at), 0)
        UNION ALL SELECT 2, CAST(strftime('%s', NEW.answered_at / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000
        UNION ALL SELECT 3, (NEW.answered_at / 86400000 - (NEW.answered_at / 86400000 + 3) % 7) * 86400000
        UNION ALL SELECT 4, NEW.answered_at / 86400000 * 86400000
      ) k, (SELECT '' AS track UNION ALL SELECT NEW.track) t
      WHERE true
      ON CONFLICT (guild_id, scope, bucket, track, user_id) DO UPDATE SET
        points = points + excluded.points, answered = answered + excluded.answered, correct = correct + excluded.correct;
    END;

    -- Nothing deletes scored answers today; if something ever does, the totals follow.
    CREATE TRIGGER board_totals_remove AFTER DELETE ON scored_answers
    BEGIN
      UPDATE board_totals SET points = points - OLD.points, answered = answered - 1, correct = correct - OLD.correct
      WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND track IN ('', OLD.track) AND (
        (scope = 0 AND bucket = 0)
        OR (scope = 1 AND bucket = COALESCE((SELECT MAX(start) FROM board_starts WHERE guild_id = OLD.guild_id AND start <= OLD.answered_at), 0))
        OR (scope = 2 AND bucket = CAST(strftime('%s', OLD.answered_at / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000)
        OR (scope = 3 AND bucket = (OLD.answered_at / 86400000 - (OLD.answered_at / 86400000 + 3) % 7) * 86400000)
        OR (scope = 4 AND bucket = OLD.answered_at / 86400000 * 86400000));
      DELETE FROM board_totals WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND answered = 0;
    END;

    -- The answers scored so far.
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
    )
    GROUP BY guild_id, scope, bucket, track, user_id;
  `,
};
