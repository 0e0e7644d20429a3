import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../store/sqlite.js';
import { median } from './stats.js';

/**
 * CPU time of the scoring transaction of a finished quiz (`players` × `questions` answers: the
 * scored answers and their roll-ups), through the store's own finish(), `rounds` quizzes.
 */
export async function finishCost(players: number, questions: number, rounds: number): Promise<{ medianMs: number; minMs: number; maxMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tutor-bench-finish-'));
  const store = SqliteStore.open(path.join(dir, 'tutor.db'));
  const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
  const samples: number[] = [];
  try {
    const createSession = db.prepare(`INSERT INTO quiz_sessions (id, guild_id, channel_id, lesson_id, kind, mode, host_id, question_ids, seconds, speed_bonus, phase, question_index, phase_started_at, deadline, created_at)
      VALUES (?, 'g', 'c', 'lesson', 'live', 'ffa', 'host', '[]', 20, 1, 'question', ?, ?, NULL, ?)`);
    // A question on screen has its message (one without is still being posted).
    const shown = db.prepare<[string]>("UPDATE quiz_sessions SET question_message_id = 'm' WHERE id = ?");
    const answer = db.prepare(`INSERT INTO quiz_answers (session_id, question_index, question_id, user_id, response, credit, correct, points, elapsed_ms, answered_at)
      VALUES (?, ?, ?, ?, '{}', 1, 1, 500, 1000, ?)`);
    for (let round = 0; round < rounds; round += 1) {
      const sessionId = `s${round}`;
      const at = Date.UTC(2026, 0, 1) + round * 7 * 3_600_000;
      db.transaction(() => {
        createSession.run(sessionId, questions - 1, at, at);
        shown.run(sessionId);
        for (let player = 0; player < players; player += 1) for (let question = 0; question < questions; question += 1) answer.run(sessionId, question, `q${question}`, `u${player}`, at + question * 20_000);
      })();
      const entries = Array.from({ length: players }, (_, player) => ({ userId: `u${player}`, points: 500 * questions, correct: questions, questions, bestStreak: questions, won: player === 0 }));
      const cpu = process.cpuUsage();
      // SQLite's store does all of the work within the call; the promise only hands over the result.
      const finishing = store.quizzes.finish(sessionId, { phase: 'question', questionIndex: questions - 1 }, entries, new Date(at + questions * 20_000), 'security');
      const used = process.cpuUsage(cpu);
      const counted = await finishing;
      if (counted?.length !== players) throw new Error('the bench quiz did not finish');
      samples.push((used.user + used.system) / 1000);
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { medianMs: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples) };
}
