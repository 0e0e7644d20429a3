/**
 * Reads that summed raw answers on every call now read one row per quiz or per question:
 * /progress's quiz accuracy (it read every answer in the database, for one member) reads the
 * member's player rows, found by a new index; the moderators' most-missed questions (every
 * answer of the server) read the questions' tallies of the server's quizzes, found by another.
 * Each tally now also counts its wrong answers, kept by the answer's own transaction like the
 * count beside it; tallies of quizzes from before are counted once here.
 */
/** The same on both engines (Postgres's version 14 adds its own backfill and answer writer). */
export const indexesAndMissColumn = `
    CREATE INDEX quiz_sessions_by_guild ON quiz_sessions (guild_id, created_at);
    CREATE INDEX quiz_players_by_member ON quiz_players (user_id, session_id);
    ALTER TABLE quiz_question_tallies ADD COLUMN wrong INTEGER NOT NULL DEFAULT 0;`;

export const questionMissesAndSessionsByServer = {
  version: 14,
  name: "each question's wrong answers in its tally; a member's quizzes and a server's by index",
  sql: `
    ${indexesAndMissColumn}
    UPDATE quiz_question_tallies SET wrong = (
      SELECT COUNT(*) FROM quiz_answers a
      WHERE a.session_id = quiz_question_tallies.session_id AND a.question_index = quiz_question_tallies.question_index AND a.correct = 0
    );
  `,
};
