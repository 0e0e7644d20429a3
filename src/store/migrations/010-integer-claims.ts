/**
 * Interaction claims in one B-tree keyed by the snowflake as an integer: the claim is written
 * for every interaction, and one 8-byte key appended at the end of one tree costs about half of
 * a text key plus a second index on the time. Pruning (every ten minutes, over the last half
 * hour of claims) scans the table instead of an index; that is cheap at that size.
 */
export const integerClaims = {
  version: 10,
  name: 'interaction claims keyed by integer',
  sql: `
    CREATE TABLE interaction_claims (
      interaction_id INTEGER PRIMARY KEY,
      claimed_at     INTEGER NOT NULL
    );
    INSERT OR IGNORE INTO interaction_claims (interaction_id, claimed_at)
      SELECT CAST(interaction_id AS INTEGER), claimed_at FROM claimed_interactions WHERE interaction_id GLOB '[0-9]*';
    DROP TABLE claimed_interactions;
  `,
};
