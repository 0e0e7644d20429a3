/** SQLite's migration 012 on Postgres: answers per question, kept by the answer's transaction. */
export const questionTallies = {
  version: 12,
  name: 'answers per question kept by the answer write',
  sql: `
    CREATE TABLE quiz_question_tallies (
      session_id     TEXT NOT NULL REFERENCES quiz_sessions (id),
      question_index INTEGER NOT NULL,
      answered       INTEGER NOT NULL,
      PRIMARY KEY (session_id, question_index)
    );
    INSERT INTO quiz_question_tallies (session_id, question_index, answered)
      SELECT session_id, question_index, COUNT(*) FROM quiz_answers GROUP BY session_id, question_index;
  `,
};
