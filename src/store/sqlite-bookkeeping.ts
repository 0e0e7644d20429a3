import type Database from 'better-sqlite3';
import { memberKey, WrittenNames, type PendingMember } from './member-names.js';
import { isStoreBusy } from './store.js';

export { nameRewriteMs } from './member-names.js';

/** A page view that completes nothing, waiting for the next batch. */
export interface PendingView {
  guildId: string;
  userId: string;
  lessonId: string;
  firstAt: number;
  lastAt: number;
  bits: number;
  furthest: number;
  allPages: number;
}

export type { PendingMember } from './member-names.js';

interface PendingDay {
  guildId: string;
  userId: string;
  day: string;
}

/** Past this many remembered days, the memory of them starts again from nothing. */
const writtenLimit = 20_000;

/** Past this many waiting entries (a lock that will not clear), a batch is written at once or dropped. */
const pendingLimit = 50_000;

/**
 * Group commit for bookkeeping: the page a member reached, the name they go by, the days they
 * were active. None of it confirms anything to a member, so it waits a few milliseconds and is
 * written in one transaction with everything else that came meanwhile, instead of one
 * transaction per interaction. A crash loses at most the last batch; close() writes it.
 */
export class SqliteBookkeeping {
  private readonly views = new Map<string, PendingView>();
  private readonly members = new Map<string, PendingMember>();
  private readonly activeDays = new Map<string, PendingDay>();
  /** What this process last wrote per member: the same name or day again is not queued. */
  private readonly writtenNames = new WrittenNames();
  private readonly writtenDays = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  /** One transaction for a batch, made once rather than on every flush. */
  private readonly writeBatch: (views: PendingView[], members: PendingMember[], days: PendingDay[]) => void;
  private failures = 0;
  private readonly sql;

  constructor(
    db: Database.Database,
    private readonly options: {
      flushDelayMs: number;
      onError: (error: unknown, lost: number) => void;
      writeMember: (member: PendingMember) => void;
      writeActiveDay: (guildId: string, userId: string, day: string) => void;
    },
  ) {
    this.writeBatch = db.transaction((views: PendingView[], members: PendingMember[], days: PendingDay[]) => {
      for (const view of views) this.writeView(view);
      for (const member of members) this.options.writeMember(member);
      for (const day of days) this.options.writeActiveDay(day.guildId, day.userId, day.day);
    });
    this.sql = {
      view: db.prepare(`
        INSERT INTO lesson_progress (guild_id, user_id, lesson_id, first_viewed_at, last_viewed_at, completed_at, furthest_page, pages_seen)
        VALUES (@guildId, @userId, @lessonId, @firstAt, @lastAt, CASE WHEN @bits & @allPages = @allPages THEN @lastAt END, @furthest, @bits)
        ON CONFLICT (guild_id, user_id, lesson_id) DO UPDATE SET
          first_viewed_at = MIN(lesson_progress.first_viewed_at, excluded.first_viewed_at),
          last_viewed_at  = MAX(lesson_progress.last_viewed_at, excluded.last_viewed_at),
          pages_seen      = lesson_progress.pages_seen | excluded.pages_seen,
          completed_at    = COALESCE(lesson_progress.completed_at,
                              CASE WHEN (lesson_progress.pages_seen | excluded.pages_seen) & @allPages = @allPages THEN excluded.last_viewed_at END),
          furthest_page   = MAX(lesson_progress.furthest_page, excluded.furthest_page)`),
    };
  }

  /** Writes one lesson's views now (inside the caller's transaction when there is one). */
  writeView(view: PendingView): void {
    this.sql.view.run(view);
  }

  get pending(): number {
    return this.views.size + this.members.size + this.activeDays.size;
  }

  /** What is waiting for this lesson, so a reader sees its own writes before they are stored. */
  view(guildId: string, userId: string, lessonId: string): PendingView | undefined {
    return this.views.get(viewKey(guildId, userId, lessonId));
  }

  /** Everything waiting for one member, for their progress views. */
  viewsOf(guildId: string, userId: string): PendingView[] {
    return [...this.views.values()].filter((view) => view.guildId === guildId && view.userId === userId);
  }

  addView(view: PendingView): void {
    const key = viewKey(view.guildId, view.userId, view.lessonId);
    const earlier = this.views.get(key);
    this.views.set(
      key,
      earlier
        ? {
            ...view,
            firstAt: Math.min(earlier.firstAt, view.firstAt),
            lastAt: Math.max(earlier.lastAt, view.lastAt),
            bits: earlier.bits | view.bits,
            furthest: Math.max(earlier.furthest, view.furthest),
          }
        : view,
    );
    this.schedule();
  }

  /** Taken out of the batch because a completion is about to write it now, with the rest of the lesson's pages. */
  takeView(guildId: string, userId: string, lessonId: string): PendingView | undefined {
    const key = viewKey(guildId, userId, lessonId);
    const view = this.views.get(key);
    this.views.delete(key);
    return view;
  }

  /** Queued unless this process wrote the same name for the member less than nameRewriteMs ago. */
  addMember(member: PendingMember): void {
    const key = memberKey(member.guildId, member.userId);
    if (this.writtenNames.unchanged(member) && !this.members.has(key)) return;
    this.members.set(key, member);
    this.schedule();
  }

  /** Queued unless this process already marked the member active on that day. */
  addActiveDay(guildId: string, userId: string, day: string): void {
    if (this.writtenDays.get(memberKey(guildId, userId)) === day) return;
    this.activeDays.set(`${guildId}|${userId}|${day}`, { guildId, userId, day });
    this.schedule();
  }

  /**
   * The member was found gone (their row now says so): their next interaction writes their name
   * again, which marks them back.
   */
  forgetMember(guildId: string, userId: string): void {
    this.writtenNames.forget(guildId, userId);
  }

  /** One transaction for the whole batch. A busy database keeps the batch for the next try. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === 0) return;
    const views = [...this.views.values()];
    const members = [...this.members.values()];
    const days = [...this.activeDays.values()];
    try {
      this.writeBatch(views, members, days);
      for (const view of views) if (this.views.get(viewKey(view.guildId, view.userId, view.lessonId)) === view) this.views.delete(viewKey(view.guildId, view.userId, view.lessonId));
      for (const member of members) if (this.members.get(memberKey(member.guildId, member.userId)) === member) this.members.delete(memberKey(member.guildId, member.userId));
      for (const day of days) this.activeDays.delete(`${day.guildId}|${day.userId}|${day.day}`);
      this.failures = 0;
      this.rememberWritten(members, days);
    } catch (error) {
      this.failures += 1;
      const drop = !isStoreBusy(error) || this.pending > pendingLimit;
      if (drop) {
        this.options.onError(error, this.pending);
        // Whatever this process remembered writing for them may not be what is stored now.
        for (const member of members) this.writtenNames.forget(member.guildId, member.userId);
        for (const day of days) this.writtenDays.delete(memberKey(day.guildId, day.userId));
        this.views.clear();
        this.members.clear();
        this.activeDays.clear();
        return;
      }
      this.options.onError(error, 0);
      this.schedule(Math.min(5_000, this.options.flushDelayMs * 2 ** this.failures));
    }
  }

  private rememberWritten(members: readonly PendingMember[], days: readonly PendingDay[]): void {
    this.writtenNames.remember(members);
    if (this.writtenDays.size + days.length > writtenLimit) this.writtenDays.clear();
    for (const day of days) {
      const key = memberKey(day.guildId, day.userId);
      // The latest day only: the one a member's next views will be on.
      if ((this.writtenDays.get(key) ?? '') < day.day) this.writtenDays.set(key, day.day);
    }
  }

  private schedule(delayMs = this.options.flushDelayMs): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), delayMs);
    this.timer.unref();
  }
}

const viewKey = (guildId: string, userId: string, lessonId: string) => `${guildId}|${userId}|${lessonId}`;
