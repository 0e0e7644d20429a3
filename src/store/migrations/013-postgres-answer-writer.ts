/**
 * Nothing changes on SQLite: version 13 is Postgres's answer writer (a server-side function, see
 * migrations/postgres/013). Both engines keep the same version numbers, so db:copy still pairs them.
 */
export const postgresAnswerWriter = {
  version: 13,
  name: 'the Postgres answer writer (nothing on SQLite)',
  sql: '',
};
