import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrations } from '../../store/migrations/index.js';
import { SqliteStore } from '../../store/sqlite.js';
import { median } from './stats.js';

const cacheRoot = path.join(tmpdir(), 'tutor-bench-cache');
const guildId = '100000000000000001';
const answersPerQuiz = 20;

/**
 * The reads of /progress on a server that has run `answers / 20` quizzes of 20 answers from
 * `members` members (and a tenth as many in another server): a member's quiz accuracy, and the
 * moderators' server view (learners, completions, most-missed questions). Each timed `repeats` times.
 */
export async function progressReads(answers: number, members: number, repeats: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tutor-bench-progress-'));
  const file = path.join(dir, 'tutor.db');
  const cached = path.join(cacheRoot, `progress-${answers}-${members}-v${migrations.at(-1)?.version ?? 0}.db`);
  if (!existsSync(cached)) await seed(cached, answers, members);
  copyFileSync(cached, file);
  const store = SqliteStore.open(file);
  try {
    const time = async (work: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let repeat = 0; repeat < repeats; repeat += 1) {
        const started = performance.now();
        await work();
        samples.push(performance.now() - started);
      }
      return median(samples);
    };
    // The keenest member (in about a third of the quizzes), and one in the middle of the pack.
    const keenMs = await time(() => store.leaderboard.quizAccuracy(guildId, 'user-0'));
    const typicalMs = await time(() => store.leaderboard.quizAccuracy(guildId, `user-${Math.floor(members / 2)}`));
    const serverMs = await time(() => store.leaderboard.serverProgress(guildId, '2026-11-01'));
    return { quizzes: Math.ceil(answers / answersPerQuiz), keenMs, typicalMs, serverMs };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows as the bot leaves them (answers, player rows, question tallies), written in large transactions. */
async function seed(target: string, answers: number, members: number): Promise<void> {
  mkdirSync(cacheRoot, { recursive: true });
  const building = `${target}.${process.pid}.building`;
  const store = SqliteStore.open(building);
  const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
  try {
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
        const lesson = `lesson-${quiz % 40}`;
        const questions = Array.from({ length: 5 }, (_, index) => `q${(quiz + index) % 12}`);
        const at = start + quiz * 600_000;
        session.run(id, quiz % 11 === 10 ? 'another-server' : guildId, lesson, JSON.stringify(questions), at, at);
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
    db.pragma('optimize');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await store.close();
  }
  renameSync(building, target);
  rmSync(`${building}-wal`, { force: true });
  rmSync(`${building}-shm`, { force: true });
}
