import type Database from 'better-sqlite3';
import { sqliteQuestionId, totalsOfEndedQuizzes } from '../../store/migrations/015-question-misses-by-server.js';
import { SqliteStore } from '../../store/sqlite.js';
import { seededCopy } from './seeded-database.js';
import { medianTime } from './stats.js';

const guildId = '100000000000000001';
const answersPerQuiz = 20;

/** Readers of the server's lessons: each opened ten lessons (completing half) and was active on 30 days. */
const readers = 20_000;
const lessonsOpened = 10;
const activeDays = 30;

/**
 * The reads of /progress on a server that has run `answers / 20` quizzes of 20 answers from
 * `members` members (and a tenth as many in another server), and where 20,000 members read
 * lessons: a member's quiz accuracy, and the moderators' server view (learners, lessons started
 * and completed, most-missed questions). Each timed `repeats` times.
 */
export async function progressReads(answers: number, members: number, repeats: number) {
  const { file, remove } = await seededCopy(`progress-${answers}-${members}`, async (_store, db) => seed(db, answers, members));
  const store = SqliteStore.open(file);
  try {
    const time = (work: () => Promise<unknown>) => medianTime(work, repeats);
    // The keenest member (in about a third of the quizzes), and one in the middle of the pack.
    const keenMs = await time(() => store.leaderboard.quizAccuracy(guildId, 'user-0'));
    const typicalMs = await time(() => store.leaderboard.quizAccuracy(guildId, `user-${Math.floor(members / 2)}`));
    const serverMs = await time(() => Promise.all([store.leaderboard.serverProgress(guildId, '2026-11-01'), store.lessonsStarted(guildId)]));
    return { quizzes: Math.ceil(answers / answersPerQuiz), readers, lessonsOpened, activeDays, keenMs, typicalMs, serverMs };
  } finally {
    await store.close();
    remove();
  }
}

/** Rows as the bot leaves them (answers, player rows, question tallies, the server's totals), written in large transactions. */
function seed(db: Database.Database, answers: number, members: number): void {
  const session = db.prepare(`INSERT INTO quiz_sessions (id, guild_id, channel_id, lesson_id, kind, mode, host_id, question_ids, seconds, speed_bonus,
    phase, question_index, phase_started_at, deadline, created_at) VALUES (?, ?, 'channel', ?, 'live', 'ffa', 'host', ?, 20, 1, 'finished', 4, ?, NULL, ?)`);
  const answer = db.prepare(`INSERT INTO quiz_answers (session_id, question_index, question_id, user_id, response, credit, correct, points, elapsed_ms, answered_at)
    VALUES (?, ?, ?, ?, '{"type":"single","choice":1}', ?, ?, ?, 4000, ?)`);
  let state = 54321;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
  const start = Date.UTC(2025, 10, 28);
  const seedChunk = db.transaction((from: number) => {
    for (let quiz = from; quiz < Math.min(answers / answersPerQuiz, from + 500); quiz += 1) {
      const id = `quiz-${quiz}`;
      const questions = Array.from({ length: 5 }, (_, index) => `q${(quiz + index) % 12}`);
      const at = start + quiz * 600_000;
      session.run(id, quiz % 11 === 10 ? 'another-server' : guildId, `lesson-${quiz % 40}`, JSON.stringify(questions), at, at);
      const taken = new Set<string>();
      for (let index = 0; index < answersPerQuiz; index += 1) {
        const question = index % questions.length;
        // A skewed pick, as on a real server; one answer per member and question.
        let member = `user-${Math.floor(members * random() ** 2)}`;
        while (taken.has(`${question}:${member}`)) member = `user-${Math.floor(members * random())}`;
        taken.add(`${question}:${member}`);
        const correct = random() < 0.7 ? 1 : 0;
        answer.run(id, question, questions[question], member, correct, correct, correct * 700, at + index * 1000);
      }
    }
  });
  for (let from = 0; from < answers / answersPerQuiz; from += 500) seedChunk(from);
  db.exec(`INSERT INTO quiz_players (session_id, user_id, display_name, team, joined_at, points, correct, answered)
    SELECT session_id, user_id, user_id, NULL, MIN(answered_at), SUM(points), SUM(correct), COUNT(*) FROM quiz_answers GROUP BY session_id, user_id`);
  db.exec(`INSERT INTO quiz_question_tallies (session_id, question_index, answered, wrong)
    SELECT session_id, question_index, COUNT(*), SUM(correct = 0) FROM quiz_answers GROUP BY session_id, question_index`);
  db.exec(totalsOfEndedQuizzes(sqliteQuestionId));
  seedReaders(db);
}

/** Lesson progress and active days of the server's readers, as page views leave them (the lesson counts by their triggers). */
function seedReaders(db: Database.Database): void {
  const progress = db.prepare(`INSERT INTO lesson_progress (guild_id, user_id, lesson_id, first_viewed_at, last_viewed_at, completed_at, furthest_page, pages_seen)
    VALUES (?, ?, ?, 0, 0, ?, 0, 1)`);
  const active = db.prepare('INSERT INTO active_days (guild_id, user_id, day) VALUES (?, ?, ?)');
  const seedChunk = db.transaction((from: number) => {
    for (let reader = from; reader < Math.min(readers, from + 1_000); reader += 1) {
      const userId = `reader-${reader}`;
      for (let index = 0; index < lessonsOpened; index += 1) progress.run(guildId, userId, `lesson-${(reader + index * 7) % 200}`, index % 2 === 0 ? 1 : null);
      for (let day = 0; day < activeDays; day += 1) active.run(guildId, userId, new Date(Date.UTC(2026, 10, 1 + day)).toISOString().slice(0, 10));
    }
  });
  for (let from = 0; from < readers; from += 1_000) seedChunk(from);
}
