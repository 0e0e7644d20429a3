import path from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { reminderPace, ReminderRounds, type ReminderTransport } from '../../src/discord/reminder-rounds.js';
import { createLogger } from '../../src/log.js';
import { openDatabase, SqliteStore } from '../../src/store/sqlite.js';
import { useTempDir } from '../support/temp.js';
import { VirtualClock } from '../support/virtual-clock.js';

const tempDir = useTempDir();
const now = new Date('2026-11-29T08:00:00Z');
const guildId = '100000000000000001';
const member = (index: number) => String(200000000000000000n + BigInt(index));
const fifteenMinutes = 15 * 60_000;

/** Records each request at the virtual time it was made, as Discord would count it. */
function recordingTransport(clock: VirtualClock) {
  const requests: { at: number; kind: 'open' | 'post'; id: string }[] = [];
  const transport: ReminderTransport = {
    openDirectMessage: async (userId) => {
      requests.push({ at: clock.now(), kind: 'open', id: userId });
      return `dm-${userId}`;
    },
    post: async (channelId) => {
      requests.push({ at: clock.now(), kind: 'post', id: channelId.slice(3) });
    },
    guildName: () => 'Test server',
  };
  return { transport, requests };
}

function storeWithMembersDue(count: number, options: { busyTimeoutMs?: number } = {}) {
  const file = path.join(tempDir(), 'tutor.db');
  const db = openDatabase(file);
  if (options.busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  const store = new SqliteStore(db);
  // SQLite's store runs each call at once (its promise is already settled), so they all join this one transaction.
  db.transaction(() => {
    for (let index = 0; index < count; index += 1) {
      void store.reviews.setReminders(guildId, member(index), true);
      void store.reviews.addCards(guildId, member(index), [{ cardKey: 'r:oauth-basics:parties', lessonId: 'oauth-basics' }], new Date(now.getTime() - 86_400_000));
    }
  })();
  return { store, file };
}

function capturedLog() {
  let text = '';
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { log: createLogger({ level: 'debug', secrets: [], destination: stream }), text: () => text };
}

/** The most requests any one-second window holds. */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let busiest = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= 1000) start += 1;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}

describe('review reminder rounds', () => {
  test('GIVEN 10,000 members due THEN no second holds more than the reminders\' share of Discord\'s global limit, and each member gets one DM', async () => {
    const { store } = storeWithMembersDue(10_000);
    const clock = new VirtualClock();
    const { transport, requests } = recordingTransport(clock);
    const rounds = new ReminderRounds(transport, { store, log: capturedLog().log, now: () => now, intervalMs: fifteenMinutes, clock });

    const first = await rounds.tick();
    clock.advance(fifteenMinutes);
    const second = await rounds.tick();

    // 20,000 requests at 20 a second need more than one 15-minute tick: the second carries on.
    expect(first).toMatchObject({ status: 'done', left: expect.any(Number) });
    expect(first.status === 'done' && first.left).toBeGreaterThan(0);
    expect(second).toMatchObject({ status: 'done', left: 0 });
    expect(busiestSecond(requests.map((request) => request.at))).toBeLessThanOrEqual(reminderPace.requestsPerSecond);
    expect(reminderPace.requestsPerSecond).toBeLessThan(reminderPace.discordGlobalRequestsPerSecond / 2);
    const posts = requests.filter((request) => request.kind === 'post').map((request) => request.id);
    expect(posts).toHaveLength(10_000);
    expect(new Set(posts).size).toBe(10_000);
    await store.close();
  });

  test('GIVEN a tick that runs out of time THEN the next one reaches only the members not yet marked', async () => {
    const { store } = storeWithMembersDue(100);
    const clock = new VirtualClock();
    const { transport, requests } = recordingTransport(clock);
    // 4 s of a 5 s interval at 20 requests a second: about 40 reminders a tick.
    const rounds = new ReminderRounds(transport, { store, log: capturedLog().log, now: () => now, intervalMs: 5_000, clock });
    const outcomes = [];
    for (let tick = 0; tick < 5; tick += 1) {
      outcomes.push(await rounds.tick());
      clock.advance(5_000);
    }
    const sentPerTick = outcomes.map((outcome) => (outcome.status === 'done' ? outcome.sent : -1));
    expect(sentPerTick.slice(0, 2).every((sent) => sent >= 39 && sent <= 41)).toBe(true);
    expect(sentPerTick.reduce((sum, sent) => sum + sent, 0)).toBe(100);
    expect(outcomes.at(-1)).toEqual({ status: 'done', sent: 0, left: 0 });
    const posts = requests.filter((request) => request.kind === 'post').map((request) => request.id);
    expect(new Set(posts).size).toBe(100);
    expect(posts).toHaveLength(100);
    await store.close();
  });

  test('GIVEN the database is busy (SQLITE_BUSY) during a tick THEN the error is logged, nothing throws, and the next tick sends', async () => {
    const { store, file } = storeWithMembersDue(5, { busyTimeoutMs: 0 });
    const clock = new VirtualClock();
    const { transport, requests } = recordingTransport(clock);
    const { log, text } = capturedLog();
    const rounds = new ReminderRounds(transport, { store, log, now: () => now, intervalMs: fifteenMinutes, clock });
    const otherProcess = new Database(file);
    otherProcess.exec('BEGIN IMMEDIATE');
    otherProcess.prepare('UPDATE review_reminders SET enabled = enabled').run();

    await expect(rounds.tick()).resolves.toEqual({ status: 'failed' });
    expect(text()).toContain('SQLITE_BUSY');
    expect(text()).toContain('tick failed');
    expect(requests).toEqual([]);

    otherProcess.exec('ROLLBACK');
    otherProcess.close();
    expect(await rounds.tick()).toEqual({ status: 'done', sent: 5, left: 0 });
    await store.close();
  });

  test('GIVEN Discord fails for one member THEN the others still get theirs and the failure is logged', async () => {
    const { store } = storeWithMembersDue(3);
    const clock = new VirtualClock();
    const { transport, requests } = recordingTransport(clock);
    const { log, text } = capturedLog();
    const failing: ReminderTransport = {
      ...transport,
      openDirectMessage: (userId) => (userId === member(1) ? Promise.reject(new Error('Discord is having a bad day')) : transport.openDirectMessage(userId)),
    };
    const rounds = new ReminderRounds(failing, { store, log, now: () => now, intervalMs: fifteenMinutes, clock });
    expect(await rounds.tick()).toEqual({ status: 'done', sent: 2, left: 0 });
    expect(requests.filter((request) => request.kind === 'post').map((request) => request.id)).toEqual([member(0), member(2)]);
    expect(text()).toContain('Discord is having a bad day');
    // Marked before the send: a member is never sent a second reminder the same day, even after a failure.
    expect(await rounds.tick()).toEqual({ status: 'done', sent: 0, left: 0 });
    await store.close();
  });
});
