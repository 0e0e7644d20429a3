import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { pagesOf, SqliteStore } from '../../src/store/sqlite.js';
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
