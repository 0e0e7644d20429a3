/**
 * The moderators' most-missed questions read one row per question of the server, not one per
 * question of every quiz it ever ran (at 50,000 quizzes the old read took 200 to 235 ms, all of it
 * on the event loop). A quiz's tallies are added to its server's totals once, by a trigger, when
 * the quiz ends by any path (finished, stopped, expired); no answer is tallied after that. The
 * quizzes still running are read from their tallies, found by a small index of running quizzes.
 */
export const missesTable = `
    CREATE TABLE question_misses (
      guild_id    TEXT NOT NULL,
      lesson_id   TEXT NOT NULL,
      question_id TEXT NOT NULL,
      answered    INTEGER NOT NULL,
      wrong       INTEGER NOT NULL,
      PRIMARY KEY (guild_id, lesson_id, question_id)
    );
    CREATE INDEX quiz_sessions_running_by_guild ON quiz_sessions (guild_id) WHERE phase IN ('lobby', 'question', 'reveal');`;

/** A session moving into an ended phase, in either engine's trigger condition. */
export const endingSession = `NEW.phase IN ('finished', 'cancelled') AND OLD.phase NOT IN ('finished', 'cancelled')`;

/** How an engine reads a tally's question id from its quiz's JSON list (`quiz` names the quiz's row; the tally is `t`). */
export type QuestionIdOf = (quiz: string) => string;
export const sqliteQuestionId: QuestionIdOf = (quiz) => `json_extract(${quiz}.question_ids, printf('$[%d]', t.question_index))`;

/**
 * The trigger's statement: the ended quiz's tallies (NEW) added to its server's totals. In
 * question_id order, so that on Postgres two quizzes ending at once lock the rows they share in
 * the same order.
 */
export const addEndedQuiz = (questionId: QuestionIdOf) => `
      INSERT INTO question_misses (guild_id, lesson_id, question_id, answered, wrong)
        SELECT NEW.guild_id, NEW.lesson_id, question_id, answered, wrong FROM (
          SELECT ${questionId('NEW')} AS question_id, t.answered, t.wrong FROM quiz_question_tallies t WHERE t.session_id = NEW.id
        ) tallied WHERE question_id IS NOT NULL ORDER BY question_id
        ON CONFLICT (guild_id, lesson_id, question_id)
        DO UPDATE SET answered = question_misses.answered + excluded.answered, wrong = question_misses.wrong + excluded.wrong`;

/** The totals of the quizzes that had ended before the trigger existed (the bench's seeded servers use it too). */
export const totalsOfEndedQuizzes = (questionId: QuestionIdOf) => `
    INSERT INTO question_misses (guild_id, lesson_id, question_id, answered, wrong)
      SELECT guild_id, lesson_id, question_id, SUM(answered), SUM(wrong) FROM (
        SELECT s.guild_id, s.lesson_id, ${questionId('s')} AS question_id, t.answered, t.wrong
        FROM quiz_sessions s JOIN quiz_question_tallies t ON t.session_id = s.id WHERE s.phase IN ('finished', 'cancelled')
      ) tallied WHERE question_id IS NOT NULL GROUP BY guild_id, lesson_id, question_id`;

export const questionMissesByServer = {
  version: 15,
  name: "each server's most-missed questions kept as quizzes end",
  sql: `
    ${missesTable}
    CREATE TRIGGER question_misses_at_quiz_end AFTER UPDATE OF phase ON quiz_sessions WHEN ${endingSession}
    BEGIN
      ${addEndedQuiz(sqliteQuestionId)};
    END;
    ${totalsOfEndedQuizzes(sqliteQuestionId)};
  `,
};
