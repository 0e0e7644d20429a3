import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { backupDatabase, ensureDatabaseFolder, prepareDatabase } from '../../src/ops/database.js';
import { DatabaseProbe, overallHealth } from '../../src/ops/health.js';
import { instrumentStore, metrics } from '../../src/ops/metrics.js';
import { StartupError } from '../../src/ops/startup.js';
import { migrations } from '../../src/store/migrations/index.js';
import { openDatabase, SqliteStore } from '../../src/store/sqlite.js';
import { useTempDir } from '../support/temp.js';

const tempDir = useTempDir();
const guildId = '100000000000000001';
/** This release's schema version, and the one before it: the tests follow the migration list. */
const newest = migrations.at(-1)?.version ?? 0;
const previous = newest - 1;

const versionOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true });
  } finally {
    db.close();
  }
};

describe('upgrades: a copy beside the database before any migration', () => {
  test('GIVEN a database from the previous release THEN it is copied to tutor.db.before-v<newest> first, and the copy keeps the old schema and data', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    const old = openDatabase(file, { upToVersion: previous });
    old.prepare('INSERT INTO guild_settings (guild_id, settings, updated_at) VALUES (?, ?, ?)').run(guildId, '{}', 1);
    old.close();

    const prepared = await prepareDatabase(file);
    expect(prepared).toEqual({ foundVersion: previous, newestVersion: newest, backupPath: `${file}.before-v${newest}` });
    expect(versionOf(`${file}.before-v${newest}`)).toBe(previous);
    const copy = new Database(`${file}.before-v${newest}`, { readonly: true });
    expect(copy.prepare('SELECT guild_id FROM guild_settings').all()).toEqual([{ guild_id: guildId }]);
    copy.close();
  });

  test('GIVEN a new or an up-to-date database THEN no copy is made', async () => {
    const dir = tempDir();
    expect(await prepareDatabase(path.join(dir, 'new.db'))).toEqual({ foundVersion: 0, newestVersion: newest });
    const current = path.join(dir, 'current.db');
    openDatabase(current).close();
    expect(await prepareDatabase(current)).toEqual({ foundVersion: newest, newestVersion: newest });
    expect(existsSync(`${current}.before-v${newest}`)).toBe(false);
  });

  test('GIVEN a database from a newer release that left its copy THEN the refusal names that copy', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    const db = new Database(file);
    db.pragma(`user_version = ${newest + 1}`);
    db.close();
    writeFileSync(`${file}.before-v${newest + 1}`, '');
    await expect(prepareDatabase(file)).rejects.toThrow(
      new StartupError(
        `DATABASE_PATH=${file} is at schema version ${newest + 1}, newer than this release knows (${newest}). Run the newer release again, or restore ${file}.before-v${newest + 1}, the copy taken before that upgrade.`,
      ),
    );
  });

  test('GIVEN a file that is not a database THEN the refusal says so in one line', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    writeFileSync(file, 'not a database at all, just some text that is long enough to have a header'.repeat(20));
    await expect(prepareDatabase(file)).rejects.toThrow(/^DATABASE_PATH=.* is not a database this bot can read \(SQLITE_NOTADB/);
  });

  test('GIVEN missing folders THEN they are made, one level at a time', async () => {
    const file = path.join(tempDir(), 'a', 'b', 'tutor.db');
    ensureDatabaseFolder(file);
    expect(existsSync(path.dirname(file))).toBe(true);
  });
});

describe('npm run backup: SQLite online backup of a live database', () => {
  test('GIVEN another connection in the middle of a write THEN the copy has every committed row and none of the open transaction', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tutor.db');
    const store = SqliteStore.open(file);
    await store.updateGuildSettings(guildId, { quizSeconds: 45 }, new Date(), 'mod');
    const writer = new Database(file);
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare('INSERT INTO guild_settings (guild_id, settings, updated_at) VALUES (?, ?, ?)').run('100000000000000002', '{}', 2);

    const result = await backupDatabase(file, path.join(dir, 'backups', 'copy.db'));
    writer.exec('COMMIT');
    await writer.close();
    await store.close();

    expect(result).toMatchObject({ file: path.join(dir, 'backups', 'copy.db'), schemaVersion: newest });
    const copy = new Database(result.file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT guild_id FROM guild_settings').all()).toEqual([{ guild_id: guildId }]);
    copy.close();
  });

  test('GIVEN no database THEN it says there is nothing to back up', async () => {
    const dir = tempDir();
    await expect(backupDatabase(path.join(dir, 'none.db'), path.join(dir, 'copy.db'))).rejects.toThrow(`There is no database at ${path.join(dir, 'none.db')} (DATABASE_PATH); nothing to back up.`);
  });
});

describe('/healthz: the database check', () => {
  test('GIVEN a writable database THEN it is healthy; GIVEN another connection holding the write lock THEN it is not, with the reason', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    openDatabase(file).close();
    const probe = new DatabaseProbe(file, 20);
    expect(probe.check()).toEqual({ name: 'database', ok: true, detail: 'writable' });

    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    const locked = probe.check();
    expect(locked).toEqual({ name: 'database', ok: false, detail: 'database locked for writing by another connection for over 20 ms' });
    expect(overallHealth([{ name: 'gateway', ok: true, detail: 'connected' }, locked]).ok).toBe(false);
    holder.exec('ROLLBACK');
    holder.close();
    expect(probe.check().ok).toBe(true);
    probe.close();
  });
});

describe('metrics from the store', () => {
  test('GIVEN another connection holds the lock THEN a failed write counts one busy event and still throws', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    const store = instrumentStore(SqliteStore.open(file));
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    const before = await countOf(metrics.databaseBusy);
    await expect(store.updateGuildSettings(guildId, { quizSeconds: 45 }, new Date(), 'mod')).rejects.toThrow(/locked|busy/i);
    expect(await countOf(metrics.databaseBusy)).toBe(before + 1);
    holder.exec('ROLLBACK');
    holder.close();
    expect((await store.updateGuildSettings(guildId, { quizSeconds: 45 }, new Date(), 'mod')).quizSeconds).toBe(45);
    await store.close();
  });

  test('GIVEN answers to a quiz that is not running THEN each is counted by what the store did with it', async () => {
    const store = instrumentStore(SqliteStore.open(path.join(tempDir(), 'tutor.db')));
    const before = await statusCount('closed');
    const outcome = await store.quizzes.recordAnswer(
      { sessionId: 'no-such-session', questionIndex: 0, userId: '100000000000000003', displayName: 'Ann', response: { kind: 'single', choice: 0 } as never, at: new Date() },
      () => ({ credit: 1, correct: true, points: 500, elapsedMs: 10, streakAfter: 1 }),
    );
    expect(outcome).toEqual({ status: 'closed' });
    expect(await statusCount('closed')).toBe(before + 1);
    await store.close();
  });
});

async function countOf(counter: typeof metrics.databaseBusy): Promise<number> {
  return (await counter.get()).values[0]?.value ?? 0;
}

async function statusCount(status: string): Promise<number> {
  const values = (await metrics.answers.get()).values;
  return values.find((value) => value.labels.status === status)?.value ?? 0;
}
