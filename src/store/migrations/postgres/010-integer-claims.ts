/** SQLite's migration 010 on Postgres: interaction claims keyed by the snowflake as a 64-bit integer. */
export const integerClaims = {
  version: 10,
  name: 'interaction claims keyed by integer',
  sql: `
    CREATE TABLE interaction_claims (
      interaction_id BIGINT PRIMARY KEY,
      claimed_at     BIGINT NOT NULL
    );
    INSERT INTO interaction_claims (interaction_id, claimed_at)
      SELECT interaction_id::BIGINT, claimed_at FROM claimed_interactions WHERE interaction_id ~ '^[0-9]{1,18}$'
      ON CONFLICT DO NOTHING;
    DROP TABLE claimed_interactions;
  `,
};
