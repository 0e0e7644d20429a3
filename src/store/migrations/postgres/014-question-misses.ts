import { indexesAndMissColumn } from '../014-question-misses-and-sessions-by-server.js';
import { answerWriter } from './013-answer-writer.js';

const talliedAnswer = `INSERT INTO quiz_question_tallies (session_id, question_index, answered) VALUES (a_session_id, a_question_index, 1)
      ON CONFLICT (session_id, question_index) DO UPDATE SET answered = quiz_question_tallies.answered + 1`;
const talliedAnswerAndMiss = `INSERT INTO quiz_question_tallies (session_id, question_index, answered, wrong)
      VALUES (a_session_id, a_question_index, 1, CASE WHEN a_correct = 0 THEN 1 ELSE 0 END)
      ON CONFLICT (session_id, question_index) DO UPDATE SET answered = quiz_question_tallies.answered + 1, wrong = quiz_question_tallies.wrong + excluded.wrong`;
if (!answerWriter.sql.includes(talliedAnswer)) throw new Error('migration 014: the answer writer of 013 no longer has its tally statement');

/**
 * SQLite's version 14 (see migrations/014): the tallies count wrong answers; a member's quizzes
 * and a server's have indexes. The answer writer is the one of version 13, its tally statement counting the miss too.
 */
export const questionMisses = {
  version: 14,
  name: "each question's wrong answers in its tally; a member's quizzes and a server's by index",
  sql: `
    ${indexesAndMissColumn}
    UPDATE quiz_question_tallies t SET wrong = m.wrong
    FROM (SELECT session_id, question_index, COUNT(*) AS wrong FROM quiz_answers WHERE correct = 0 GROUP BY session_id, question_index) m
    WHERE m.session_id = t.session_id AND m.question_index = t.question_index;
    ${answerWriter.sql.replace(talliedAnswer, talliedAnswerAndMiss)}
  `,
};
