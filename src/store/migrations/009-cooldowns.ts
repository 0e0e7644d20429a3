/**
 * Per-member cooldowns (/decode, /quiz start). One row per server, member and action, so the
 * table never holds more than that; expired rows are swept by housekeeping. In the database
 * rather than in memory so that two bot processes on one database share them.
 */
export const cooldowns = {
  version: 9,
  name: 'per-member cooldowns',
  sql: `
    CREATE TABLE cooldowns (
      guild_id TEXT NOT NULL,
      user_id  TEXT NOT NULL,
      action   TEXT NOT NULL,
      until    INTEGER NOT NULL,
      PRIMARY KEY (guild_id, user_id, action)
    ) WITHOUT ROWID;
    CREATE INDEX cooldowns_by_until ON cooldowns (until);
  `,
};
