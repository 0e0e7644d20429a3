export const initial = {
  version: 1,
  name: 'guild settings and lesson progress',
  sql: `
    CREATE TABLE guild_settings (
      guild_id   TEXT PRIMARY KEY,
      settings   TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE lesson_progress (
      guild_id        TEXT NOT NULL,
      user_id         TEXT NOT NULL,
      lesson_id       TEXT NOT NULL,
      first_viewed_at INTEGER NOT NULL,
      last_viewed_at  INTEGER NOT NULL,
      completed_at    INTEGER,
      PRIMARY KEY (guild_id, user_id, lesson_id)
    ) WITHOUT ROWID;
  `,
};
