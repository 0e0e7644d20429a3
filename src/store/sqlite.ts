import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations/index.js';
import { SqliteLeaderboardStore } from './sqlite-leaderboard.js';
import { SqliteQuizStore } from './sqlite-quiz.js';
import { SqliteReviewStore } from './sqlite-review.js';
import { guildSettingsSchema, maxTrackedPages, type CooldownKey, type GuildSettings, type LessonProgress, type PageView, type PageViewOutcome, type Store } from './store.js';

/**
 * How long one write waits for another process's lock. better-sqlite3 is synchronous, so this
 * is how long the event loop can stall; past it the write fails as busy and callers retry later
 * without blocking (see isStoreBusy).
 */
export const defaultBusyTimeoutMs = 25;

export interface OpenOptions {
  busyTimeoutMs?: number;
  /** Stop at this schema version: lets tests build a database as an older release left it. */
  upToVersion?: number;
  migrations?: readonly Migration[];
}

export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? defaultBusyTimeoutMs))}`);
  db.pragma('foreign_keys = ON');
  migrate(db, options.migrations ?? allMigrations, options.upToVersion);
  return db;
}

/** Each pending migration and its version bump commit together, so a crash never leaves half of one. */
export function migrate(db: Database.Database, migrations: readonly Migration[], upToVersion = Infinity): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(`The database is at schema version ${current}, newer than this bot knows (${newest}). Update the bot.`);
  }
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > upToVersion) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

interface RecordViewParams {
  guildId: string;
  userId: string;
  lessonId: string;
  at: number;
  page: number;
  pageBit: number;
  allPages: number;
}

interface ProgressRow {
  lesson_id: string;
  first_viewed_at: number;
  last_viewed_at: number;
  completed_at: number | null;
  furthest_page: number;
  pages_seen: number;
}

const progressColumns = 'lesson_id, first_viewed_at, last_viewed_at, completed_at, furthest_page, pages_seen';

const pagesOf = (mask: number) => Array.from({ length: maxTrackedPages }, (_, page) => page).filter((page) => Math.floor(mask / 2 ** page) % 2 === 1);

const toProgress = (row: ProgressRow): LessonProgress => ({
  lessonId: row.lesson_id,
  firstViewedAt: new Date(row.first_viewed_at),
  lastViewedAt: new Date(row.last_viewed_at),
  completedAt: row.completed_at === null ? null : new Date(row.completed_at),
  furthestPage: row.furthest_page,
  pagesSeen: pagesOf(row.pages_seen),
});

export class SqliteStore implements Store {
  private readonly statements;
  readonly quizzes: SqliteQuizStore;
  readonly leaderboard: SqliteLeaderboardStore;
  readonly reviews: SqliteReviewStore;

  constructor(private readonly db: Database.Database) {
    this.quizzes = new SqliteQuizStore(db);
    this.leaderboard = new SqliteLeaderboardStore(db);
    this.reviews = new SqliteReviewStore(db);
    this.statements = {
      // A lesson whose pages were removed may have bits beyond its length: only its pages count.
      recordView: db.prepare<[RecordViewParams], ProgressRow>(`
        INSERT INTO lesson_progress (guild_id, user_id, lesson_id, first_viewed_at, last_viewed_at, completed_at, furthest_page, pages_seen)
        VALUES (@guildId, @userId, @lessonId, @at, @at, CASE WHEN @pageBit & @allPages = @allPages THEN @at END, @page, @pageBit)
        ON CONFLICT (guild_id, user_id, lesson_id) DO UPDATE SET
          last_viewed_at = excluded.last_viewed_at,
          pages_seen     = lesson_progress.pages_seen | excluded.pages_seen,
          completed_at   = COALESCE(lesson_progress.completed_at,
                             CASE WHEN (lesson_progress.pages_seen | excluded.pages_seen) & @allPages = @allPages THEN excluded.last_viewed_at END),
          furthest_page  = MAX(lesson_progress.furthest_page, excluded.furthest_page)
        RETURNING ${progressColumns}`),
      completedAt: db.prepare<[string, string, string], { completed_at: number | null }>(
        'SELECT completed_at FROM lesson_progress WHERE guild_id = ? AND user_id = ? AND lesson_id = ?',
      ),
      progress: db.prepare<[string, string], ProgressRow>(`SELECT ${progressColumns} FROM lesson_progress WHERE guild_id = ? AND user_id = ?`),
      settings: db.prepare<[string], { settings: string }>('SELECT settings FROM guild_settings WHERE guild_id = ?'),
      saveSettings: db.prepare<[string, string, number]>(`
        INSERT INTO guild_settings (guild_id, settings, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (guild_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`),
      startCooldown: db.prepare<[{ guildId: string; userId: string; action: string; at: number; until: number }], { until: number }>(`
        INSERT INTO cooldowns (guild_id, user_id, action, until) VALUES (@guildId, @userId, @action, @until)
        ON CONFLICT (guild_id, user_id, action) DO UPDATE SET until = excluded.until WHERE cooldowns.until <= @at
        RETURNING until`),
      cooldownUntil: db.prepare<[string, string, string], { until: number }>('SELECT until FROM cooldowns WHERE guild_id = ? AND user_id = ? AND action = ?'),
      pruneCooldowns: db.prepare<[number]>('DELETE FROM cooldowns WHERE until <= ?'),
      endCooldown: db.prepare<[string, string, string]>('DELETE FROM cooldowns WHERE guild_id = ? AND user_id = ? AND action = ?'),
      lessonsStarted: db.prepare<[string], { lessonId: string; started: number; completed: number }>(
        'SELECT lesson_id AS lessonId, COUNT(*) AS started, COUNT(completed_at) AS completed FROM lesson_progress WHERE guild_id = ? GROUP BY lesson_id',
      ),
    };
  }

  static open(file: string, options: Pick<OpenOptions, 'busyTimeoutMs'> = {}): SqliteStore {
    return new SqliteStore(openDatabase(file, options));
  }

  recordPageView(view: PageView): PageViewOutcome {
    if (!Number.isInteger(view.page) || view.page < 0 || view.page >= view.pageCount || view.pageCount > maxTrackedPages) {
      throw new RangeError(`page ${view.page} of ${view.pageCount} cannot be recorded`);
    }
    return this.db.transaction(() => {
      const before = this.statements.completedAt.get(view.guildId, view.userId, view.lessonId);
      const row = this.statements.recordView.get({
        guildId: view.guildId,
        userId: view.userId,
        lessonId: view.lessonId,
        at: view.at.getTime(),
        page: view.page,
        pageBit: 2 ** view.page,
        allPages: 2 ** view.pageCount - 1,
      });
      if (!row) throw new Error('recording a page view returned no row');
      this.reviews.markActive(view.guildId, view.userId, view.at.toISOString().slice(0, 10));
      return { ...toProgress(row), justCompleted: (before?.completed_at ?? null) === null && row.completed_at !== null };
    })();
  }

  lessonProgress(guildId: string, userId: string): LessonProgress[] {
    return this.statements.progress.all(guildId, userId).map(toProgress);
  }

  lessonsStarted(guildId: string): { lessonId: string; started: number; completed: number }[] {
    return this.statements.lessonsStarted.all(guildId);
  }

  guildSettings(guildId: string): GuildSettings {
    const row = this.statements.settings.get(guildId);
    return guildSettingsSchema.parse(row ? JSON.parse(row.settings) : {});
  }

  updateGuildSettings(guildId: string, change: Partial<GuildSettings>, at: Date, actorId: string): GuildSettings {
    return this.db.transaction(() => {
      const before = this.guildSettings(guildId);
      const next = guildSettingsSchema.parse({ ...before, ...change });
      this.statements.saveSettings.run(guildId, JSON.stringify(next), at.getTime());
      for (const key of Object.keys(next) as (keyof GuildSettings)[]) {
        const [old, now] = [JSON.stringify(before[key]), JSON.stringify(next[key])];
        if (old !== now) this.leaderboard.audit(guildId, actorId, key, old, now, at);
      }
      return next;
    })();
  }

  claimInteraction(interactionId: string, at: Date): boolean {
    return this.quizzes.claimInteraction(interactionId, at);
  }

  pruneClaims(before: Date): number {
    return this.quizzes.pruneClaims(before);
  }

  startCooldown(key: CooldownKey, at: Date, seconds: number): { started: true } | { started: false; until: Date } {
    if (seconds <= 0) return { started: true };
    const params = { ...key, at: at.getTime(), until: at.getTime() + seconds * 1000 };
    if (this.statements.startCooldown.get(params)) return { started: true };
    const running = this.statements.cooldownUntil.get(key.guildId, key.userId, key.action);
    return { started: false, until: new Date(running?.until ?? params.until) };
  }

  endCooldown(key: CooldownKey): void {
    this.statements.endCooldown.run(key.guildId, key.userId, key.action);
  }

  pruneCooldowns(at: Date): number {
    return this.statements.pruneCooldowns.run(at.getTime()).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

