const dayMs = 86_400_000;
let currentDayStart = Number.NaN;
let currentDay = '';

/** The UTC day of a time ("2026-11-30"), as active days are stored; the string is made once a day, not per interaction. */
export function utcDayOf(at: Date): string {
  const ms = at.getTime();
  if (!(ms >= currentDayStart && ms < currentDayStart + dayMs)) {
    currentDayStart = Math.floor(ms / dayMs) * dayMs;
    currentDay = new Date(currentDayStart).toISOString().slice(0, 10);
  }
  return currentDay;
}
