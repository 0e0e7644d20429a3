import { endingSession, missesTable } from '../015-question-misses-by-server.js';

/**
 * SQLite's version 15 (see migrations/015). The trigger adds a quiz's questions in question_id
 * order, so two quizzes of a server ending at once lock the rows they share in the same order.
 */
export const questionMissesByServer = {
  version: 15,
  name: "each server's most-missed questions kept as quizzes end",
  sql: `
    ${missesTable}
    CREATE FUNCTION add_question_misses_of_ended_quiz() RETURNS trigger LANGUAGE plpgsql AS $misses$
    BEGIN
      INSERT INTO question_misses (guild_id, lesson_id, question_id, answered, wrong)
        SELECT NEW.guild_id, NEW.lesson_id, question_id, answered, wrong FROM (
          SELECT NEW.question_ids::jsonb ->> t.question_index AS question_id, t.answered, t.wrong
          FROM quiz_question_tallies t WHERE t.session_id = NEW.id
        ) tallied WHERE question_id IS NOT NULL ORDER BY question_id
        ON CONFLICT (guild_id, lesson_id, question_id)
        DO UPDATE SET answered = question_misses.answered + excluded.answered, wrong = question_misses.wrong + excluded.wrong;
      RETURN NULL;
    END $misses$;
    CREATE TRIGGER question_misses_at_quiz_end AFTER UPDATE OF phase ON quiz_sessions
      FOR EACH ROW WHEN (${endingSession}) EXECUTE FUNCTION add_question_misses_of_ended_quiz();
    INSERT INTO question_misses (guild_id, lesson_id, question_id, answered, wrong)
      SELECT guild_id, lesson_id, question_id, SUM(answered), SUM(wrong) FROM (
        SELECT s.guild_id, s.lesson_id, s.question_ids::jsonb ->> t.question_index AS question_id, t.answered, t.wrong
        FROM quiz_sessions s JOIN quiz_question_tallies t ON t.session_id = s.id WHERE s.phase IN ('finished', 'cancelled')
      ) tallied WHERE question_id IS NOT NULL GROUP BY guild_id, lesson_id, question_id;
  `,
};
