/**
 * Board totals are added by the transaction that scores a finished quiz, one aggregated upsert
 * per member and board period (see board-totals.ts), instead of by a trigger per scored answer:
 * ten answers of one member in one quiz touched each of that member's ten roll-up rows ten times.
 * The trigger that follows deletions stays (nothing deletes scored answers).
 */
export const rollupsByTheScoringWrite = {
  version: 11,
  name: 'roll-ups added by the scoring transaction, not by a trigger per answer',
  sql: `
    DROP TRIGGER board_totals_add;
  `,
};
