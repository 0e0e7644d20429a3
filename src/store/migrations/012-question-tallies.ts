/**
 * How many members have answered each question, kept by the transaction that records an answer:
 * counting the question's answers on every answer made a question with n answers cost O(n²)
 * (at 15,000 answers on one question the count was 40% of the bot's CPU). Rows of quizzes that
 * ran before this version are counted once here.
 */
export const questionTallies = {
  version: 12,
  name: 'answers per question kept by the answer write',
  sql: `
    CREATE TABLE quiz_question_tallies (
      session_id     TEXT NOT NULL REFERENCES quiz_sessions (id),
      question_index INTEGER NOT NULL,
      answered       INTEGER NOT NULL,
      PRIMARY KEY (session_id, question_index)
    ) WITHOUT ROWID;
    INSERT INTO quiz_question_tallies (session_id, question_index, answered)
      SELECT session_id, question_index, COUNT(*) FROM quiz_answers GROUP BY session_id, question_index;
  `,
};
