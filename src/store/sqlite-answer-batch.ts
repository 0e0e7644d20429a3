import type Database from 'better-sqlite3';
import type { AnswerAttempt, AnswerOutcome, QuizStore, ScoreAttempt } from './quiz-store.js';
import type { SqliteQuizStore } from './sqlite-quiz.js';

interface WaitingAnswer {
  attempt: AnswerAttempt;
  score: ScoreAttempt;
  resolve: (outcome: AnswerOutcome) => void;
  reject: (error: unknown) => void;
}

type Settled = { ok: true; outcome: AnswerOutcome } | { ok: false; error: unknown };

/**
 * Group commit for quiz answers. A commit costs more than the statements of one answer, so the
 * answers that arrive in the same event-loop turn share one transaction, written at setImmediate
 * (no timer: an answer waits for nothing but its own turn to end). Each answer runs in its own
 * savepoint, so one that fails is rolled back alone; exactly-once stays the database's (the
 * unique answer key and the interaction claim, both inside that savepoint). No promise settles
 * before the COMMIT, so every "Locked in" reply still follows its answer's commit.
 */
export class SqliteAnswerBatch {
  private waiting: WaitingAnswer[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  /** Made once: better-sqlite3 builds a transaction's wrappers on every db.transaction() call. */
  private readonly writeBatch: Database.Transaction<(batch: WaitingAnswer[]) => Settled[]>;

  constructor(
    private readonly db: Database.Database,
    private readonly quizzes: SqliteQuizStore,
  ) {
    this.writeBatch = db.transaction((batch: WaitingAnswer[]) => batch.map((answer) => this.recordOne(answer)));
  }

  add(attempt: AnswerAttempt, score: ScoreAttempt): Promise<AnswerOutcome> {
    return new Promise<AnswerOutcome>((resolve, reject) => {
      this.waiting.push({ attempt, score, resolve, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /**
   * Writes every waiting answer in one IMMEDIATE transaction, then settles their promises. If
   * the transaction itself fails (busy, or SQLite abandoned it), no answer of the batch was
   * stored and each is rejected with that error, for the router to retry.
   */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    let settled: Settled[];
    try {
      // One answer alone needs no savepoint: its own transaction is the batch's.
      settled = batch.length === 1 ? [this.recordOne(batch[0] as WaitingAnswer)] : this.writeBatch.immediate(batch);
    } catch (error) {
      for (const answer of batch) answer.reject(error);
      return;
    }
    batch.forEach((answer, index) => {
      const result = settled[index] as Settled;
      if (result.ok) answer.resolve(result.outcome);
      else answer.reject(result.error);
    });
  }

  /** Inside the batch's transaction, recordAnswer's own transaction is a savepoint: a failure undoes this answer only. */
  private recordOne(answer: WaitingAnswer): Settled {
    try {
      return { ok: true, outcome: this.quizzes.recordAnswer(answer.attempt, answer.score) };
    } catch (error) {
      // Some failures (a full disk, an I/O error) make SQLite roll back the whole transaction: then nothing of the batch stands.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error };
    }
  }
}

/** The quiz store's methods that write: each first writes the waiting answers, so writes keep the order they were asked in. */
const writes = new Set<PropertyKey>(['createSession', 'setMessages', 'advance', 'join', 'finish', 'expireAbandonedPractice'] satisfies (keyof QuizStore)[]);

/** The quiz store with recordAnswer batched; reads are unchanged (an unconfirmed answer is nobody's to see yet). */
export function batchingAnswers(quizzes: QuizStore, batch: SqliteAnswerBatch): QuizStore {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(quizzes, {
    get(target, property) {
      if (property === 'recordAnswer') return recordAnswer;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || !writes.has(property)) return value;
      let method = wrapped.get(property);
      if (!method) {
        method = (...args: unknown[]) => {
          batch.flush();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
        wrapped.set(property, method);
      }
      return method;
    },
  });
  function recordAnswer(attempt: AnswerAttempt, score: ScoreAttempt): Promise<AnswerOutcome> {
    return batch.add(attempt, score);
  }
}
