import pg from 'pg';
import { defaultPoolSize, defaultStatementTimeoutMs } from '../config.js';
import type { LeaderboardStore } from './leaderboard-store.js';
import { defaultBookkeepingDelayMs } from './member-names.js';
import { migratePostgres } from './pg/migrate.js';
import { auditOn, PostgresLeaderboardStore } from './pg/pg-leaderboard.js';
import { PostgresMemberNames } from './pg/pg-member-names.js';
import { PostgresQuizStore } from './pg/pg-quiz.js';
import { PostgresReviewStore } from './pg/pg-review.js';
import { numberTypes, row, rows, run, transaction } from './pg/sql.js';
import type { QuizStore } from './quiz-store.js';
import type { ReviewStore } from './review-store.js';
import { progressColumns, toProgress, type ProgressRow } from './sqlite.js';
import { guildSettingsSchema, maxTrackedPages, type CooldownKey, type GuildSettings, type LessonProgress, type PageView, type PageViewOutcome, type Store } from './store.js';

export interface PostgresOptions {
  /** Connections this process may hold; every shard process has its own pool. */
  poolSize?: number;
  /** A statement running longer is cancelled (and its transaction rolled back): the caller sees a busy store. */
  statementTimeoutMs?: number;
  /** Told when bookkeeping (a member's name) could not be written. */
  onBookkeepingError?: (error: unknown, lost: number) => void;
  /** How long a member's name waits to be written with others (default 5 ms). */
  bookkeepingDelayMs?: number;
  /** Readings an answer may find out of date before it takes the quiz's row lock (default 3; tests lower it). */
  answerReadings?: number;
}


export function createPool(url: string, options: PostgresOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? defaultPoolSize,
    statement_timeout: options.statementTimeoutMs ?? defaultStatementTimeoutMs,
    connectionTimeoutMillis: 10_000,
    application_name: 'tutor-bot',
    types: numberTypes,
  });
  // An idle connection that breaks (a server restart) is dropped by the pool; the next query opens another.
  pool.on('error', () => undefined);
  return pool;
}

const sql = {
  pageView: `
    WITH active AS (INSERT INTO active_days (guild_id, user_id, day) VALUES (@guildId, @userId, @day) ON CONFLICT DO NOTHING),
    before AS (SELECT completed_at FROM lesson_progress WHERE guild_id = @guildId AND user_id = @userId AND lesson_id = @lessonId)
    INSERT INTO lesson_progress AS p (guild_id, user_id, lesson_id, first_viewed_at, last_viewed_at, completed_at, furthest_page, pages_seen)
    VALUES (@guildId, @userId, @lessonId, @at, @at, CASE WHEN @bits::bigint & @allPages::bigint = @allPages::bigint THEN @at::bigint END, @page, @bits)
    ON CONFLICT (guild_id, user_id, lesson_id) DO UPDATE SET
      first_viewed_at = LEAST(p.first_viewed_at, excluded.first_viewed_at),
      last_viewed_at  = GREATEST(p.last_viewed_at, excluded.last_viewed_at),
      pages_seen      = p.pages_seen | excluded.pages_seen,
      completed_at    = COALESCE(p.completed_at, CASE WHEN (p.pages_seen | excluded.pages_seen) & @allPages::bigint = @allPages::bigint THEN excluded.last_viewed_at END),
      furthest_page   = GREATEST(p.furthest_page, excluded.furthest_page)
    RETURNING ${progressColumns}, (SELECT completed_at FROM before) AS completed_before`,
  progress: `SELECT ${progressColumns} FROM lesson_progress WHERE guild_id = ? AND user_id = ?`,
  settings: 'SELECT settings, updated_at FROM guild_settings WHERE guild_id = ?',
  ensureSettings: `INSERT INTO guild_settings (guild_id, settings, updated_at) VALUES (?, '{}', -1) ON CONFLICT DO NOTHING`,
  lockedSettings: 'SELECT settings, updated_at FROM guild_settings WHERE guild_id = ? FOR UPDATE',
  saveSettings: 'UPDATE guild_settings SET settings = ?, updated_at = GREATEST(?::bigint, updated_at + 1) WHERE guild_id = ?',
  startCooldown: `
    INSERT INTO cooldowns (guild_id, user_id, action, until) VALUES (@guildId, @userId, @action, @until)
    ON CONFLICT (guild_id, user_id, action) DO UPDATE SET until = excluded.until WHERE cooldowns.until <= @at
    RETURNING until`,
  cooldownUntil: 'SELECT until FROM cooldowns WHERE guild_id = ? AND user_id = ? AND action = ?',
  pruneCooldowns: 'DELETE FROM cooldowns WHERE until <= ?',
  endCooldown: 'DELETE FROM cooldowns WHERE guild_id = ? AND user_id = ? AND action = ?',
  lessonsStarted: `SELECT lesson_id AS "lessonId", started, completed FROM lesson_counts WHERE guild_id = ? AND started > 0`,
};

/**
 * The Store on Postgres, for bots on more than one machine. Every call is one statement or one
 * transaction on the pool; page views are written at once (one statement each) instead of
 * SQLite's batches, and a member's name is written in the background.
 */
export class PostgresStore implements Store {
  readonly quizzes: QuizStore;
  private readonly quizStore: PostgresQuizStore;
  readonly leaderboard: LeaderboardStore;
  readonly reviews: ReviewStore;
  private readonly parsedSettings = new Map<string, { updatedAt: number; settings: GuildSettings }>();
  private readonly memberNames: PostgresMemberNames;
  private closed = false;

  constructor(
    readonly pool: pg.Pool,
    options: PostgresOptions = {},
  ) {
    this.quizStore = new PostgresQuizStore(pool, options.answerReadings);
    this.quizzes = this.quizStore;
    const leaderboard = new PostgresLeaderboardStore(pool);
    this.memberNames = new PostgresMemberNames({
      delayMs: options.bookkeepingDelayMs ?? defaultBookkeepingDelayMs,
      write: (members) => leaderboard.seeMembers(members),
      onError: (error, lost) => options.onBookkeepingError?.(error, lost),
    });
    // A member found gone: the memory of their written name is no longer what is stored.
    const markPresence = leaderboard.markPresence.bind(leaderboard);
    leaderboard.markPresence = async (guildId, userId, present, at) => {
      await markPresence(guildId, userId, present, at);
      if (!present) this.memberNames.forget(guildId, userId);
    };
    this.leaderboard = leaderboard;
    this.reviews = new PostgresReviewStore(pool);
  }

  /** Connects, brings the schema up to date and returns the store. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const pool = createPool(url, options);
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool, options);
  }

  async recordPageView(view: PageView): Promise<PageViewOutcome> {
    if (!Number.isInteger(view.page) || view.page < 0 || view.page >= view.pageCount || view.pageCount > maxTrackedPages) {
      throw new RangeError(`page ${view.page} of ${view.pageCount} cannot be recorded`);
    }
    const at = view.at.getTime();
    const stored = (await row<ProgressRow & { completed_before: number | null }>(this.pool, sql.pageView, {
      guildId: view.guildId,
      userId: view.userId,
      lessonId: view.lessonId,
      day: view.at.toISOString().slice(0, 10),
      at,
      page: view.page,
      bits: 2 ** view.page,
      allPages: 2 ** view.pageCount - 1,
    })) as ProgressRow & { completed_before: number | null };
    // Completed by this statement: nothing before it, and its own moment (two views racing to complete differ in it).
    const justCompleted = stored.completed_before === null && stored.completed_at === at;
    return { ...toProgress(stored), justCompleted };
  }

  async lessonProgress(guildId: string, userId: string): Promise<LessonProgress[]> {
    return (await rows<ProgressRow>(this.pool, sql.progress, [guildId, userId])).map(toProgress);
  }

  /** Bookkeeping: the name a member goes by, written with the next batch unless this process wrote it lately. */
  noteMember(guildId: string, userId: string, displayName: string, at: Date): void {
    this.memberNames.add({ guildId, userId, name: displayName, at: at.getTime() });
  }

  async flushBookkeeping(): Promise<void> {
    await this.memberNames.flush();
  }

  async lessonsStarted(guildId: string) {
    return rows<{ lessonId: string; started: number; completed: number }>(this.pool, sql.lessonsStarted, [guildId]);
  }

  async guildSettings(guildId: string): Promise<GuildSettings> {
    const found = await row<{ settings: string; updated_at: number }>(this.pool, sql.settings, [guildId]);
    return this.parse(guildId, found);
  }

  private parse(guildId: string, found: { settings: string; updated_at: number } | undefined): GuildSettings {
    const updatedAt = found?.updated_at ?? -1;
    const cached = this.parsedSettings.get(guildId);
    if (cached && cached.updatedAt === updatedAt) return cached.settings;
    const settings = Object.freeze(guildSettingsSchema.parse(found ? JSON.parse(found.settings) : {}));
    this.parsedSettings.set(guildId, { updatedAt, settings });
    return settings;
  }

  /** The server's row is locked while the change is decided, so two moderators' changes apply one after the other. */
  async updateGuildSettings(guildId: string, change: Partial<GuildSettings>, at: Date, actorId: string): Promise<GuildSettings> {
    this.parsedSettings.delete(guildId);
    return transaction(this.pool, async (client) => {
      await run(client, sql.ensureSettings, [guildId]);
      const before = this.parse(guildId, await row<{ settings: string; updated_at: number }>(client, sql.lockedSettings, [guildId]));
      const next = guildSettingsSchema.parse({ ...before, ...change });
      await run(client, sql.saveSettings, [JSON.stringify(next), at.getTime(), guildId]);
      for (const key of Object.keys(next) as (keyof GuildSettings)[]) {
        const [old, now] = [JSON.stringify(before[key]), JSON.stringify(next[key])];
        if (old !== now) await auditOn(client, { guildId, userId: actorId, action: key, oldValue: old, newValue: now, at });
      }
      this.parsedSettings.delete(guildId);
      return next;
    });
  }

  claimInteraction(interactionId: string, at: Date): Promise<boolean> {
    return this.quizStore.claimInteraction(interactionId, at);
  }

  pruneClaims(before: Date): Promise<number> {
    return this.quizStore.pruneClaims(before);
  }

  async startCooldown(key: CooldownKey, at: Date, seconds: number): Promise<{ started: true } | { started: false; until: Date }> {
    if (seconds <= 0) return { started: true };
    const params = { ...key, at: at.getTime(), until: at.getTime() + seconds * 1000 };
    if (await row(this.pool, sql.startCooldown, params)) return { started: true };
    const running = await row<{ until: number }>(this.pool, sql.cooldownUntil, [key.guildId, key.userId, key.action]);
    return { started: false, until: new Date(running?.until ?? params.until) };
  }

  async endCooldown(key: CooldownKey): Promise<void> {
    await run(this.pool, sql.endCooldown, [key.guildId, key.userId, key.action]);
  }

  async pruneCooldowns(at: Date): Promise<number> {
    return (await run(this.pool, sql.pruneCooldowns, [at.getTime()])).rowCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushBookkeeping();
    await this.pool.end();
  }
}

