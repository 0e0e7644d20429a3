import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test, vi } from 'vitest';
import { migrations } from '../../src/store/migrations/index.js';
import { openDatabase, SqliteStore } from '../../src/store/sqlite.js';
import { engines, useTestDatabases } from '../support/engines.js';
import { fullScans } from '../support/statement-count.js';
import { useTempDir } from '../support/temp.js';

const tempDir = useTempDir();
const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 12, minute));
const view = { guildId: '100000000000000001', userId: '200000000000000001', lessonId: 'oauth-basics', pageCount: 6 };

const database = useTestDatabases();

describe.each(engines)('on %s', (engine) => {
  /** A store on a fresh database, and a way to open it again (another process, or after a restart). */
  async function openStore() {
    const db = await database(engine);
    return { store: await db.open(), reopen: () => db.open() };
  }

  describe('lesson progress on a real database file', () => {
    test('GIVEN a first page view THEN the lesson is started, not completed', async () => {
      const { store } = await openStore();
      const progress = await store.recordPageView({ ...view, page: 0, at: at(0) });
      expect(progress).toEqual({ lessonId: 'oauth-basics', firstViewedAt: at(0), lastViewedAt: at(0), completedAt: null, furthestPage: 0, pagesSeen: [0], justCompleted: false });
      await store.close();
    });

    test('GIVEN every page read in order THEN the last one completes the lesson, and going back keeps it completed', async () => {
      const { store } = await openStore();
      for (let page = 0; page < 5; page += 1) await store.recordPageView({ ...view, page, at: at(page) });
      expect(await store.recordPageView({ ...view, page: 5, at: at(5) })).toMatchObject({ completedAt: at(5), justCompleted: true });
      const back = await store.recordPageView({ ...view, page: 1, at: at(6) });
      expect(back).toMatchObject({ firstViewedAt: at(0), lastViewedAt: at(6), completedAt: at(5), furthestPage: 5, justCompleted: false });
    });

    test('GIVEN a completed lesson read again THEN the completion time is the first one', async () => {
      const { store } = await openStore();
      const short = { ...view, pageCount: 1 };
      await store.recordPageView({ ...short, page: 0, at: at(1) });
      expect((await store.recordPageView({ ...short, page: 0, at: at(9) })).completedAt).toEqual(at(1));
    });

    test('GIVEN progress in two servers THEN each server sees only its own', async () => {
      const { store } = await openStore();
      await store.recordPageView({ ...view, pageCount: 1, page: 0, at: at(1) });
      await store.recordPageView({ ...view, guildId: '100000000000000002', page: 0, at: at(2) });
      expect((await store.lessonProgress(view.guildId, view.userId)).map((entry) => entry.completedAt)).toEqual([at(1)]);
      expect((await store.lessonProgress('100000000000000002', view.userId)).map((entry) => entry.completedAt)).toEqual([null]);
      expect(await store.lessonProgress(view.guildId, '200000000000000009')).toEqual([]);
    });

    test('GIVEN the store is closed and opened again THEN progress is still there', async () => {
      const { store, reopen } = await openStore();
      await store.recordPageView({ ...view, page: 2, at: at(1) });
      await store.close();
      const reopened = await reopen();
      expect(await reopened.lessonProgress(view.guildId, view.userId)).toHaveLength(1);
      await reopened.close();
    });
  });

  describe('guild settings', () => {
    test('GIVEN settings read again and again THEN they are parsed once, and a change by another process is seen at once', async () => {
      const { store, reopen } = await openStore();
      const first = await store.guildSettings(view.guildId);
      expect(await store.guildSettings(view.guildId)).toBe(first);
      const other = await reopen();
      try {
        await other.updateGuildSettings(view.guildId, { quizSeconds: 45 }, at(1), 'mod');
        expect((await store.guildSettings(view.guildId)).quizSeconds).toBe(45);
        await store.updateGuildSettings(view.guildId, { quizSeconds: 20 }, at(1), 'mod');
        expect((await store.guildSettings(view.guildId)).quizSeconds).toBe(20);
        expect((await other.guildSettings(view.guildId)).quizSeconds).toBe(20);
      } finally {
        await other.close();
      }
    });

    test('GIVEN a server never configured THEN it gets the defaults', async () => {
      const { store } = await openStore();
      expect(await store.guildSettings(view.guildId)).toEqual({
        lessonChannelIds: [],
        quizChannelIds: [],
        announcementsChannelId: null,
        modLogChannelId: null,
        quizHostRoleId: null,
        tokenGuard: 'off',
        quizQuestions: null,
        quizSeconds: 30,
        speedBonus: true,
        practicePoints: true,
        decodeCooldownSeconds: 10,
        quizStartCooldownSeconds: 60,
      });
    });

    test('GIVEN a change THEN only that setting changes, only in that server, and it survives reopening', async () => {
      const { store, reopen } = await openStore();
      await store.updateGuildSettings(view.guildId, { tokenGuard: 'warn' }, at(0), 'mod');
      await store.updateGuildSettings(view.guildId, { quizChannelIds: ['300000000000000001'] }, at(1), 'mod');
      await store.close();
      const reopened = await reopen();
      expect(await reopened.guildSettings(view.guildId)).toMatchObject({ tokenGuard: 'warn', quizChannelIds: ['300000000000000001'] });
      expect((await reopened.guildSettings('100000000000000002')).tokenGuard).toBe('off');
      expect((await reopened.leaderboard.recentAudit(view.guildId, 10)).map((entry) => `${entry.userId} ${entry.action}: ${entry.oldValue} → ${entry.newValue}`)).toEqual([
        'mod quizChannelIds: [] → ["300000000000000001"]',
        'mod tokenGuard: "off" → "warn"',
      ]);
      await reopened.close();
    });

    test('GIVEN a value outside the schema THEN the update is refused and nothing is written', async () => {
      const { store } = await openStore();
      await expect(store.updateGuildSettings(view.guildId, { tokenGuard: 'explode' as 'off' }, at(0), 'mod')).rejects.toThrow();
      expect(await store.leaderboard.recentAudit(view.guildId, 10)).toEqual([]);
      expect((await store.guildSettings(view.guildId)).tokenGuard).toBe('off');
    });
  });

});

describe('statements that read a whole table', () => {
  /** The reminder round may: once a round, over the members who asked for reminders. */
  const sweeps = [/FROM review_reminders r\s+JOIN review_cards c/];

  test('GIVEN every statement the store prepares THEN none reads a whole table, the reminder round aside', async () => {
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    const file = path.join(tempDir(), 'tutor.db');
    const store = SqliteStore.open(file);
    const prepared = prepare.mock.calls.map(([source]) => source);
    prepare.mockRestore();
    const raw = new Database(file, { readonly: true });
    try {
      const queries = [...new Set(prepared)].filter((source) => /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(source));
      expect(queries.length).toBeGreaterThan(50);
      const scanning = queries.flatMap((source) => {
        // A plan does not depend on the values: every parameter is bound to NULL.
        const named = [...new Set([...source.matchAll(/@(\w+)/g)].map((match) => match[1] as string))];
        const explain = raw.prepare(`EXPLAIN QUERY PLAN ${source}`);
        const positional = source.replace(/'[^']*'/g, '').split('?').length - 1;
        const rows = (named.length > 0 ? explain.all(Object.fromEntries(named.map((name) => [name, null]))) : explain.all(...Array<null>(positional).fill(null))) as { detail: string }[];
        const scans = fullScans(rows.map((row) => row.detail));
        return scans.length > 0 && !sweeps.some((sweep) => sweep.test(source.trim())) ? [`${source.replace(/\s+/g, ' ').trim().slice(0, 160)}: ${scans.join(', ')}`] : [];
      });
      expect(scanning).toEqual([]);
    } finally {
      raw.close();
      await store.close();
    }
  });
});

describe('migrations', () => {
  test('GIVEN a new file THEN it is in WAL mode at the newest schema version', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    db.close();
  });

  test('GIVEN a database left by the first release THEN opening it upgrades the schema and keeps the data', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    const old = openDatabase(file, { upToVersion: 1 });
    old
      .prepare('INSERT INTO lesson_progress (guild_id, user_id, lesson_id, first_viewed_at, last_viewed_at, completed_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(view.guildId, view.userId, view.lessonId, at(0).getTime(), at(5).getTime(), at(5).getTime());
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    old.close();

    const store = SqliteStore.open(file);
    expect(await store.lessonProgress(view.guildId, view.userId)).toEqual([
      { lessonId: 'oauth-basics', firstViewedAt: at(0), lastViewedAt: at(5), completedAt: at(5), furthestPage: 0, pagesSeen: [0] },
    ]);
    expect((await store.recordPageView({ ...view, page: 3, at: at(6) })).furthestPage).toBe(3);
    await store.close();
  });

  test('GIVEN a database from a newer release THEN opening it is refused with a clear message', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(file)).toThrow(/schema version 999, newer than this bot knows/);
  });

  test('GIVEN a migration that fails halfway THEN the version is not bumped and no part of it stays', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    const broken = [...migrations, { version: 99, name: 'broken', sql: 'CREATE TABLE half (x); SELECT nonsense FROM nowhere;' }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });
});

describe.each(engines)('cooldowns shared by two processes, on %s', (engine) => {
  async function openStore() {
    const db = await database(engine);
    return { store: await db.open(), reopen: () => db.open() };
  }
  const key = { guildId: '100000000000000001', userId: '200000000000000001', action: 'decode' as const };

  test('GIVEN a cooldown started by one process THEN the other refuses with the same end, until it has passed', async () => {
    const { store: one, reopen } = await openStore();
    const two = await reopen();
    expect(await one.startCooldown(key, at(0), 60)).toEqual({ started: true });
    expect(await two.startCooldown(key, at(0), 60)).toEqual({ started: false, until: at(1) });
    expect(await two.startCooldown({ ...key, action: 'quiz-start' }, at(0), 60)).toEqual({ started: true });
    expect(await two.startCooldown(key, at(1), 60)).toEqual({ started: true });
    expect(await one.startCooldown(key, at(1), 60)).toEqual({ started: false, until: at(2) });
    await one.close();
    await two.close();
  });

  test('GIVEN ended cooldowns THEN housekeeping forgets them, so the table holds only running ones', async () => {
    const { store } = await openStore();
    await store.startCooldown(key, at(0), 60);
    await store.startCooldown({ ...key, userId: '200000000000000002' }, at(0), 600);
    expect(await store.pruneCooldowns(at(5))).toBe(1);
    expect(await store.startCooldown({ ...key, userId: '200000000000000002' }, at(5), 600)).toEqual({ started: false, until: at(10) });
    await store.close();
  });
});
