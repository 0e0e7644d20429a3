export const periods = ['all', 'season', 'month', 'week'] as const;
export type Period = (typeof periods)[number];

export interface TimeRange {
  from: Date | null;
  /** Exclusive; null means up to now. */
  to: Date | null;
}

/**
 * Calendar periods in UTC, so every member of a server sees the same board whatever their
 * time zone: a week starts on Monday 00:00 UTC, a month on its first day at 00:00 UTC.
 */
export function periodRange(period: Period, now: Date, seasonStart: Date): TimeRange {
  switch (period) {
    case 'all':
      return { from: null, to: null };
    case 'season':
      return { from: seasonStart, to: null };
    case 'month':
      return { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), to: null };
    case 'week': {
      const daysSinceMonday = (now.getUTCDay() + 6) % 7;
      return { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysSinceMonday)), to: null };
    }
  }
}

/** The share of a track's questions a member has answered fully right at least once. */
export function mastery(correctQuestions: number, trackQuestions: number): number {
  return trackQuestions === 0 ? 0 : Math.min(1, correctQuestions / trackQuestions);
}
