import { z } from 'zod';
import type { LeaderboardStore } from './leaderboard-store.js';
import type { QuizStore } from './quiz-store.js';
import type { ReviewStore } from './review-store.js';

export interface LessonProgress {
  lessonId: string;
  firstViewedAt: Date;
  lastViewedAt: Date;
  /**
   * Set once every page has been seen, or once a quiz of the lesson finished with at least
   * half of its questions right (in the transaction that finishes it). Never unset.
   */
  completedAt: Date | null;
  /** Counting from 0. */
  furthestPage: number;
  /** The pages seen, counting from 0, in order. */
  pagesSeen: number[];
}

export interface PageView {
  guildId: string;
  userId: string;
  lessonId: string;
  /** Counting from 0. */
  page: number;
  /** How many pages the lesson has now: seeing all of them completes it. */
  pageCount: number;
  at: Date;
}

export interface PageViewOutcome extends LessonProgress {
  /** This view saw the last unseen page of a lesson not completed before. */
  justCompleted: boolean;
}

/**
 * Lessons have at most 25 pages (the section menu's limit). The pages seen are a bit mask,
 * kept below 2^53 so it stays an exact JavaScript number.
 */
export const maxTrackedPages = 52;

/**
 * Settings a server's moderators own. Stored as one JSON document per server and read
 * through this schema, so a setting added later simply takes its default on old rows.
 */
export const guildSettingsSchema = z.object({
  lessonChannelIds: z.array(z.string()).default([]),
  quizChannelIds: z.array(z.string()).default([]),
  announcementsChannelId: z.string().nullable().default(null),
  /** Where the token guard reports what it did, for moderators. */
  modLogChannelId: z.string().nullable().default(null),
  quizHostRoleId: z.string().nullable().default(null),
  tokenGuard: z.enum(['off', 'warn', 'delete']).default('off'),
  /** Quiz defaults; null questions means all of the lesson's. */
  quizQuestions: z.number().int().min(1).max(25).nullable().default(null),
  quizSeconds: z.number().int().min(10).max(120).default(30),
  speedBonus: z.boolean().default(true),
  practicePoints: z.boolean().default(true),
  /** Per-member cooldowns in seconds; 0 turns one off. */
  decodeCooldownSeconds: z.number().int().min(0).max(3600).default(10),
  quizStartCooldownSeconds: z.number().int().min(0).max(3600).default(60),
});

export type CooldownAction = 'decode' | 'quiz-start';

export interface CooldownKey {
  guildId: string;
  userId: string;
  action: CooldownAction;
}
export type GuildSettings = z.infer<typeof guildSettingsSchema>;

/** What the rest of the bot depends on; it knows nothing of Discord. */
export interface Store {
  readonly quizzes: QuizStore;
  readonly leaderboard: LeaderboardStore;
  readonly reviews: ReviewStore;
  recordPageView(view: PageView): Promise<PageViewOutcome>;
  lessonProgress(guildId: string, userId: string): Promise<LessonProgress[]>;
  /** Bookkeeping, batched: the name a member goes by in a server. */
  noteMember(guildId: string, userId: string, displayName: string, at: Date): void;
  /** Writes the waiting bookkeeping now: before a view that sums many members' activity. */
  flushBookkeeping(): Promise<void>;
  /** Per lesson someone in the server has opened: how many members started it and how many completed it. */
  lessonsStarted(guildId: string): Promise<{ lessonId: string; started: number; completed: number }[]>;
  guildSettings(guildId: string): Promise<GuildSettings>;
  /** Applies a moderator's change and audits each setting it changed, in one transaction. */
  updateGuildSettings(guildId: string, change: Partial<GuildSettings>, at: Date, actorId: string): Promise<GuildSettings>;
  /**
   * The first process to claim an interaction answers it; another one on the same database (a
   * restart overlapping the old process, two shards sharing a guild) gets false and stays silent.
   */
  claimInteraction(interactionId: string, at: Date): Promise<boolean>;
  /** Forgets claims older than `before`: Discord never delivers an interaction that old again. */
  pruneClaims(before: Date): Promise<number>;
  /**
   * Starts a member's cooldown for an action, unless one is still running: then nothing is
   * written and the time it ends is returned. One statement, so two processes agree.
   */
  startCooldown(key: CooldownKey, at: Date, seconds: number): Promise<{ started: true } | { started: false; until: Date }>;
  /** Ends a member's cooldown early: what it guarded did not happen after all. */
  endCooldown(key: CooldownKey): Promise<void>;
  /** Forgets cooldowns that ended before `at`. */
  pruneCooldowns(at: Date): Promise<number>;
  close(): Promise<void>;
}

/**
 * Postgres refusals after which nothing was written and the same work may succeed in a moment:
 * a serialization failure, a deadlock, a lock not available, a statement cancelled by its
 * timeout, no connection slot left.
 */
const postgresBusyCodes = new Set(['40001', '40P01', '55P03', '57014', '53300']);

/**
 * Another process holds the database's write lock (SQLite's SQLITE_BUSY or SQLITE_LOCKED) or
 * Postgres refused for contention: nothing was written, and the same write may succeed in a moment.
 */
export function isStoreBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || postgresBusyCodes.has(code));
}
