/** The UTC day of a moment, as YYYY-MM-DD: days are counted in UTC for every member alike. */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Consecutive UTC days with activity, ending today or yesterday (a streak is not broken until a
 * whole day passes without learning). Days are YYYY-MM-DD strings, in any order.
 */
export function currentStreak(activeDays: readonly string[], now: Date): number {
  const days = new Set(activeDays);
  const dayMs = 86_400_000;
  let cursor = new Date(`${utcDay(now)}T00:00:00Z`).getTime();
  if (!days.has(utcDay(new Date(cursor)))) cursor -= dayMs;
  let streak = 0;
  while (days.has(utcDay(new Date(cursor)))) {
    streak += 1;
    cursor -= dayMs;
  }
  return streak;
}
