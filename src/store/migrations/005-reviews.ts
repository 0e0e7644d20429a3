/** Review decks (recall cards and missed questions) with their FSRS memory, reminders, and active days. */
export const reviews = {
  version: 5,
  name: 'review decks, reminders and active days',
  sql: `
    CREATE TABLE review_cards (
      guild_id  TEXT NOT NULL,
      user_id   TEXT NOT NULL,
      card_key  TEXT NOT NULL,
      lesson_id TEXT NOT NULL,
      memory    TEXT NOT NULL,
      due       INTEGER NOT NULL,
      added_at  INTEGER NOT NULL,
      PRIMARY KEY (guild_id, user_id, card_key)
    ) WITHOUT ROWID;
    CREATE INDEX review_cards_due ON review_cards (guild_id, user_id, due);

    CREATE TABLE review_log (
      guild_id    TEXT NOT NULL,
      user_id     TEXT NOT NULL,
      card_key    TEXT NOT NULL,
      grade       TEXT NOT NULL,
      reviewed_at INTEGER NOT NULL,
      due_after   INTEGER NOT NULL
    );
    CREATE INDEX review_log_by_member ON review_log (guild_id, user_id, reviewed_at);

    CREATE TABLE review_reminders (
      guild_id        TEXT NOT NULL,
      user_id         TEXT NOT NULL,
      enabled         INTEGER NOT NULL,
      last_sent_day   TEXT,
      blocked_at      INTEGER,
      PRIMARY KEY (guild_id, user_id)
    ) WITHOUT ROWID;

    CREATE TABLE active_days (
      guild_id TEXT NOT NULL,
      user_id  TEXT NOT NULL,
      day      TEXT NOT NULL,
      PRIMARY KEY (guild_id, user_id, day)
    ) WITHOUT ROWID;
  `,
};
