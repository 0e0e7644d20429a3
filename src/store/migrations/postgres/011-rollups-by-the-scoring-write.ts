/** SQLite's migration 011 on Postgres: the scoring transaction adds the roll-ups (PostgresQuizStore.finish), not a trigger per answer. */
export const rollupsByTheScoringWrite = {
  version: 11,
  name: 'roll-ups added by the scoring transaction, not by a trigger per answer',
  sql: `
    DROP TRIGGER board_totals_add ON scored_answers;
    DROP FUNCTION board_totals_add();
  `,
};
