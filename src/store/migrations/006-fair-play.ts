/**
 * Fair play and faults: post attempts (a question being posted is a live session in phase
 * 'question' with no message id yet), player counts kept by each join so a join is O(1),
 * interactions claimed by the one process that answers them, and the index that finds
 * abandoned practice runs.
 */
export const fairPlay = {
  version: 6,
  name: 'post attempts, player counts, claimed interactions',
  sql: `
    ALTER TABLE quiz_sessions ADD COLUMN post_attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE quiz_sessions ADD COLUMN player_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE quiz_sessions ADD COLUMN team0_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE quiz_sessions ADD COLUMN team1_count INTEGER NOT NULL DEFAULT 0;
    UPDATE quiz_sessions SET
      player_count = (SELECT COUNT(*) FROM quiz_players p WHERE p.session_id = quiz_sessions.id),
      team0_count = (SELECT COUNT(*) FROM quiz_players p WHERE p.session_id = quiz_sessions.id AND p.team = 0),
      team1_count = (SELECT COUNT(*) FROM quiz_players p WHERE p.session_id = quiz_sessions.id AND p.team = 1);
    CREATE INDEX quiz_players_by_join ON quiz_players (session_id, team, joined_at);
    CREATE INDEX quiz_sessions_open_practice ON quiz_sessions (phase_started_at) WHERE kind = 'practice' AND phase = 'question';

    CREATE TABLE claimed_interactions (
      interaction_id TEXT PRIMARY KEY,
      claimed_at     INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX claimed_interactions_by_time ON claimed_interactions (claimed_at);
  `,
};
