import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { migratePostgres } from './pg/migrate.js';
import { transaction } from './pg/sql.js';
import { createPool } from './postgres.js';
import { openDatabase } from './sqlite.js';

export interface CopyOptions {
  /** Empty a target that already holds rows, instead of refusing. */
  replace?: boolean;
  /** Rows per INSERT statement. */
  batchSize?: number;
}

export interface CopyReport {
  schemaVersion: number;
  tables: { table: string; rows: number }[];
}

/** Refused before anything is written: a reason in words, for the command line. */
export class CopyRefused extends Error {}

/** Rows that others point at go first; the rest in name order. */
const parentsFirst = ['quiz_sessions'];

/**
 * Copies every table of a SQLite database into a Postgres database, rows and ids as they are,
 * in one Postgres transaction: the target has all of it or none. Both are brought to this
 * release's schema first (the SQLite file as starting the bot on it would), so their tables
 * match; the target's triggers are off during the copy, since the roll-ups they keep are
 * copied too. A target that holds any row is refused unless `replace` says to empty it.
 */
export async function copySqliteToPostgres(file: string, url: string, options: CopyOptions = {}): Promise<CopyReport> {
  if (!existsSync(file)) throw new CopyRefused(`There is no SQLite database at ${file}.`);
  const source = openDatabase(file);
  const pool = createPool(url, { poolSize: 2, statementTimeoutMs: 0 });
  try {
    const schemaVersion = source.pragma('user_version', { simple: true }) as number;
    const targetVersion = await migratePostgres(pool);
    if (targetVersion !== schemaVersion) throw new CopyRefused(`The source is at schema version ${schemaVersion} and the target at ${targetVersion}: copy with the release that wrote the source.`);
    const tables = sourceTables(source).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const copied = await transaction(pool, async (client) => {
      const counts: { table: string; rows: number }[] = [];
      for (const table of tables) counts.push({ table, rows: await countRows(client, table) });
      const holding = counts.filter((count) => count.rows > 0);
      if (holding.length > 0 && !options.replace) {
        throw new CopyRefused(`The target already holds rows (${holding.map((count) => `${count.table}: ${count.rows}`).join(', ')}); nothing was copied. Pass --replace to empty it first.`);
      }
      if (holding.length > 0) await client.query(`TRUNCATE ${tables.map(quote).join(', ')}`);
      const done: { table: string; rows: number }[] = [];
      for (const table of tables) {
        await client.query(`ALTER TABLE ${quote(table)} DISABLE TRIGGER USER`);
        done.push({ table, rows: await copyTable(source, client, table, options.batchSize ?? 500) });
        await client.query(`ALTER TABLE ${quote(table)} ENABLE TRIGGER USER`);
      }
      // Identity columns carry on after the highest id copied.
      await client.query(`SELECT setval(pg_get_serial_sequence('settings_audit', 'id'), GREATEST((SELECT MAX(id) FROM settings_audit), 1))`);
      return done;
    });
    return { schemaVersion, tables: copied };
  } finally {
    source.close();
    await pool.end();
  }
}

const rank = (table: string) => (parentsFirst.includes(table) ? 0 : 1);
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function sourceTables(db: Database.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((found) => found.name);
}

async function countRows(client: pg.PoolClient, table: string): Promise<number> {
  const found = await client.query<{ count: number }>(`SELECT COUNT(*) AS count FROM ${quote(table)}`);
  return found.rows[0]?.count ?? 0;
}

/** Reads in rowid order and writes batches of multi-row INSERTs; 64-bit integers are read exactly. */
async function copyTable(source: Database.Database, client: pg.PoolClient, table: string, batchSize: number): Promise<number> {
  const columns = (source.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((column) => column.name);
  const read = source.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`).raw(true).safeIntegers(true);
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const values = batch.map((_, row) => `(${columns.map((__, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
    const params = batch.flat().map((value) => (typeof value === 'bigint' ? value.toString() : value));
    await client.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${values.join(', ')}`, params);
    copied += batch.length;
    batch = [];
  };
  for (const values of read.iterate() as Iterable<unknown[]>) {
    batch.push(values);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return copied;
}
