import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { migrations } from '../../src/store/migrations/index.js';
import { postgresMigrations } from '../../src/store/migrations/postgres/index.js';
import { migratePostgres, schemaVersion } from '../../src/store/pg/migrate.js';
import { useTestDatabases } from '../support/engines.js';

const database = useTestDatabases();

describe('migrations on Postgres', () => {
  test('GIVEN the two engines THEN their migrations are numbered alike, so version N is the same schema on both', () => {
    expect(postgresMigrations.map((migration) => migration.version)).toEqual(migrations.map((migration) => migration.version));
  });

  test('GIVEN an empty database THEN opening the store brings it to the newest version, and two processes starting at once migrate it once', async () => {
    const db = await database('postgres');
    const [one, two] = await Promise.all([db.open(), db.open()]);
    await one.close();
    await two.close();
    expect(await db.all('SELECT version FROM schema_version')).toEqual([{ version: migrations.at(-1)?.version }]);
  });

  test('GIVEN a database from a newer release THEN opening it is refused with a clear message', async () => {
    const db = await database('postgres');
    await (await db.open()).close();
    await db.exec('UPDATE schema_version SET version = 999');
    await expect(db.open()).rejects.toThrow(/schema version 999, newer than this bot knows/);
  });

  test('GIVEN a migration that fails halfway THEN the version is not bumped and no part of it stays', async () => {
    const db = await database('postgres');
    const pool = new pg.Pool({ connectionString: db.location, max: 2 });
    try {
      const broken = [...postgresMigrations, { version: 99, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT nonsense FROM nowhere;' }];
      await expect(migratePostgres(pool, broken)).rejects.toThrow();
      expect(await schemaVersion(pool)).toBe(postgresMigrations.at(-1)?.version);
      expect(await db.all(`SELECT to_regclass('half')::text AS found`)).toEqual([{ found: null }]);
    } finally {
      await pool.end();
    }
  });
});
