/**
 * Quiz sessions, their players and answers, and the leaderboard ledger. Exactly-once scoring
 * rests on the primary key of quiz_answers; one live quiz per channel on a partial unique index.
 */
export const quizzes = {
  version: 3,
  name: 'quizzes and score entries',
  sql: `
    CREATE TABLE quiz_sessions (
      id                  TEXT PRIMARY KEY,
      guild_id            TEXT NOT NULL,
      channel_id          TEXT NOT NULL,
      lesson_id           TEXT NOT NULL,
      kind                TEXT NOT NULL CHECK (kind IN ('practice', 'live')),
      mode                TEXT NOT NULL CHECK (mode IN ('solo', 'ffa', 'teams')),
      host_id             TEXT NOT NULL,
      question_ids        TEXT NOT NULL,
      seconds             INTEGER NOT NULL,
      speed_bonus         INTEGER NOT NULL DEFAULT 1,
      phase               TEXT NOT NULL CHECK (phase IN ('lobby', 'question', 'reveal', 'finished', 'cancelled')),
      question_index      INTEGER NOT NULL DEFAULT -1,
      phase_started_at    INTEGER NOT NULL,
      deadline            INTEGER,
      lobby_message_id    TEXT,
      question_message_id TEXT,
      created_at          INTEGER NOT NULL,
      ended_at            INTEGER
    );
    CREATE UNIQUE INDEX quiz_sessions_one_live_per_channel ON quiz_sessions (channel_id)
      WHERE kind = 'live' AND phase IN ('lobby', 'question', 'reveal');
    CREATE INDEX quiz_sessions_running ON quiz_sessions (phase) WHERE phase IN ('lobby', 'question', 'reveal');

    CREATE TABLE quiz_players (
      session_id         TEXT NOT NULL REFERENCES quiz_sessions (id),
      user_id            TEXT NOT NULL,
      display_name       TEXT NOT NULL,
      team               INTEGER,
      joined_at          INTEGER NOT NULL,
      points             INTEGER NOT NULL DEFAULT 0,
      correct            INTEGER NOT NULL DEFAULT 0,
      answered           INTEGER NOT NULL DEFAULT 0,
      answer_time_ms     INTEGER NOT NULL DEFAULT 0,
      streak             INTEGER NOT NULL DEFAULT 0,
      best_streak        INTEGER NOT NULL DEFAULT 0,
      last_question      INTEGER NOT NULL DEFAULT -1,
      PRIMARY KEY (session_id, user_id)
    ) WITHOUT ROWID;

    CREATE TABLE quiz_answers (
      session_id     TEXT NOT NULL REFERENCES quiz_sessions (id),
      question_index INTEGER NOT NULL,
      question_id    TEXT NOT NULL,
      user_id        TEXT NOT NULL,
      response       TEXT NOT NULL,
      credit         REAL NOT NULL,
      correct        INTEGER NOT NULL,
      points         INTEGER NOT NULL,
      elapsed_ms     INTEGER NOT NULL,
      answered_at    INTEGER NOT NULL,
      PRIMARY KEY (session_id, question_index, user_id)
    ) WITHOUT ROWID;

    CREATE TABLE score_entries (
      session_id  TEXT NOT NULL REFERENCES quiz_sessions (id),
      user_id     TEXT NOT NULL,
      guild_id    TEXT NOT NULL,
      lesson_id   TEXT NOT NULL,
      kind        TEXT NOT NULL CHECK (kind IN ('practice', 'live')),
      points      INTEGER NOT NULL,
      correct     INTEGER NOT NULL,
      questions   INTEGER NOT NULL,
      best_streak INTEGER NOT NULL,
      won         INTEGER NOT NULL DEFAULT 0,
      created_at  INTEGER NOT NULL,
      PRIMARY KEY (session_id, user_id)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX score_entries_first_practice_only ON score_entries (guild_id, user_id, lesson_id) WHERE kind = 'practice';
    CREATE INDEX score_entries_by_guild ON score_entries (guild_id, created_at);
  `,
};
