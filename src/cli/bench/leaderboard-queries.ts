import type Database from 'better-sqlite3';
import { periodRange, type Period } from '../../leaderboard/periods.js';
import type { BoardQuery } from '../../store/leaderboard-store.js';
import { SqliteStore } from '../../store/sqlite.js';
import { seededCopy } from './seeded-database.js';
import { medianTime } from './stats.js';

const tracks = ['security', 'networking', 'databases', 'observability', 'apis', 'javascript-runtime', 'web-performance', 'distributed-systems'];

/**
 * One server with `rows` scored answers from `members` members over the past year (a season
 * started 200 days ago and reset 150 days ago), then the leaderboard queries /leaderboard and
 * /rank make, each timed `repeats` times.
 */
export async function leaderboardQueries(rows: number, members: number, repeats: number) {
  const { file, seededFrom, seedMs, remove } = await seededCopy(`board-${rows}-${members}`, (store, db) => seed(store, db, rows, members));
  const store = SqliteStore.open(file);
  try {
    const time = (work: () => Promise<unknown>) => medianTime(work, repeats);
    const seasonStart = await store.leaderboard.seasonBoardStart(guildId);
    const query = (period: Period, track?: string): BoardQuery => ({ guildId, range: periodRange(period, now, seasonStart), track });
    const figures: { label: string; top10: number; rank: number }[] = [];
    for (const period of ['all', 'season', 'month', 'week'] as const) {
      figures.push({
        label: period,
        top10: await time(() => store.leaderboard.board(query(period), 10, 0)),
        rank: await time(() => store.leaderboard.rankOf(query(period), `user-${Math.floor(members / 2)}`)),
      });
    }
    figures.push({
      label: 'all, one page',
      top10: await time(() => store.leaderboard.boardPage(query('all'), 10, 0, `user-${Math.floor(members / 2)}`)),
      rank: Number.NaN,
    });
    figures.push({
      label: 'all, one track',
      top10: await time(() => store.leaderboard.board(query('all', 'security'), 10, 0)),
      rank: await time(() => store.leaderboard.rankOf(query('all', 'security'), `user-${Math.floor(members / 2)}`)),
    });
    return { seedMs, seededFrom, figures };
  } finally {
    await store.close();
    remove();
  }
}

const guildId = '100000000000000001';
const now = new Date('2026-11-28T12:00:00Z');
const yearMs = 365 * 24 * 3600 * 1000;

/**
 * Raw answers in large transactions, then the roll-ups summed once from them (as the migration
 * that introduced them does), rather than one scoring transaction per quiz: minutes saved.
 */
async function seed(store: SqliteStore, db: Database.Database, rows: number, members: number): Promise<void> {
  const insert = db.prepare(`INSERT INTO scored_answers (session_id, question_index, user_id, guild_id, lesson_id, question_id, track, season, kind, points, correct, answered_at)
    VALUES (?, ?, ?, ?, 'lesson', ?, ?, 1, 'live', ?, ?, ?)`);
  let state = 12345;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
  // Answers arrive in time order, as quizzes finish; sessions of 20 answers, committed 10,000 at a time.
  const times = Array.from({ length: rows }, () => now.getTime() - Math.floor(random() * yearMs)).sort((a, b) => a - b);
  const seedChunk = db.transaction((from: number) => {
    for (let index = from; index < Math.min(rows, from + 10_000); index += 1) {
      // Members are not equally keen: a skewed pick, as on a real server.
      const member = Math.floor(members * random() ** 2);
      const correct = random() < 0.7 ? 1 : 0;
      insert.run(`s${Math.floor(index / 20)}`, index % 20, `user-${member}`, guildId, `q${index % 300}`, tracks[index % tracks.length], correct ? 500 + Math.floor(random() * 500) : 0, correct, times[index]);
    }
  });
  for (let from = 0; from < rows; from += 10_000) seedChunk(from);
  for (let member = 0; member < members; member += 1) await store.leaderboard.seeMember(guildId, `user-${member}`, `Member ${member}`, now);
  // A season that started 200 days ago and was reset 150 days ago: its board holds the last 150 days.
  const dayMs = 24 * 3600 * 1000;
  await store.leaderboard.startSeason(guildId, 'bench', new Date(now.getTime() - 200 * dayMs));
  await store.leaderboard.resetSeason(guildId, 'bench', new Date(now.getTime() - 150 * dayMs));
  store.rebuildLeaderboardTotals();
}
