/**
 * How many members started and completed each lesson of a server, kept by triggers on
 * lesson_progress, so the moderators' view reads one row per lesson instead of one per member
 * and lesson (at 20,000 members who opened ten lessons each, the two reads of that view took
 * 93 ms on the event loop). A progress row is written once per member and lesson, and its
 * completion once, so the triggers cost nothing on a page turn of a lesson already open.
 */
export const lessonCountsTable = `
    CREATE TABLE lesson_counts (
      guild_id  TEXT NOT NULL,
      lesson_id TEXT NOT NULL,
      started   INTEGER NOT NULL,
      completed INTEGER NOT NULL,
      PRIMARY KEY (guild_id, lesson_id)
    );`;

/** A completion set or taken back, in either engine's trigger condition. */
export const completionChanged = '(OLD.completed_at IS NULL) <> (NEW.completed_at IS NULL)';

/** The counts of the rows written before the triggers existed. */
export const countsOfEarlierProgress = `
    INSERT INTO lesson_counts (guild_id, lesson_id, started, completed)
      SELECT guild_id, lesson_id, COUNT(*), COUNT(completed_at) FROM lesson_progress GROUP BY guild_id, lesson_id`;

export const lessonCountsByServer = {
  version: 16,
  name: "each server's lessons started and completed, kept by the progress writes",
  sql: `
    ${lessonCountsTable}
    CREATE TRIGGER lesson_counts_started AFTER INSERT ON lesson_progress
    BEGIN
      INSERT INTO lesson_counts (guild_id, lesson_id, started, completed) VALUES (NEW.guild_id, NEW.lesson_id, 1, NEW.completed_at IS NOT NULL)
      ON CONFLICT (guild_id, lesson_id) DO UPDATE SET started = started + 1, completed = completed + excluded.completed;
    END;
    CREATE TRIGGER lesson_counts_completed AFTER UPDATE OF completed_at ON lesson_progress WHEN ${completionChanged}
    BEGIN
      UPDATE lesson_counts SET completed = completed + CASE WHEN NEW.completed_at IS NULL THEN -1 ELSE 1 END
      WHERE guild_id = NEW.guild_id AND lesson_id = NEW.lesson_id;
    END;
    CREATE TRIGGER lesson_counts_forgotten AFTER DELETE ON lesson_progress
    BEGIN
      UPDATE lesson_counts SET started = started - 1, completed = completed - (OLD.completed_at IS NOT NULL)
      WHERE guild_id = OLD.guild_id AND lesson_id = OLD.lesson_id;
    END;
    ${countsOfEarlierProgress};
  `,
};
