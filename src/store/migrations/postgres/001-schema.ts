/**
 * The Postgres schema as SQLite's migrations 001 to 009 leave it, in one step: no Postgres
 * database existed before version 9, so none needs the steps in between (they are empty, and
 * keep the numbers alike: version N means the same tables on both engines). Times are
 * milliseconds since the epoch in BIGINT and flags are 0/1 integers, as in SQLite, so both
 * engines' rows read the same; the triggers are SQLite's, written in PL/pgSQL.
 */
export const schema = {
  version: 1,
  name: 'the schema of SQLite version 9',
  sql: `
    CREATE TABLE guild_settings (
      guild_id   TEXT PRIMARY KEY,
      settings   TEXT NOT NULL,
      updated_at BIGINT NOT NULL
    );

    CREATE TABLE lesson_progress (
      guild_id        TEXT NOT NULL,
      user_id         TEXT NOT NULL,
      lesson_id       TEXT NOT NULL,
      first_viewed_at BIGINT NOT NULL,
      last_viewed_at  BIGINT NOT NULL,
      completed_at    BIGINT,
      furthest_page   INTEGER NOT NULL DEFAULT 0,
      pages_seen      BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (guild_id, user_id, lesson_id)
    );

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
      phase_started_at    BIGINT NOT NULL,
      deadline            BIGINT,
      lobby_message_id    TEXT,
      question_message_id TEXT,
      created_at          BIGINT NOT NULL,
      ended_at            BIGINT,
      post_attempts       INTEGER NOT NULL DEFAULT 0,
      player_count        INTEGER NOT NULL DEFAULT 0,
      team0_count         INTEGER NOT NULL DEFAULT 0,
      team1_count         INTEGER NOT NULL DEFAULT 0
    );
    CREATE UNIQUE INDEX quiz_sessions_one_live_per_channel ON quiz_sessions (channel_id)
      WHERE kind = 'live' AND phase IN ('lobby', 'question', 'reveal');
    CREATE INDEX quiz_sessions_running ON quiz_sessions (phase) WHERE phase IN ('lobby', 'question', 'reveal');
    CREATE INDEX quiz_sessions_open_practice ON quiz_sessions (phase_started_at) WHERE kind = 'practice' AND phase = 'question';

    CREATE TABLE quiz_players (
      session_id     TEXT NOT NULL REFERENCES quiz_sessions (id),
      user_id        TEXT NOT NULL,
      display_name   TEXT NOT NULL,
      team           INTEGER,
      joined_at      BIGINT NOT NULL,
      points         INTEGER NOT NULL DEFAULT 0,
      correct        INTEGER NOT NULL DEFAULT 0,
      answered       INTEGER NOT NULL DEFAULT 0,
      answer_time_ms BIGINT NOT NULL DEFAULT 0,
      streak         INTEGER NOT NULL DEFAULT 0,
      best_streak    INTEGER NOT NULL DEFAULT 0,
      last_question  INTEGER NOT NULL DEFAULT -1,
      PRIMARY KEY (session_id, user_id)
    );
    CREATE INDEX quiz_players_by_join ON quiz_players (session_id, team, joined_at);

    CREATE TABLE quiz_answers (
      session_id     TEXT NOT NULL REFERENCES quiz_sessions (id),
      question_index INTEGER NOT NULL,
      question_id    TEXT NOT NULL,
      user_id        TEXT NOT NULL,
      response       TEXT NOT NULL,
      credit         DOUBLE PRECISION NOT NULL,
      correct        INTEGER NOT NULL,
      points         INTEGER NOT NULL,
      elapsed_ms     BIGINT NOT NULL,
      answered_at    BIGINT NOT NULL,
      PRIMARY KEY (session_id, question_index, user_id)
    );

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
      created_at  BIGINT NOT NULL,
      PRIMARY KEY (session_id, user_id)
    );
    CREATE UNIQUE INDEX score_entries_first_practice_only ON score_entries (guild_id, user_id, lesson_id) WHERE kind = 'practice';
    CREATE INDEX score_entries_by_guild ON score_entries (guild_id, created_at);

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
      answered_at    BIGINT NOT NULL,
      PRIMARY KEY (session_id, question_index, user_id)
    );
    CREATE INDEX scored_answers_by_time ON scored_answers (guild_id, answered_at, user_id, points, correct, track);
    CREATE INDEX scored_answers_by_member ON scored_answers (guild_id, user_id, answered_at, points, correct, track, lesson_id, question_id);

    CREATE TABLE seasons (
      guild_id   TEXT NOT NULL,
      number     INTEGER NOT NULL,
      started_at BIGINT NOT NULL,
      started_by TEXT NOT NULL,
      PRIMARY KEY (guild_id, number)
    );

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
    );

    CREATE TABLE leaderboard_resets (
      guild_id TEXT NOT NULL,
      season   INTEGER NOT NULL,
      reset_at BIGINT NOT NULL,
      reset_by TEXT NOT NULL,
      PRIMARY KEY (guild_id, season, reset_at)
    );

    CREATE TABLE members (
      guild_id     TEXT NOT NULL,
      user_id      TEXT NOT NULL,
      display_name TEXT NOT NULL,
      seen_at      BIGINT NOT NULL,
      checked_at   BIGINT NOT NULL,
      left_at      BIGINT,
      PRIMARY KEY (guild_id, user_id)
    );
    CREATE INDEX members_departed ON members (guild_id, user_id) WHERE left_at IS NOT NULL;

    CREATE TABLE settings_audit (
      id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      guild_id  TEXT NOT NULL,
      user_id   TEXT NOT NULL,
      action    TEXT NOT NULL,
      old_value TEXT,
      new_value TEXT,
      at        BIGINT NOT NULL
    );
    CREATE INDEX settings_audit_by_guild ON settings_audit (guild_id, at);

    CREATE TABLE review_cards (
      guild_id  TEXT NOT NULL,
      user_id   TEXT NOT NULL,
      card_key  TEXT NOT NULL,
      lesson_id TEXT NOT NULL,
      memory    TEXT NOT NULL,
      due       BIGINT NOT NULL,
      added_at  BIGINT NOT NULL,
      PRIMARY KEY (guild_id, user_id, card_key)
    );
    CREATE INDEX review_cards_due ON review_cards (guild_id, user_id, due);

    CREATE TABLE review_log (
      guild_id    TEXT NOT NULL,
      user_id     TEXT NOT NULL,
      card_key    TEXT NOT NULL,
      grade       TEXT NOT NULL,
      reviewed_at BIGINT NOT NULL,
      due_after   BIGINT NOT NULL
    );
    CREATE INDEX review_log_by_member ON review_log (guild_id, user_id, reviewed_at);

    CREATE TABLE review_reminders (
      guild_id      TEXT NOT NULL,
      user_id       TEXT NOT NULL,
      enabled       INTEGER NOT NULL,
      last_sent_day TEXT,
      blocked_at    BIGINT,
      PRIMARY KEY (guild_id, user_id)
    );

    CREATE TABLE active_days (
      guild_id TEXT NOT NULL,
      user_id  TEXT NOT NULL,
      day      TEXT NOT NULL,
      PRIMARY KEY (guild_id, user_id, day)
    );

    CREATE TABLE claimed_interactions (
      interaction_id TEXT PRIMARY KEY,
      claimed_at     BIGINT NOT NULL
    );
    CREATE INDEX claimed_interactions_by_time ON claimed_interactions (claimed_at);

    CREATE TABLE cooldowns (
      guild_id TEXT NOT NULL,
      user_id  TEXT NOT NULL,
      action   TEXT NOT NULL,
      until    BIGINT NOT NULL,
      PRIMARY KEY (guild_id, user_id, action)
    );
    CREATE INDEX cooldowns_by_until ON cooldowns (until);

    -- A quiz passed completes its lesson, in the transaction that finishes it (SQLite migration 007).
    CREATE FUNCTION lesson_completed_by_passing_quiz() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO lesson_progress (guild_id, user_id, lesson_id, first_viewed_at, last_viewed_at, completed_at, furthest_page, pages_seen)
      SELECT NEW.guild_id, p.user_id, NEW.lesson_id, NEW.ended_at, NEW.ended_at, NEW.ended_at, 0, 0
      FROM quiz_players p
      WHERE p.session_id = NEW.id AND jsonb_array_length(NEW.question_ids::jsonb) > 0 AND p.correct * 2 >= jsonb_array_length(NEW.question_ids::jsonb)
      ON CONFLICT (guild_id, user_id, lesson_id) DO UPDATE SET completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at);
      RETURN NULL;
    END $$;
    CREATE TRIGGER lesson_completed_by_passing_quiz AFTER UPDATE OF phase ON quiz_sessions
      FOR EACH ROW WHEN (NEW.phase = 'finished' AND OLD.phase <> 'finished') EXECUTE FUNCTION lesson_completed_by_passing_quiz();

    -- Leaderboard roll-ups (SQLite migration 008: scopes, buckets and why).
    CREATE TABLE board_totals (
      guild_id TEXT NOT NULL,
      scope    INTEGER NOT NULL,
      bucket   BIGINT NOT NULL,
      track    TEXT NOT NULL,
      user_id  TEXT NOT NULL,
      points   BIGINT NOT NULL,
      answered BIGINT NOT NULL,
      correct  BIGINT NOT NULL,
      PRIMARY KEY (guild_id, scope, bucket, track, user_id)
    );
    CREATE INDEX board_totals_by_points ON board_totals (guild_id, scope, bucket, track, points DESC, correct DESC, user_id);

    CREATE VIEW board_starts AS
      SELECT guild_id, started_at AS start FROM seasons
      UNION ALL SELECT guild_id, reset_at FROM leaderboard_resets;

    -- The UTC month an instant (ms) falls in, as the ms of its first moment.
    CREATE FUNCTION month_start_ms(at BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
      SELECT (EXTRACT(EPOCH FROM date_trunc('month', to_timestamp(at / 1000) AT TIME ZONE 'UTC')) * 1000)::BIGINT
    $$;

    CREATE FUNCTION board_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO board_totals (guild_id, scope, bucket, track, user_id, points, answered, correct)
      SELECT NEW.guild_id, k.scope, k.bucket, t.track, NEW.user_id, NEW.points, 1, NEW.correct
      FROM (VALUES
          (0, 0::BIGINT),
          (1, COALESCE((SELECT MAX(start) FROM board_starts WHERE guild_id = NEW.guild_id AND start <= NEW.answered_at), 0)),
          (2, month_start_ms(NEW.answered_at)),
          (3, (NEW.answered_at / 86400000 - (NEW.answered_at / 86400000 + 3) % 7) * 86400000),
          (4, NEW.answered_at / 86400000 * 86400000)
        ) AS k (scope, bucket),
        (SELECT DISTINCT track FROM (VALUES (''), (NEW.track)) AS v (track)) AS t
      ON CONFLICT (guild_id, scope, bucket, track, user_id) DO UPDATE SET
        points = board_totals.points + excluded.points, answered = board_totals.answered + excluded.answered,
        correct = board_totals.correct + excluded.correct;
      RETURN NULL;
    END $$;
    CREATE TRIGGER board_totals_add AFTER INSERT ON scored_answers FOR EACH ROW EXECUTE FUNCTION board_totals_add();

    CREATE FUNCTION board_totals_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE board_totals SET points = points - OLD.points, answered = answered - 1, correct = correct - OLD.correct
      WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND track IN ('', OLD.track) AND (
        (scope = 0 AND bucket = 0)
        OR (scope = 1 AND bucket = COALESCE((SELECT MAX(start) FROM board_starts WHERE guild_id = OLD.guild_id AND start <= OLD.answered_at), 0))
        OR (scope = 2 AND bucket = month_start_ms(OLD.answered_at))
        OR (scope = 3 AND bucket = (OLD.answered_at / 86400000 - (OLD.answered_at / 86400000 + 3) % 7) * 86400000)
        OR (scope = 4 AND bucket = OLD.answered_at / 86400000 * 86400000));
      DELETE FROM board_totals WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND answered = 0;
      RETURN NULL;
    END $$;
    CREATE TRIGGER board_totals_remove AFTER DELETE ON scored_answers FOR EACH ROW EXECUTE FUNCTION board_totals_remove();
  `,
};
