import { SqliteStore } from '../../../src/store/sqlite.js';

/**
 * A process that records what a member's replies would confirm (a lesson completion, an
 * answer) and some bookkeeping (a page reached, a name), then dies by SIGKILL before the
 * bookkeeping batch is due: what it confirmed must be stored, the rest may be lost.
 */
const [file, sessionId] = process.argv.slice(2) as [string, string];
const store = SqliteStore.open(file, { bookkeepingDelayMs: 3_600_000 });
const reader = { guildId: 'g1', userId: 'ana' };
await store.recordPageView({ ...reader, lessonId: 'two-pages', page: 0, pageCount: 2, at: new Date() });
await store.recordPageView({ ...reader, lessonId: 'two-pages', page: 1, pageCount: 2, at: new Date() });
await store.recordPageView({ ...reader, lessonId: 'long-read', page: 2, pageCount: 6, at: new Date() });
store.noteMember('g1', 'ana', 'Ana', new Date());
const answered = await store.quizzes.recordAnswer(
  { sessionId, questionIndex: 0, userId: 'ana', displayName: 'Ana', response: { type: 'truefalse', value: true }, at: new Date() },
  () => ({ credit: 1, correct: true, points: 100, elapsedMs: 10, streakAfter: 1 }),
);
console.log(answered.status);
process.kill(process.pid, 'SIGKILL');
