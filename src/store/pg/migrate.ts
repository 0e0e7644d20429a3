import type pg from 'pg';
import type { Migration } from '../migrations/index.js';
import { postgresMigrations } from '../migrations/postgres/index.js';
import { transaction } from './sql.js';

/** The version Postgres keeps where SQLite keeps PRAGMA user_version. */
export async function schemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const table = await db.query<{ found: string | null }>(`SELECT to_regclass('schema_version')::text AS found`);
  if (!table.rows[0]?.found) return 0;
  return (await db.query<{ version: number }>('SELECT version FROM schema_version')).rows[0]?.version ?? 0;
}

/**
 * Each pending migration and its version bump commit together, under an advisory lock, so two
 * processes starting at once migrate once and a crash never leaves half of one.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[] = postgresMigrations, upToVersion = Infinity): Promise<number> {
  const newest = migrations.at(-1)?.version ?? 0;
  for (const migration of [{ version: 0, name: 'version table', sql: '' }, ...migrations]) {
    if (migration.version > upToVersion) break;
    await transaction(pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('tutor-bot migrations'))`);
      if (migration.version === 0) {
        await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
        await client.query('INSERT INTO schema_version (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)');
        return;
      }
      const current = await schemaVersion(client);
      if (current > newest) throw new Error(`The database is at schema version ${current}, newer than this bot knows (${newest}). Update the bot.`);
      if (current >= migration.version) return;
      if (migration.sql.trim()) await client.query(migration.sql);
      await client.query('UPDATE schema_version SET version = $1', [migration.version]);
    });
  }
  return schemaVersion(pool);
}
