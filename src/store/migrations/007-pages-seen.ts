/**
 * Completion used to mean "reached the last page", which the section menu or a forged page id
 * reaches in one step. Now it means every page seen (a bit per page: lessons have at most 25)
 * or the lesson's quiz finished with at least half right. Completions already recorded stay.
 */
export const pagesSeen = {
  version: 7,
  name: 'pages seen per lesson; a passing quiz completes its lesson',
  sql: `
    ALTER TABLE lesson_progress ADD COLUMN pages_seen INTEGER NOT NULL DEFAULT 0;

    -- Only the furthest page was kept so far. Readers page with Next, so the pages before it
    -- count as seen: the list keeps showing the progress members had before this release.
    UPDATE lesson_progress SET pages_seen = (1 << (furthest_page + 1)) - 1;

    -- In the transaction that finishes the quiz, whatever code path finishes it, so the
    -- completion is committed before the results say so.
    CREATE TRIGGER lesson_completed_by_passing_quiz
    AFTER UPDATE OF phase ON quiz_sessions
    WHEN NEW.phase = 'finished' AND OLD.phase <> 'finished'
    BEGIN
      INSERT INTO lesson_progress (guild_id, user_id, lesson_id, first_viewed_at, last_viewed_at, completed_at, furthest_page, pages_seen)
      SELECT NEW.guild_id, p.user_id, NEW.lesson_id, NEW.ended_at, NEW.ended_at, NEW.ended_at, 0, 0
      FROM quiz_players p
      WHERE p.session_id = NEW.id AND json_array_length(NEW.question_ids) > 0 AND p.correct * 2 >= json_array_length(NEW.question_ids)
      ON CONFLICT (guild_id, user_id, lesson_id) DO UPDATE SET completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at);
    END;

    -- Quizzes passed before this release complete their lessons too.
    INSERT INTO lesson_progress (guild_id, user_id, lesson_id, first_viewed_at, last_viewed_at, completed_at, furthest_page, pages_seen)
    SELECT s.guild_id, p.user_id, s.lesson_id, MIN(s.ended_at), MIN(s.ended_at), MIN(s.ended_at), 0, 0
    FROM quiz_sessions s JOIN quiz_players p ON p.session_id = s.id
    WHERE s.phase = 'finished' AND s.ended_at IS NOT NULL AND json_array_length(s.question_ids) > 0
      AND p.correct * 2 >= json_array_length(s.question_ids)
    GROUP BY s.guild_id, p.user_id, s.lesson_id
    ON CONFLICT (guild_id, user_id, lesson_id) DO UPDATE SET completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at);
  `,
};
