/**
 * The server leaderboard as a query over scored answers (no second copy of the totals),
 * seasons with archived standings, member names and presence, and the settings audit.
 */
export const leaderboards = {
  version: 4,
  name: 'leaderboards, seasons, members and settings audit',
  sql: `
    CREATE TABLE scored_answers (
      session_id     TEXT NOT NULL,
      question_index INTEGER NOT NULL,
      user_id        TEXT NOT NULL,
      guild_id       TEXT NOT NULL,
      lesson_id      TEXT NOT NULL,
      question_id    TEXT NOT NULL,
      track          TEXT NOT NULL,
      season         INTEGER NOT NULL,
      kind           TEXT NOT NULL CHECK (kind IN ('practice', 'live')),
      points         INTEGER NOT NULL,
      correct        INTEGER NOT NULL,
      answered_at    INTEGER NOT NULL,
      PRIMARY KEY (session_id, question_index, user_id)
    ) WITHOUT ROWID;
    -- Two covering indexes, so a board is read from an index alone: by time for recent periods
    -- (a week is a short range), by member for long ones (rows arrive grouped, no sorting).
    CREATE INDEX scored_answers_by_time ON scored_answers (guild_id, answered_at, user_id, points, correct, track);
    CREATE INDEX scored_answers_by_member ON scored_answers (guild_id, user_id, answered_at, points, correct, track, lesson_id, question_id);

    CREATE TABLE seasons (
      guild_id   TEXT NOT NULL,
      number     INTEGER NOT NULL,
      started_at INTEGER NOT NULL,
      started_by TEXT NOT NULL,
      PRIMARY KEY (guild_id, number)
    ) WITHOUT ROWID;

    CREATE TABLE season_standings (
      guild_id     TEXT NOT NULL,
      season       INTEGER NOT NULL,
      rank         INTEGER NOT NULL,
      user_id      TEXT NOT NULL,
      display_name TEXT NOT NULL,
      points       INTEGER NOT NULL,
      answered     INTEGER NOT NULL,
      correct      INTEGER NOT NULL,
      PRIMARY KEY (guild_id, season, user_id)
    ) WITHOUT ROWID;

    CREATE TABLE leaderboard_resets (
      guild_id TEXT NOT NULL,
      season   INTEGER NOT NULL,
      reset_at INTEGER NOT NULL,
      reset_by TEXT NOT NULL,
      PRIMARY KEY (guild_id, season, reset_at)
    ) WITHOUT ROWID;

    CREATE TABLE members (
      guild_id     TEXT NOT NULL,
      user_id      TEXT NOT NULL,
      display_name TEXT NOT NULL,
      seen_at      INTEGER NOT NULL,
      checked_at   INTEGER NOT NULL,
      left_at      INTEGER,
      PRIMARY KEY (guild_id, user_id)
    ) WITHOUT ROWID;

    CREATE TABLE settings_audit (
      id        INTEGER PRIMARY KEY,
      guild_id  TEXT NOT NULL,
      user_id   TEXT NOT NULL,
      action    TEXT NOT NULL,
      old_value TEXT,
      new_value TEXT,
      at        INTEGER NOT NULL
    );
    CREATE INDEX settings_audit_by_guild ON settings_audit (guild_id, at);
  `,
};
