/** Remembers how far a member read, so /lessons can show a lesson in progress, not only done. */
export const furthestPage = {
  version: 2,
  name: 'furthest page read per lesson',
  sql: `
    ALTER TABLE lesson_progress ADD COLUMN furthest_page INTEGER NOT NULL DEFAULT 0;
  `,
};
