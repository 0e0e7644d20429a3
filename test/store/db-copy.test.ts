import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import type { NewQuizSession } from '../../src/store/quiz-store.js';
import { copySqliteToPostgres } from '../../src/store/copy.js';
import type { Store } from '../../src/store/store.js';
import { useTestDatabases } from '../support/engines.js';

const database = useTestDatabases();
const run = promisify(execFile);
const guildId = '100000000000000001';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 12, minute));

/** A little of everything a server leaves: settings and their audit, reading, a finished quiz, a season, a deck, claims. */
async function seed(store: Store) {
  await store.updateGuildSettings(guildId, { quizSeconds: 45, tokenGuard: 'warn' }, at(0), 'mod');
  for (let page = 0; page < 3; page += 1) await store.recordPageView({ guildId, userId: 'ana', lessonId: 'oauth-basics', page, pageCount: 3, at: at(page) });
  await store.recordPageView({ guildId, userId: 'bob', lessonId: 'jwt-basics', page: 1, pageCount: 4, at: at(3) });
  await store.flushBookkeeping();
  await store.leaderboard.startSeason(guildId, 'mod', at(4));
  const quiz: NewQuizSession = {
    id: 'quiz-1', guildId, channelId: '300000000000000001', lessonId: 'oauth-basics', kind: 'live', mode: 'ffa', hostId: 'ana',
    questionIds: ['q1', 'q2'], seconds: 30, speedBonus: true, phase: 'question', questionIndex: 0, phaseStartedAt: at(5), deadline: at(6),
  };
  await store.quizzes.createSession(quiz, at(5));
  await store.quizzes.advance('quiz-1', { phase: 'posting', questionIndex: 0 }, { phase: 'question', questionIndex: 0, at: at(5), deadline: at(6), questionMessageId: 'm1' });
  for (const [userId, points] of [['ana', 900], ['bob', 400], ['cy', 0]] as const) {
    await store.leaderboard.seeMember(guildId, userId, userId.toUpperCase(), at(5));
    await store.quizzes.recordAnswer(
      { sessionId: 'quiz-1', questionIndex: 0, userId, displayName: userId, response: { type: 'truefalse', value: points > 0 }, at: at(5) },
      () => ({ credit: points > 0 ? 1 : 0, correct: points > 0, points, elapsedMs: 1000, streakAfter: points > 0 ? 1 : 0 }),
    );
  }
  const entries = (await store.quizzes.players('quiz-1')).map((player) => ({ userId: player.userId, points: player.points, correct: player.correct, questions: 2, bestStreak: player.bestStreak, won: player.userId === 'ana' }));
  await store.quizzes.finish('quiz-1', { phase: 'question', questionIndex: 0 }, entries, at(7), 'security');
  await store.reviews.addCards(guildId, 'ana', [{ cardKey: 'r:oauth-basics:parties', lessonId: 'oauth-basics' }], at(8));
  await store.reviews.setReminders(guildId, 'ana', true);
  await store.claimInteraction('1300000000000000001', at(9));
  await store.startCooldown({ guildId, userId: 'ana', action: 'decode' }, at(9), 600);
}

/** What members and moderators would see, read through the store. */
async function views(store: Store) {
  const all = { guildId, range: { from: null, to: null } };
  return {
    settings: await store.guildSettings(guildId),
    audit: await store.leaderboard.recentAudit(guildId, 10),
    progress: await store.lessonProgress(guildId, 'ana'),
    started: (await store.lessonsStarted(guildId)).sort((a, b) => a.lessonId.localeCompare(b.lessonId)),
    board: await store.leaderboard.board(all, 10, 0),
    season: await store.leaderboard.currentSeason(guildId),
    stats: await store.leaderboard.memberStats(guildId, 'ana'),
    session: await store.quizzes.session('quiz-1'),
    answers: await store.quizzes.answers('quiz-1'),
    entry: await store.quizzes.scoreEntry('quiz-1', 'ana'),
    deck: await store.reviews.summary(guildId, 'ana', at(10)),
    reminders: await store.reviews.remindersEnabled(guildId, 'ana'),
    cooldown: await store.startCooldown({ guildId, userId: 'ana', action: 'decode' }, at(10), 600),
  };
}

describe('copying a SQLite database into Postgres', () => {
  test('GIVEN a database a server has used THEN every table is copied with its ids, and the store reads the same on Postgres', async () => {
    const sqlite = await database('sqlite');
    const postgres = await database('postgres');
    const source = await sqlite.open();
    await seed(source);
    const expected = await views(source);
    await source.close();

    const report = await copySqliteToPostgres(sqlite.location, postgres.location);
    for (const { table, rows } of report.tables) {
      expect((await postgres.all<{ count: number }>(`SELECT COUNT(*) AS count FROM ${table}`))[0]?.count, table).toBe(rows);
      expect(rows, table).toBe((await sqlite.all<{ count: number }>(`SELECT COUNT(*) AS count FROM ${table}`))[0]?.count);
    }
    expect(report.tables.map((table) => table.table)).toEqual(expect.arrayContaining(['quiz_sessions', 'scored_answers', 'board_totals', 'settings_audit', 'interaction_claims']));
    expect(await postgres.all('SELECT id, action FROM settings_audit ORDER BY id')).toEqual(await sqlite.all('SELECT id, action FROM settings_audit ORDER BY id'));

    const target = await postgres.open();
    try {
      expect(await views(target)).toEqual(expected);
      // The copy's triggers are back on, and ids carry on after the copied ones.
      expect(await target.claimInteraction('1300000000000000001', at(11))).toBe(false);
      await target.updateGuildSettings(guildId, { quizSeconds: 60 }, at(12), 'mod');
      const ids = (await postgres.all<{ id: number }>('SELECT id FROM settings_audit ORDER BY id')).map((entry) => entry.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await target.close();
    }
  });

  test('GIVEN a target that already holds rows THEN the copy is refused and nothing changes, unless told to replace them', async () => {
    const sqlite = await database('sqlite');
    const postgres = await database('postgres');
    const source = await sqlite.open();
    await seed(source);
    await source.close();
    const target = await postgres.open();
    await target.updateGuildSettings('100000000000000009', { quizSeconds: 20 }, at(0), 'someone');
    await target.close();

    await expect(copySqliteToPostgres(sqlite.location, postgres.location)).rejects.toThrow(/already holds rows \(guild_settings: 1, settings_audit: 1\).*--replace/);
    expect(await postgres.all('SELECT guild_id FROM guild_settings')).toEqual([{ guild_id: '100000000000000009' }]);

    await copySqliteToPostgres(sqlite.location, postgres.location, { replace: true });
    expect(await postgres.all('SELECT guild_id FROM guild_settings')).toEqual([{ guild_id: guildId }]);
    expect(await postgres.all('SELECT COUNT(*) AS count FROM scored_answers')).toEqual([{ count: 3 }]);
  });

  test('GIVEN npm run db:copy into a non-empty target THEN it says why in one line, keeps the URL out of it, and exits 1', async () => {
    const sqlite = await database('sqlite');
    const postgres = await database('postgres');
    const source = await sqlite.open();
    await seed(source);
    await source.close();
    await copySqliteToPostgres(sqlite.location, postgres.location);
    const attempt = run(process.execPath, ['--import', 'tsx', 'src/cli/db-copy.ts', '--from', sqlite.location, '--to', postgres.location]);
    const failure = (await attempt.then(() => undefined, (error: unknown) => error)) as { code: number; stderr: string } | undefined;
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split('\n')).toHaveLength(1);
    expect(failure?.stderr).toContain('Pass --replace to empty it first');
    expect(failure?.stderr).not.toContain(postgres.location);
  });
});
