import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations/index.js';
import { SqliteLeaderboardStore } from './sqlite-leaderboard.js';
import { defaultBookkeepingDelayMs } from './member-names.js';
import { SqliteBookkeeping } from './sqlite-bookkeeping.js';
import { SqliteAnswerBatch, batchingAnswers } from './sqlite-answer-batch.js';
import { SqliteQuizStore } from './sqlite-quiz.js';
import { utcDayOf } from './utc-day.js';
import { SqliteReviewStore } from './sqlite-review.js';
import { promised } from './promised.js';
import type { LeaderboardStore } from './leaderboard-store.js';
import type { QuizStore } from './quiz-store.js';
import type { ReviewStore } from './review-store.js';
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

export interface ProgressRow {
  lesson_id: string;
  first_viewed_at: number;
  last_viewed_at: number;
  completed_at: number | null;
  furthest_page: number;
  pages_seen: number;
}

export const progressColumns = 'lesson_id, first_viewed_at, last_viewed_at, completed_at, furthest_page, pages_seen';

/** The pages a mask of seen pages holds; bits past the highest set one are not looked at. */
export function pagesOf(mask: number): number[] {
  const pages: number[] = [];
  for (let page = 0, bit = 1; page < maxTrackedPages && bit <= mask; page += 1, bit *= 2) {
    if (Math.floor(mask / bit) % 2 === 1) pages.push(page);
  }
  return pages;
}

export const toProgress = (row: ProgressRow): LessonProgress => ({
  lessonId: row.lesson_id,
  firstViewedAt: new Date(row.first_viewed_at),
  lastViewedAt: new Date(row.last_viewed_at),
  completedAt: row.completed_at === null ? null : new Date(row.completed_at),
  furthestPage: row.furthest_page,
  pagesSeen: pagesOf(row.pages_seen),
});

export interface StoreOptions {
  bookkeepingDelayMs?: number;
  /** Told when a batch could not be written: `lost` entries were dropped (0 while it is retried). */
  onBookkeepingError?: (error: unknown, lost: number) => void;
}

export class SqliteStore implements Store {
  private readonly statements;
  private readonly bookkeeping: SqliteBookkeeping;
  private readonly answers: SqliteAnswerBatch;
  private readonly parsedSettings = new Map<string, { updatedAt: number; settings: GuildSettings }>();
  /** The synchronous stores, for work inside this class's transactions. */
  private readonly sync: { quizzes: SqliteQuizStore; leaderboard: SqliteLeaderboardStore; reviews: SqliteReviewStore };
  readonly quizzes: QuizStore;
  readonly leaderboard: LeaderboardStore;
  readonly reviews: ReviewStore;

  constructor(
    private readonly db: Database.Database,
    options: StoreOptions = {},
  ) {
    const leaderboard = new SqliteLeaderboardStore(db);
    // A member found gone: the bookkeeping's memory of their written name is no longer what is stored.
    const markPresence = leaderboard.markPresence.bind(leaderboard);
    leaderboard.markPresence = (guildId, userId, present, at) => {
      markPresence(guildId, userId, present, at);
      if (!present) this.bookkeeping.forgetMember(guildId, userId);
    };
    // An answer's active day is bookkeeping, like a page view's: it joins the next batch.
    const quizzes = new SqliteQuizStore(db, { markActive: (guildId, userId, day) => this.bookkeeping.addActiveDay(guildId, userId, day) });
    this.sync = { quizzes, leaderboard, reviews: new SqliteReviewStore(db) };
    this.answers = new SqliteAnswerBatch(db, this.sync.quizzes);
    this.quizzes = batchingAnswers(promised<QuizStore>(this.sync.quizzes), this.answers);
    this.leaderboard = promised<LeaderboardStore>(this.sync.leaderboard);
    this.reviews = promised<ReviewStore>(this.sync.reviews);
    this.bookkeeping = new SqliteBookkeeping(db, {
      flushDelayMs: options.bookkeepingDelayMs ?? defaultBookkeepingDelayMs,
      onError: options.onBookkeepingError ?? (() => undefined),
      writeMember: (member) => this.sync.leaderboard.seeMember(member.guildId, member.userId, member.name, new Date(member.at)),
      writeActiveDay: (guildId, userId, day) => this.sync.reviews.markActive(guildId, userId, day),
    });
    this.statements = {
      progressOf: db.prepare<[string, string, string], ProgressRow>(
        `SELECT ${progressColumns} FROM lesson_progress WHERE guild_id = ? AND user_id = ? AND lesson_id = ?`,
      ),
      progress: db.prepare<[string, string], ProgressRow>(`SELECT ${progressColumns} FROM lesson_progress WHERE guild_id = ? AND user_id = ?`),
      settings: db.prepare<[string], { settings: string; updated_at: number }>('SELECT settings, updated_at FROM guild_settings WHERE guild_id = ?'),
      saveSettings: db.prepare<[string, string, number]>(`
        INSERT INTO guild_settings (guild_id, settings, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (guild_id) DO UPDATE SET settings = excluded.settings,
          -- Strictly increasing, so a reader's cached copy is never mistaken for the new one.
          updated_at = MAX(excluded.updated_at, guild_settings.updated_at + 1)`),
      startCooldown: db.prepare<[{ guildId: string; userId: string; action: string; at: number; until: number }], { until: number }>(`
        INSERT INTO cooldowns (guild_id, user_id, action, until) VALUES (@guildId, @userId, @action, @until)
        ON CONFLICT (guild_id, user_id, action) DO UPDATE SET until = excluded.until WHERE cooldowns.until <= @at
        RETURNING until`),
      cooldownUntil: db.prepare<[string, string, string], { until: number }>('SELECT until FROM cooldowns WHERE guild_id = ? AND user_id = ? AND action = ?'),
      pruneCooldowns: db.prepare<[number]>('DELETE FROM cooldowns WHERE until <= ?'),
      endCooldown: db.prepare<[string, string, string]>('DELETE FROM cooldowns WHERE guild_id = ? AND user_id = ? AND action = ?'),
      lessonsStarted: db.prepare<[string], { lessonId: string; started: number; completed: number }>(
        'SELECT lesson_id AS lessonId, started, completed FROM lesson_counts WHERE guild_id = ? AND started > 0',
      ),
    };
  }

  /** Every roll-up summed again from the scored answers: for a database filled by other means (the bench's seeding). */
  rebuildLeaderboardTotals(): void {
    this.sync.leaderboard.rebuildTotals();
  }

  static open(file: string, options: Pick<OpenOptions, 'busyTimeoutMs'> & StoreOptions = {}): SqliteStore {
    return new SqliteStore(openDatabase(file, options), options);
  }

  /**
   * A view that completes the lesson confirms something to the member, so it is committed
   * before the reply, with every page still waiting in the batch. Any other view is
   * bookkeeping: it joins the next batch, and the reply is computed from what is stored plus
   * what waits.
   */
  async recordPageView(view: PageView): Promise<PageViewOutcome> {
    if (!Number.isInteger(view.page) || view.page < 0 || view.page >= view.pageCount || view.pageCount > maxTrackedPages) {
      throw new RangeError(`page ${view.page} of ${view.pageCount} cannot be recorded`);
    }
    const { guildId, userId, lessonId } = view;
    const at = view.at.getTime();
    const allPages = 2 ** view.pageCount - 1;
    const stored = this.statements.progressOf.get(guildId, userId, lessonId);
    const waiting = this.bookkeeping.view(guildId, userId, lessonId);
    const seen = (stored?.pages_seen ?? 0) | (waiting?.bits ?? 0) | 2 ** view.page;
    const completing = (stored?.completed_at ?? null) === null && (seen & allPages) === allPages;
    const pending = {
      guildId,
      userId,
      lessonId,
      firstAt: Math.min(stored?.first_viewed_at ?? at, waiting?.firstAt ?? at, at),
      lastAt: at,
      bits: seen,
      furthest: Math.max(stored?.furthest_page ?? 0, waiting?.furthest ?? 0, view.page),
      allPages,
    };
    const day = utcDayOf(view.at);
    if (completing) {
      this.db.transaction(() => {
        this.bookkeeping.takeView(guildId, userId, lessonId);
        this.bookkeeping.writeView(pending);
        this.sync.reviews.markActive(guildId, userId, day);
      })();
      const row = this.statements.progressOf.get(guildId, userId, lessonId) as ProgressRow;
      return { ...toProgress(row), justCompleted: true };
    }
    this.bookkeeping.addView(pending);
    this.bookkeeping.addActiveDay(guildId, userId, day);
    return {
      lessonId,
      firstViewedAt: new Date(pending.firstAt),
      lastViewedAt: view.at,
      completedAt: stored?.completed_at == null ? null : new Date(stored.completed_at),
      furthestPage: pending.furthest,
      pagesSeen: pagesOf(seen),
      justCompleted: false,
    };
  }

  /** What is stored, with this process's waiting page views folded in. */
  async lessonProgress(guildId: string, userId: string): Promise<LessonProgress[]> {
    const rows = new Map(this.statements.progress.all(guildId, userId).map((row) => [row.lesson_id, row]));
    for (const waiting of this.bookkeeping.viewsOf(guildId, userId)) {
      const row = rows.get(waiting.lessonId);
      rows.set(waiting.lessonId, {
        lesson_id: waiting.lessonId,
        first_viewed_at: Math.min(row?.first_viewed_at ?? waiting.firstAt, waiting.firstAt),
        last_viewed_at: Math.max(row?.last_viewed_at ?? waiting.lastAt, waiting.lastAt),
        completed_at: row?.completed_at ?? null,
        furthest_page: Math.max(row?.furthest_page ?? 0, waiting.furthest),
        pages_seen: (row?.pages_seen ?? 0) | waiting.bits,
      });
    }
    return [...rows.values()].map(toProgress);
  }

  /** Bookkeeping: the name a member goes by, written with the next batch. */
  noteMember(guildId: string, userId: string, displayName: string, at: Date): void {
    this.bookkeeping.addMember({ guildId, userId, name: displayName, at: at.getTime() });
  }

  /** Writes the waiting bookkeeping now (tests, shutdown). */
  async flushBookkeeping(): Promise<void> {
    this.bookkeeping.flush();
  }

  async lessonsStarted(guildId: string): Promise<{ lessonId: string; started: number; completed: number }[]> {
    return this.statements.lessonsStarted.all(guildId);
  }

  async guildSettings(guildId: string): Promise<GuildSettings> {
    return this.settingsOf(guildId);
  }

  private settingsOf(guildId: string): GuildSettings {
    const row = this.statements.settings.get(guildId);
    const updatedAt = row?.updated_at ?? -1;
    const cached = this.parsedSettings.get(guildId);
    if (cached && cached.updatedAt === updatedAt) return cached.settings;
    const settings = Object.freeze(guildSettingsSchema.parse(row ? JSON.parse(row.settings) : {}));
    this.parsedSettings.set(guildId, { updatedAt, settings });
    return settings;
  }

  async updateGuildSettings(guildId: string, change: Partial<GuildSettings>, at: Date, actorId: string): Promise<GuildSettings> {
    this.parsedSettings.delete(guildId);
    return this.db.transaction(() => {
      const before = this.settingsOf(guildId);
      const next = guildSettingsSchema.parse({ ...before, ...change });
      this.statements.saveSettings.run(guildId, JSON.stringify(next), at.getTime());
      for (const key of Object.keys(next) as (keyof GuildSettings)[]) {
        const [old, now] = [JSON.stringify(before[key]), JSON.stringify(next[key])];
        if (old !== now) this.sync.leaderboard.audit(guildId, actorId, key, old, now, at);
      }
      return next;
    })();
  }

  async claimInteraction(interactionId: string, at: Date): Promise<boolean> {
    return this.sync.quizzes.claimInteraction(interactionId, at);
  }

  async pruneClaims(before: Date): Promise<number> {
    return this.sync.quizzes.pruneClaims(before);
  }

  async startCooldown(key: CooldownKey, at: Date, seconds: number): Promise<{ started: true } | { started: false; until: Date }> {
    if (seconds <= 0) return { started: true };
    const params = { ...key, at: at.getTime(), until: at.getTime() + seconds * 1000 };
    if (this.statements.startCooldown.get(params)) return { started: true };
    const running = this.statements.cooldownUntil.get(key.guildId, key.userId, key.action);
    return { started: false, until: new Date(running?.until ?? params.until) };
  }

  async endCooldown(key: CooldownKey): Promise<void> {
    this.statements.endCooldown.run(key.guildId, key.userId, key.action);
  }

  async pruneCooldowns(at: Date): Promise<number> {
    return this.statements.pruneCooldowns.run(at.getTime()).changes;
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.answers.flush();
    this.bookkeeping.flush();
    this.db.close();
  }
}

