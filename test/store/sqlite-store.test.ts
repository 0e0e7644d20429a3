import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { migrations } from '../../src/store/migrations/index.js';
import { openDatabase, SqliteStore } from '../../src/store/sqlite.js';
import { useTempDir } from '../support/temp.js';

const tempDir = useTempDir();
const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 12, minute));
const view = { guildId: '100000000000000001', userId: '200000000000000001', lessonId: 'oauth-basics', pageCount: 6 };

function openStore(file = path.join(tempDir(), 'nested', 'tutor.db')) {
  return { store: SqliteStore.open(file), file };
}

describe('lesson progress on a real database file', () => {
  test('GIVEN a first page view THEN the lesson is started, not completed', () => {
    const { store } = openStore();
    const progress = store.recordPageView({ ...view, page: 0, at: at(0) });
    expect(progress).toEqual({ lessonId: 'oauth-basics', firstViewedAt: at(0), lastViewedAt: at(0), completedAt: null, furthestPage: 0, pagesSeen: [0], justCompleted: false });
    store.close();
  });

  test('GIVEN every page read in order THEN the last one completes the lesson, and going back keeps it completed', () => {
    const { store } = openStore();
    for (let page = 0; page < 5; page += 1) store.recordPageView({ ...view, page, at: at(page) });
    expect(store.recordPageView({ ...view, page: 5, at: at(5) })).toMatchObject({ completedAt: at(5), justCompleted: true });
    const back = store.recordPageView({ ...view, page: 1, at: at(6) });
    expect(back).toMatchObject({ firstViewedAt: at(0), lastViewedAt: at(6), completedAt: at(5), furthestPage: 5, justCompleted: false });
  });

  test('GIVEN a completed lesson read again THEN the completion time is the first one', () => {
    const { store } = openStore();
    const short = { ...view, pageCount: 1 };
    store.recordPageView({ ...short, page: 0, at: at(1) });
    expect(store.recordPageView({ ...short, page: 0, at: at(9) }).completedAt).toEqual(at(1));
  });

  test('GIVEN progress in two servers THEN each server sees only its own', () => {
    const { store } = openStore();
    store.recordPageView({ ...view, pageCount: 1, page: 0, at: at(1) });
    store.recordPageView({ ...view, guildId: '100000000000000002', page: 0, at: at(2) });
    expect(store.lessonProgress(view.guildId, view.userId).map((entry) => entry.completedAt)).toEqual([at(1)]);
    expect(store.lessonProgress('100000000000000002', view.userId).map((entry) => entry.completedAt)).toEqual([null]);
    expect(store.lessonProgress(view.guildId, '200000000000000009')).toEqual([]);
  });

  test('GIVEN the store is closed and opened again THEN progress is still there', () => {
    const { store, file } = openStore();
    store.recordPageView({ ...view, page: 2, at: at(1) });
    store.close();
    const reopened = SqliteStore.open(file);
    expect(reopened.lessonProgress(view.guildId, view.userId)).toHaveLength(1);
    reopened.close();
  });
});

describe('guild settings', () => {
  test('GIVEN settings read again and again THEN they are parsed once, and a change by another process is seen at once', () => {
    const { store, file } = openStore();
    const first = store.guildSettings(view.guildId);
    expect(store.guildSettings(view.guildId)).toBe(first);
    const other = SqliteStore.open(file);
    try {
      other.updateGuildSettings(view.guildId, { quizSeconds: 45 }, at(1), 'mod');
      expect(store.guildSettings(view.guildId).quizSeconds).toBe(45);
      store.updateGuildSettings(view.guildId, { quizSeconds: 20 }, at(1), 'mod');
      expect(store.guildSettings(view.guildId).quizSeconds).toBe(20);
      expect(other.guildSettings(view.guildId).quizSeconds).toBe(20);
    } finally {
      other.close();
    }
  });

  test('GIVEN a server never configured THEN it gets the defaults', () => {
    const { store } = openStore();
    expect(store.guildSettings(view.guildId)).toEqual({
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

  test('GIVEN a change THEN only that setting changes, only in that server, and it survives reopening', () => {
    const { store, file } = openStore();
    store.updateGuildSettings(view.guildId, { tokenGuard: 'warn' }, at(0), 'mod');
    store.updateGuildSettings(view.guildId, { quizChannelIds: ['300000000000000001'] }, at(1), 'mod');
    store.close();
    const reopened = SqliteStore.open(file);
    expect(reopened.guildSettings(view.guildId)).toMatchObject({ tokenGuard: 'warn', quizChannelIds: ['300000000000000001'] });
    expect(reopened.guildSettings('100000000000000002').tokenGuard).toBe('off');
    expect(reopened.leaderboard.recentAudit(view.guildId, 10).map((entry) => `${entry.userId} ${entry.action}: ${entry.oldValue} → ${entry.newValue}`)).toEqual([
      'mod quizChannelIds: [] → ["300000000000000001"]',
      'mod tokenGuard: "off" → "warn"',
    ]);
    reopened.close();
  });

  test('GIVEN a value outside the schema THEN the update is refused and nothing is written', () => {
    const { store } = openStore();
    expect(() => store.updateGuildSettings(view.guildId, { tokenGuard: 'explode' as 'off' }, at(0), 'mod')).toThrow();
    expect(store.leaderboard.recentAudit(view.guildId, 10)).toEqual([]);
    expect(store.guildSettings(view.guildId).tokenGuard).toBe('off');
  });
});

describe('migrations', () => {
  test('GIVEN a new file THEN it is in WAL mode at the newest schema version', () => {
    const file = path.join(tempDir(), 'tutor.db');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    db.close();
  });

  test('GIVEN a database left by the first release THEN opening it upgrades the schema and keeps the data', () => {
    const file = path.join(tempDir(), 'tutor.db');
    const old = openDatabase(file, { upToVersion: 1 });
    old
      .prepare('INSERT INTO lesson_progress (guild_id, user_id, lesson_id, first_viewed_at, last_viewed_at, completed_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(view.guildId, view.userId, view.lessonId, at(0).getTime(), at(5).getTime(), at(5).getTime());
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    old.close();

    const store = SqliteStore.open(file);
    expect(store.lessonProgress(view.guildId, view.userId)).toEqual([
      { lessonId: 'oauth-basics', firstViewedAt: at(0), lastViewedAt: at(5), completedAt: at(5), furthestPage: 0, pagesSeen: [0] },
    ]);
    expect(store.recordPageView({ ...view, page: 3, at: at(6) }).furthestPage).toBe(3);
    store.close();
  });

  test('GIVEN a database from a newer release THEN opening it is refused with a clear message', () => {
    const file = path.join(tempDir(), 'tutor.db');
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(file)).toThrow(/schema version 999, newer than this bot knows/);
  });

  test('GIVEN a migration that fails halfway THEN the version is not bumped and no part of it stays', () => {
    const file = path.join(tempDir(), 'tutor.db');
    const broken = [...migrations, { version: 99, name: 'broken', sql: 'CREATE TABLE half (x); SELECT nonsense FROM nowhere;' }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });
});

describe('cooldowns shared by two processes', () => {
  const key = { guildId: '100000000000000001', userId: '200000000000000001', action: 'decode' as const };

  test('GIVEN a cooldown started by one process THEN the other refuses with the same end, until it has passed', () => {
    const { store: one, file } = openStore();
    const two = SqliteStore.open(file);
    expect(one.startCooldown(key, at(0), 60)).toEqual({ started: true });
    expect(two.startCooldown(key, at(0), 60)).toEqual({ started: false, until: at(1) });
    expect(two.startCooldown({ ...key, action: 'quiz-start' }, at(0), 60)).toEqual({ started: true });
    expect(two.startCooldown(key, at(1), 60)).toEqual({ started: true });
    expect(one.startCooldown(key, at(1), 60)).toEqual({ started: false, until: at(2) });
    one.close();
    two.close();
  });

  test('GIVEN ended cooldowns THEN housekeeping forgets them, so the table holds only running ones', () => {
    const { store } = openStore();
    store.startCooldown(key, at(0), 60);
    store.startCooldown({ ...key, userId: '200000000000000002' }, at(0), 600);
    expect(store.pruneCooldowns(at(5))).toBe(1);
    expect(store.startCooldown({ ...key, userId: '200000000000000002' }, at(5), 600)).toEqual({ started: false, until: at(10) });
    store.close();
  });
});
