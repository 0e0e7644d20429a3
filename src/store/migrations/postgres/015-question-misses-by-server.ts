import { addEndedQuiz, endingSession, missesTable, totalsOfEndedQuizzes, type QuestionIdOf } from '../015-question-misses-by-server.js';

const postgresQuestionId: QuestionIdOf = (quiz) => `${quiz}.question_ids::jsonb ->> t.question_index`;

/** SQLite's version 15 (see migrations/015), its trigger as a Postgres function. */
export const questionMissesByServer = {
  version: 15,
  name: "each server's most-missed questions kept as quizzes end",
  sql: `
    ${missesTable}
    CREATE FUNCTION add_question_misses_of_ended_quiz() RETURNS trigger LANGUAGE plpgsql AS $misses$
    BEGIN
      ${addEndedQuiz(postgresQuestionId)};
      RETURN NULL;
    END $misses$;
    CREATE TRIGGER question_misses_at_quiz_end AFTER UPDATE OF phase ON quiz_sessions
      FOR EACH ROW WHEN (${endingSession}) EXECUTE FUNCTION add_question_misses_of_ended_quiz();
    ${totalsOfEndedQuizzes(postgresQuestionId)};
  `,
};
