import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { migrations } from '../../store/migrations/index.js';
import { SqliteStore } from '../../store/sqlite.js';

const cacheRoot = path.join(tmpdir(), 'tutor-bench-cache');

/**
 * A copy of a large seeded database to query, in a temporary folder: the seeded file is kept
 * between bench runs in the bench cache, keyed by `name` and the schema version, and made by
 * `fill` (given the store and its connection) only when missing. `remove` deletes the copy.
 */
export async function seededCopy(name: string, fill: (store: SqliteStore, db: Database.Database) => Promise<void>) {
  const started = performance.now();
  const cached = path.join(cacheRoot, `${name}-v${migrations.at(-1)?.version ?? 0}.db`);
  const seededFrom = existsSync(cached) ? 'copied from the bench cache' : 'seeded';
  if (!existsSync(cached)) await seed(cached, fill);
  const dir = mkdtempSync(path.join(tmpdir(), 'tutor-bench-seeded-'));
  const file = path.join(dir, 'tutor.db');
  copyFileSync(cached, file);
  return { file, seededFrom, seedMs: performance.now() - started, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function seed(target: string, fill: (store: SqliteStore, db: Database.Database) => Promise<void>): Promise<void> {
  mkdirSync(cacheRoot, { recursive: true });
  const building = `${target}.${process.pid}.building`;
  const store = SqliteStore.open(building);
  try {
    const db = (store as unknown as { db: Database.Database }).db;
    await fill(store, db);
    db.pragma('optimize');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await store.close();
  }
  renameSync(building, target);
  rmSync(`${building}-wal`, { force: true });
  rmSync(`${building}-shm`, { force: true });
}
