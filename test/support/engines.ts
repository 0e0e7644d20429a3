import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, inject } from 'vitest';
import { numberTypes, rows as pgRows, run as pgRun } from '../../src/store/pg/sql.js';
import { PostgresStore, type PostgresOptions } from '../../src/store/postgres.js';
import { SqliteStore, type StoreOptions } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { useTempDir } from './temp.js';

export type Engine = 'sqlite' | 'postgres';
/** Every suite that says it runs on both engines runs on these. */
export const engines: readonly Engine[] = ['sqlite', 'postgres'];

/** A fresh, empty database of one engine, and raw statements beside the store (as a finished quiz or an old release leaves rows). */
export interface TestDatabase {
  engine: Engine;
  /** DATABASE_PATH for SQLite, DATABASE_URL for Postgres: what a bot process is given. */
  location: string;
  open(options?: StoreOptions & PostgresOptions): Promise<Store>;
  /** A statement written with `?` parameters, as SQLite's are; Postgres gets them numbered. */
  exec(text: string, params?: unknown[]): Promise<void>;
  all<R extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

let admin: pg.Pool | undefined;
let schemas = 0;

/** A database per call: a file in a temporary directory, or a schema of its own on the test server. */
export function useTestDatabases(): (engine: Engine) => Promise<TestDatabase> {
  const tempDir = useTempDir();
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(async () => {
    await admin?.end();
    admin = undefined;
  });
  return async (engine) => {
    if (engine === 'sqlite') {
      // In a folder that does not exist yet: opening makes it.
      const file = path.join(tempDir(), 'nested', 'tutor.db');
      let raw: Database.Database | undefined;
      const rawDb = () => (raw ??= new Database(file));
      cleanups.push(() => void raw?.close());
      return {
        engine,
        location: file,
        open: async (options) => SqliteStore.open(file, options),
        exec: async (text, params = []) => void rawDb().prepare(text).run(...params),
        all: async <R,>(text: string, params: unknown[] = []) => rawDb().prepare(text).all(...params) as R[],
      };
    }
    const url = inject('postgresUrl');
    admin ??= new pg.Pool({ connectionString: url, max: 2, types: numberTypes });
    const schema = `t${process.pid}_${(schemas += 1)}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    const location = `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    let raw: pg.Pool | undefined;
    const rawDb = () => (raw ??= new pg.Pool({ connectionString: location, max: 2, types: numberTypes }));
    cleanups.push(async () => {
      await raw?.end();
      await admin?.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    });
    return {
      engine,
      location,
      open: async (options) => PostgresStore.open(location, options),
      exec: async (text, params = []) => void (await pgRun(rawDb(), text, params)),
      all: async <R extends Record<string, unknown>>(text: string, params: unknown[] = []) => pgRows<R>(rawDb(), text, params),
    };
  };
}
