import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { nameRewriteMs, SqliteBookkeeping } from '../../src/store/sqlite-bookkeeping.js';
import { openDatabase, pagesOf, SqliteStore } from '../../src/store/sqlite.js';
import { useTempDir } from '../support/temp.js';

const run = promisify(execFile);
const tempDir = useTempDir();
const reader = { guildId: 'g1', userId: 'ana' };
const at = (second: number) => new Date(Date.UTC(2026, 10, 29, 12, 0, second));

function twoStores() {
  const file = path.join(tempDir(), 'tutor.db');
  return { file, writer: SqliteStore.open(file, { bookkeepingDelayMs: 3_600_000 }), other: SqliteStore.open(file) };
}

describe('bookkeeping waits for a batch; confirmations do not', () => {
  test('GIVEN page views that complete nothing THEN the reader sees them at once, other processes after the batch', async () => {
    const { writer, other } = twoStores();
    const outcome = await writer.recordPageView({ ...reader, lessonId: 'long-read', page: 3, pageCount: 6, at: at(1) });
    expect(outcome).toMatchObject({ pagesSeen: [3], justCompleted: false, completedAt: null });
    expect(await writer.lessonProgress('g1', 'ana')).toEqual([expect.objectContaining({ lessonId: 'long-read', pagesSeen: [3], furthestPage: 3 })]);
    expect(await other.lessonProgress('g1', 'ana')).toEqual([]);
    await writer.flushBookkeeping();
    expect(await other.lessonProgress('g1', 'ana')).toEqual([expect.objectContaining({ lessonId: 'long-read', pagesSeen: [3], firstViewedAt: at(1) })]);
    await writer.close();
    await other.close();
  });

  test('GIVEN the view that sees the last unseen page THEN the completion is stored before the reply, with the pages still waiting', async () => {
    const { writer, other } = twoStores();
    await writer.recordPageView({ ...reader, lessonId: 'two-pages', page: 0, pageCount: 2, at: at(1) });
    const completing = await writer.recordPageView({ ...reader, lessonId: 'two-pages', page: 1, pageCount: 2, at: at(2) });
    expect(completing).toMatchObject({ justCompleted: true, completedAt: at(2), pagesSeen: [0, 1] });
    expect(await other.lessonProgress('g1', 'ana')).toEqual([expect.objectContaining({ completedAt: at(2), pagesSeen: [0, 1], firstViewedAt: at(1) })]);
    await writer.close();
    await other.close();
  });

  test('GIVEN two processes reading different pages of one lesson THEN the batches merge into one set of pages and complete it', async () => {
    const { writer, other } = twoStores();
    await writer.recordPageView({ ...reader, lessonId: 'two-pages', page: 0, pageCount: 2, at: at(1) });
    await other.recordPageView({ ...reader, lessonId: 'two-pages', page: 1, pageCount: 2, at: at(2) });
    await other.flushBookkeeping();
    await writer.flushBookkeeping();
    expect(await other.lessonProgress('g1', 'ana')).toEqual([expect.objectContaining({ pagesSeen: [0, 1], completedAt: at(1) })]);
    await writer.close();
    await other.close();
  });

  test('GIVEN a clean shutdown THEN the waiting batch is written', async () => {
    const { file, writer, other } = twoStores();
    await writer.recordPageView({ ...reader, lessonId: 'long-read', page: 2, pageCount: 6, at: at(1) });
    writer.noteMember('g1', 'ana', 'Ana', at(1));
    await writer.close();
    const reopened = SqliteStore.open(file);
    expect(await reopened.lessonProgress('g1', 'ana')).toEqual([expect.objectContaining({ pagesSeen: [2] })]);
    await reopened.close();
    await other.close();
  });

  test('GIVEN a process killed between its replies and the next batch THEN what it confirmed is stored and only bookkeeping is lost', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    const setup = SqliteStore.open(file);
    await setup.quizzes.createSession(
      { id: 'session-1', guildId: 'g1', channelId: 'c1', lessonId: 'two-pages', kind: 'practice', mode: 'solo', hostId: 'ana', questionIds: ['q1'], seconds: 0, speedBonus: false, phase: 'question', questionIndex: 0, phaseStartedAt: at(0), deadline: null },
      at(0),
    );
    await setup.close();
    const crashed = await run(process.execPath, ['--import', 'tsx', 'test/support/scripts/crash-before-flush.ts', file, 'session-1']).catch((error: { stdout: string; signal: string }) => error);
    expect(crashed).toMatchObject({ signal: 'SIGKILL', stdout: 'recorded\n' });
    const after = SqliteStore.open(file);
    const progress = await after.lessonProgress('g1', 'ana');
    expect(progress.find((entry) => entry.lessonId === 'two-pages')).toMatchObject({ pagesSeen: [0, 1] });
    expect(progress.find((entry) => entry.completedAt !== null)?.lessonId).toBe('two-pages');
    expect(progress.find((entry) => entry.lessonId === 'long-read')).toBeUndefined();
    expect(await after.quizzes.answersOf('session-1', 'ana')).toHaveLength(1);
    await after.close();
  });
});

describe('what a page view records', () => {
  test.each([
    ['no page', 0, []],
    ['the first page', 1, [0]],
    ['pages 1 and 3', 0b101, [0, 2]],
    ['the last trackable page', 2 ** 51, [51]],
    ['all 52 pages', 2 ** 52 - 1, Array.from({ length: 52 }, (_, page) => page)],
  ])('GIVEN a mask of %s THEN pagesOf lists exactly those pages', (_label, mask, pages) => {
    expect(pagesOf(mask)).toEqual(pages);
  });

  test('GIVEN views just before and just after midnight UTC, and one a day later THEN each is marked on its own UTC day', async () => {
    const { writer, other } = twoStores();
    for (const moment of [Date.UTC(2026, 10, 29, 23, 59, 59, 999), Date.UTC(2026, 10, 30, 0, 0, 0, 0), Date.UTC(2026, 11, 1, 12, 0, 0, 0), Date.UTC(2026, 10, 29, 8)]) {
      await writer.recordPageView({ ...reader, lessonId: 'long-read', page: 1, pageCount: 6, at: new Date(moment) });
    }
    await writer.flushBookkeeping();
    expect(await other.reviews.activeDays('g1', 'ana')).toEqual(['2026-12-01', '2026-11-30', '2026-11-29']);
    await writer.close();
    await other.close();
  });
});

describe('bookkeeping writes a name or an active day once, not on every interaction', () => {
  const minute = 60_000;
  function counted(file = path.join(tempDir(), 'tutor.db')) {
    const db = openDatabase(file);
    const writes = { names: [] as string[], days: [] as string[] };
    let failNext = false;
    const bookkeeping = new SqliteBookkeeping(db, {
      flushDelayMs: 3_600_000,
      onError: () => undefined,
      writeMember: (member) => {
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        writes.names.push(member.name);
      },
      writeActiveDay: (_guildId, _userId, day) => writes.days.push(day),
    });
    return { bookkeeping, writes, failOnce: () => (failNext = true), close: () => db.close() };
  }
  const ana = (name: string, atMs: number) => ({ guildId: 'g1', userId: 'ana', name, at: atMs });

  test('GIVEN a name written in one batch THEN the same name again queues nothing, and a new name is written', () => {
    const { bookkeeping, writes, close } = counted();
    bookkeeping.addMember(ana('Ana', 0));
    bookkeeping.flush();
    bookkeeping.addMember(ana('Ana', minute));
    expect(bookkeeping.pending).toBe(0);
    bookkeeping.flush();
    bookkeeping.addMember(ana('Ana B.', 2 * minute));
    bookkeeping.flush();
    expect(writes.names).toEqual(['Ana', 'Ana B.']);
    close();
  });

  test.each([
    ['a moment later', minute, 1],
    ['just before the rewrite time', nameRewriteMs - 1, 1],
    ['at the rewrite time', nameRewriteMs, 2],
  ])('GIVEN an unchanged name seen again %s THEN it is written %i time(s) in all', (_label, later, times) => {
    const { bookkeeping, writes, close } = counted();
    bookkeeping.addMember(ana('Ana', 0));
    bookkeeping.flush();
    bookkeeping.addMember(ana('Ana', later));
    bookkeeping.flush();
    expect(writes.names).toHaveLength(times);
    close();
  });

  test('GIVEN a name queued over a different waiting name THEN the last one is written, even if it was written before', () => {
    const { bookkeeping, writes, close } = counted();
    bookkeeping.addMember(ana('Ana', 0));
    bookkeeping.flush();
    bookkeeping.addMember(ana('Anna', minute));
    bookkeeping.addMember(ana('Ana', 2 * minute));
    bookkeeping.flush();
    expect(writes.names).toEqual(['Ana', 'Ana']);
    close();
  });

  test('GIVEN a batch that failed and was dropped THEN the same name is queued and written again', () => {
    const { bookkeeping, writes, failOnce, close } = counted();
    bookkeeping.addMember(ana('Ana', 0));
    bookkeeping.flush();
    bookkeeping.addMember(ana('Ana B.', minute));
    failOnce();
    bookkeeping.flush();
    expect(bookkeeping.pending).toBe(0);
    bookkeeping.addMember(ana('Ana B.', 2 * minute));
    expect(bookkeeping.pending).toBe(1);
    bookkeeping.flush();
    expect(writes.names).toEqual(['Ana', 'Ana B.']);
    close();
  });

  test('GIVEN a day already marked THEN it is not queued again; the next day is', () => {
    const { bookkeeping, writes, close } = counted();
    bookkeeping.addActiveDay('g1', 'ana', '2026-11-29');
    bookkeeping.flush();
    bookkeeping.addActiveDay('g1', 'ana', '2026-11-29');
    expect(bookkeeping.pending).toBe(0);
    bookkeeping.addActiveDay('g1', 'ana', '2026-11-30');
    bookkeeping.flush();
    expect(writes.days).toEqual(['2026-11-29', '2026-11-30']);
    close();
  });

  test('GIVEN a member found gone since their name was written THEN their next interaction marks them back at once', async () => {
    const file = path.join(tempDir(), 'tutor.db');
    const store = SqliteStore.open(file, { bookkeepingDelayMs: 3_600_000 });
    store.noteMember('g1', 'ana', 'Ana', at(1));
    await store.flushBookkeeping();
    await store.leaderboard.markPresence('g1', 'ana', false, at(2));
    store.noteMember('g1', 'ana', 'Ana', at(3));
    await store.flushBookkeeping();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT display_name, left_at FROM members WHERE guild_id = ? AND user_id = ?').get('g1', 'ana')).toEqual({ display_name: 'Ana', left_at: null });
    raw.close();
    await store.close();
  });
});
