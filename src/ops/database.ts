import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations, type Migration } from '../store/migrations/index.js';
import { StartupError } from './startup.js';

/** The schema version this release migrates a database to. */
export const newestSchemaVersion = (list: readonly Migration[] = migrations): number => list.at(-1)?.version ?? 0;

/** Where the copy taken before upgrading `databasePath` to schema `version` goes: beside it. */
export const upgradeBackupPath = (databasePath: string, version: number): string => `${databasePath}.before-v${version}`;

/**
 * Makes sure the folder of DATABASE_PATH exists or can be made, walking up to the nearest
 * existing ancestor first. Node's own recursive mkdir spins for a long time under /proc and
 * reports a file in the way as a bare EEXIST/ENOTDIR; this says which path and what to do.
 */
export function ensureDatabaseFolder(databasePath: string, variable = 'DATABASE_PATH'): void {
  if (databasePath === ':memory:') return;
  const folder = path.dirname(path.resolve(databasePath));
  const missing: string[] = [];
  let existing = folder;
  while (!existsSync(existing)) {
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  if (!statSync(existing).isDirectory()) {
    throw new StartupError(`${variable}=${databasePath} cannot be used: ${existing} is a file, not a folder. Point ${variable} at a file inside a folder (for example data/tutor.db).`);
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'EEXIST' && statSync(dir).isDirectory()) continue;
      throw new StartupError(`${variable}=${databasePath} cannot be used: the folder ${dir} cannot be created (${code}). Point ${variable} at a writable folder, or create it for the bot's user.`);
    }
  }
  if (existsSync(databasePath) && statSync(databasePath).isDirectory()) {
    throw new StartupError(`${variable}=${databasePath} is a folder; point it at a file inside it (for example ${path.join(databasePath, 'tutor.db')}).`);
  }
}

export interface PreparedDatabase {
  /** The schema version found on disk; 0 for a new database. */
  foundVersion: number;
  newestVersion: number;
  /** Set when the database was copied aside before its upgrade. */
  backupPath?: string;
}

/**
 * Before the store opens (and migrates) the database: refuses one from a newer release in one
 * line, and copies an older one aside (`tutor.db.before-v<N>`, N the version it is upgraded to)
 * with SQLite's online backup, so an upgrade can always be undone by restoring that file.
 */
export async function prepareDatabase(databasePath: string, list: readonly Migration[] = migrations): Promise<PreparedDatabase> {
  ensureDatabaseFolder(databasePath);
  const newestVersion = newestSchemaVersion(list);
  if (databasePath === ':memory:' || !existsSync(databasePath)) return { foundVersion: 0, newestVersion };
  let db: Database.Database;
  try {
    db = new Database(databasePath, { fileMustExist: true });
  } catch (error) {
    throw new StartupError(`DATABASE_PATH=${databasePath} cannot be opened (${describeSqliteError(error)}). Check the file and its permissions for the bot's user.`);
  }
  try {
    let foundVersion: number;
    try {
      foundVersion = db.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      throw new StartupError(`DATABASE_PATH=${databasePath} is not a database this bot can read (${describeSqliteError(error)}). Restore a backup, or point DATABASE_PATH elsewhere.`);
    }
    if (foundVersion > newestVersion) {
      throw new StartupError(
        `DATABASE_PATH=${databasePath} is at schema version ${foundVersion}, newer than this release knows (${newestVersion}). Run the newer release again${existsSync(upgradeBackupPath(databasePath, foundVersion)) ? `, or restore ${upgradeBackupPath(databasePath, foundVersion)}, the copy taken before that upgrade` : ''}.`,
      );
    }
    if (foundVersion === 0 || foundVersion === newestVersion) return { foundVersion, newestVersion };
    const backupPath = upgradeBackupPath(databasePath, newestVersion);
    try {
      rmSync(backupPath, { force: true });
      await db.backup(backupPath);
    } catch (error) {
      throw new StartupError(`Could not back up ${databasePath} to ${backupPath} before upgrading it (${describeSqliteError(error)}); nothing was changed. Free some space or fix the folder's permissions, then start again.`);
    }
    return { foundVersion, newestVersion, backupPath };
  } finally {
    db.close();
  }
}

export interface BackupResult {
  file: string;
  pages: number;
  schemaVersion: number;
}

/**
 * A consistent copy of a live database through SQLite's online backup API: other connections
 * (the running bot) keep reading and writing while it runs, and the copy is one point in time.
 */
export async function backupDatabase(databasePath: string, destination: string): Promise<BackupResult> {
  if (!existsSync(databasePath)) throw new StartupError(`There is no database at ${databasePath} (DATABASE_PATH); nothing to back up.`);
  if (path.resolve(destination) === path.resolve(databasePath)) throw new StartupError(`The backup must go to another file than the database itself (${databasePath}).`);
  if (existsSync(destination) && statSync(destination).isDirectory()) destination = path.join(destination, `${path.basename(databasePath)}.backup`);
  ensureDatabaseFolder(destination, 'the backup file');
  const db = new Database(databasePath, { fileMustExist: true });
  try {
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    rmSync(destination, { force: true });
    const progress = await db.backup(destination);
    return { file: destination, pages: progress.totalPages, schemaVersion };
  } finally {
    db.close();
  }
}

export function describeSqliteError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
