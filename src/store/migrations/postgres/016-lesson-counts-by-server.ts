import { completionChanged, countsOfEarlierProgress, lessonCountsTable } from '../016-lesson-counts-by-server.js';

/** SQLite's version 16 (see migrations/016), its triggers as Postgres functions. */
export const lessonCountsByServer = {
  version: 16,
  name: "each server's lessons started and completed, kept by the progress writes",
  sql: `
    ${lessonCountsTable}
    CREATE FUNCTION lesson_counts_started() RETURNS trigger LANGUAGE plpgsql AS $counts$
    BEGIN
      INSERT INTO lesson_counts (guild_id, lesson_id, started, completed)
      VALUES (NEW.guild_id, NEW.lesson_id, 1, CASE WHEN NEW.completed_at IS NULL THEN 0 ELSE 1 END)
      ON CONFLICT (guild_id, lesson_id) DO UPDATE SET started = lesson_counts.started + 1, completed = lesson_counts.completed + excluded.completed;
      RETURN NULL;
    END $counts$;
    CREATE TRIGGER lesson_counts_started AFTER INSERT ON lesson_progress FOR EACH ROW EXECUTE FUNCTION lesson_counts_started();
    CREATE FUNCTION lesson_counts_completed() RETURNS trigger LANGUAGE plpgsql AS $counts$
    BEGIN
      UPDATE lesson_counts SET completed = completed + CASE WHEN NEW.completed_at IS NULL THEN -1 ELSE 1 END
      WHERE guild_id = NEW.guild_id AND lesson_id = NEW.lesson_id;
      RETURN NULL;
    END $counts$;
    CREATE TRIGGER lesson_counts_completed AFTER UPDATE OF completed_at ON lesson_progress
      FOR EACH ROW WHEN (${completionChanged}) EXECUTE FUNCTION lesson_counts_completed();
    CREATE FUNCTION lesson_counts_forgotten() RETURNS trigger LANGUAGE plpgsql AS $counts$
    BEGIN
      UPDATE lesson_counts SET started = started - 1, completed = completed - CASE WHEN OLD.completed_at IS NULL THEN 0 ELSE 1 END
      WHERE guild_id = OLD.guild_id AND lesson_id = OLD.lesson_id;
      RETURN NULL;
    END $counts$;
    CREATE TRIGGER lesson_counts_forgotten AFTER DELETE ON lesson_progress FOR EACH ROW EXECUTE FUNCTION lesson_counts_forgotten();
    ${countsOfEarlierProgress};
  `,
};
