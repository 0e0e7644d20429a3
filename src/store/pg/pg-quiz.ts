import type pg from 'pg';
import type { AnswerAttempt, AnswerOutcome, FinishEntries, JoinOutcome, LobbyName, NewQuizSession, PhaseChange, QuizSession, QuizStore, ScoreAttempt, ScoreEntry, SessionVersion } from '../quiz-store.js';
import { advanceParams, answerColumns, answerRow, insertedAnswer, logicalPhase, newPlayer, refusedAnswer, running, toAnswer, toPlayer, toSession, type AnswerRow, type PlayerRow, type SessionRow } from '../sqlite-quiz.js';
import { utcDayOf } from '../utc-day.js';
import { firstSnowflakeAt } from '../snowflakes.js';
import { addSessionToTotals } from './pg-leaderboard.js';
import { retriedOnPostgres, row, rows, run, transaction, type Queryable } from './sql.js';

/** What a member already has in a session (s): their answer to the question, and their player row. */
const memberThere = `
  (SELECT row_to_json(a) FROM (SELECT ${answerColumns} FROM quiz_answers WHERE session_id = s.id AND question_index = @questionIndex AND user_id = @userId) a) AS earlier,
  (SELECT row_to_json(p) FROM quiz_players p WHERE p.session_id = s.id AND p.user_id = @userId) AS player`;

const sql = {
  insertSession: `
    INSERT INTO quiz_sessions (id, guild_id, channel_id, lesson_id, kind, mode, host_id, question_ids, seconds, speed_bonus,
      phase, question_index, phase_started_at, deadline, created_at)
    VALUES (@id, @guildId, @channelId, @lessonId, @kind, @mode, @hostId, @questionIds, @seconds, @speedBonus,
      @phase, @questionIndex, @phaseStartedAt, @deadline, @createdAt)
    ON CONFLICT DO NOTHING RETURNING *`,
  session: 'SELECT * FROM quiz_sessions WHERE id = ?',
  lockedSession: 'SELECT * FROM quiz_sessions WHERE id = ? FOR UPDATE',
  running: `SELECT * FROM quiz_sessions WHERE ${running} ORDER BY created_at`,
  runningInChannel: `SELECT * FROM quiz_sessions WHERE channel_id = ? AND kind = 'live' AND ${running}`,
  setLobbyMessage: 'UPDATE quiz_sessions SET lobby_message_id = ? WHERE id = ?',
  advance: `
    UPDATE quiz_sessions SET phase = @phase, question_index = @questionIndex, phase_started_at = @at, deadline = @deadline,
      post_attempts = @postAttempts,
      question_message_id = CASE WHEN @setMessage::int = 1 THEN @questionMessageId::text ELSE question_message_id END,
      ended_at = CASE WHEN @phase IN ('finished', 'cancelled') THEN @at ELSE ended_at END
    WHERE id = @id AND ${logicalPhase} = @fromPhase AND question_index = @fromIndex
      AND (@fromAttempts::int IS NULL OR post_attempts = @fromAttempts::int)`,
  lobbyNames: 'SELECT display_name, team FROM quiz_players WHERE session_id = ? AND team IS NOT DISTINCT FROM ?::int ORDER BY joined_at LIMIT ?',
  expirePractice: `UPDATE quiz_sessions SET phase = 'cancelled', ended_at = ?, deadline = NULL WHERE kind = 'practice' AND phase = 'question' AND phase_started_at < ?`,
  player: 'SELECT * FROM quiz_players WHERE session_id = ? AND user_id = ?',
  players: 'SELECT * FROM quiz_players WHERE session_id = ? ORDER BY joined_at, user_id',
  // A new player and the session's counters in one statement; nothing when they were a player already.
  insertPlayer: `
    WITH inserted AS (
      INSERT INTO quiz_players (session_id, user_id, display_name, team, joined_at) VALUES (@sessionId, @userId, @displayName, @team::int, @at)
      ON CONFLICT DO NOTHING RETURNING *
    ), counted AS (
      UPDATE quiz_sessions SET player_count = player_count + 1, team0_count = team0_count + @team0, team1_count = team1_count + @team1
      WHERE id = @sessionId AND EXISTS (SELECT 1 FROM inserted)
    )
    SELECT * FROM inserted`,
  answer: `SELECT ${answerColumns} FROM quiz_answers WHERE session_id = ? AND question_index = ? AND user_id = ?`,
  answersOfQuestion: `SELECT ${answerColumns} FROM quiz_answers WHERE session_id = ? AND question_index = ? ORDER BY answered_at`,
  allAnswers: `SELECT ${answerColumns} FROM quiz_answers WHERE session_id = ? ORDER BY question_index, answered_at`,
  // By the whole answer key, once per question of the session (see SQLite's memberAnswers).
  answersOf: `
    SELECT ${answerColumns.split(', ').map((column) => `a.${column}`).join(', ')}
    FROM quiz_sessions s CROSS JOIN generate_series(0, jsonb_array_length(s.question_ids::jsonb) - 1) AS q (question_index)
    JOIN quiz_answers a ON a.session_id = s.id AND a.question_index = q.question_index AND a.user_id = @userId
    WHERE s.id = @sessionId ORDER BY a.question_index`,
  missedQuestions: 'SELECT user_id, question_id FROM quiz_answers WHERE session_id = ? AND correct = 0 ORDER BY question_index, user_id',
  // Every member's entry in one statement: a quiz of thousands finishes in a fixed number of round trips.
  insertEntries: `
    INSERT INTO score_entries (session_id, user_id, guild_id, lesson_id, kind, points, correct, questions, best_streak, won, created_at)
    SELECT @sessionId, e.user_id, @guildId, @lessonId, @kind, e.points, e.correct, e.questions, e.best_streak, e.won, @createdAt
    FROM unnest(@users::text[], @points::integer[], @correct::integer[], @questions::integer[], @bestStreaks::integer[], @won::integer[])
      AS e (user_id, points, correct, questions, best_streak, won)
    ON CONFLICT DO NOTHING RETURNING user_id`,
  scoreEntry: 'SELECT user_id, points, correct, questions, best_streak, won FROM score_entries WHERE session_id = ? AND user_id = ?',
  scoreAnswers: `
    INSERT INTO scored_answers (session_id, question_index, user_id, guild_id, lesson_id, question_id, track, season, kind, points, correct, answered_at)
    SELECT a.session_id, a.question_index, a.user_id, s.guild_id, s.lesson_id, a.question_id, @track,
      COALESCE((SELECT MAX(number) FROM seasons WHERE guild_id = s.guild_id), 1), s.kind, a.points, a.correct, a.answered_at
    FROM quiz_answers a JOIN quiz_sessions s ON s.id = a.session_id
    WHERE a.session_id = @sessionId AND a.user_id = ANY (@users::text[])
    ON CONFLICT DO NOTHING`,
  practiceCredited: `SELECT created_at FROM score_entries WHERE guild_id = ? AND user_id = ? AND lesson_id = ? AND kind = 'practice'`,
  // An answer's first statement: the interaction claimed (when given), and the session and what this member
  // already has there, read without a lock: a second click (an answer already given) ends here, outside
  // the queue of first answers for the session's row lock.
  claimAndPeek: `
    WITH claimed AS (
      INSERT INTO interaction_claims (interaction_id, claimed_at) SELECT @interactionId::bigint, @at WHERE @interactionId::bigint IS NOT NULL
      ON CONFLICT DO NOTHING RETURNING 1
    )
    SELECT s.*, (@interactionId::bigint IS NULL OR EXISTS (SELECT 1 FROM claimed)) AS claimed, ${memberThere}
    FROM quiz_sessions s WHERE s.id = @sessionId`,
  // An answer's reading, without a lock: the session and what this member has there. A second click (an
  // answer already given, which never goes away) is settled by it, so it claims that interaction here;
  // any other is claimed by the write that settles it.
  peekAnswer: `
    WITH claimed AS (
      INSERT INTO interaction_claims (interaction_id, claimed_at)
      SELECT @interactionId::bigint, @at WHERE @interactionId::bigint IS NOT NULL
        AND EXISTS (SELECT 1 FROM quiz_answers WHERE session_id = @sessionId AND question_index = @questionIndex AND user_id = @userId)
      ON CONFLICT DO NOTHING RETURNING 1
    )
    SELECT s.*, EXISTS (SELECT 1 FROM claimed) AS claimed_here,
      (@interactionId::bigint IS NOT NULL AND EXISTS (SELECT 1 FROM interaction_claims WHERE interaction_id = @interactionId::bigint)) AS claimed_before,
      ${memberThere}
    FROM quiz_sessions s WHERE s.id = @sessionId`,
  // A first answer scored from that reading, written in one round trip unless the reading is out of date
  // (migrations/postgres/013).
  recordIfUnchanged: `
    SELECT written AS outcome, answered_now AS answered, players_now AS player_count FROM record_answer_if_unchanged(
      @sessionId, @questionIndex, @userId, @interactionId::bigint, @claimedAt,
      @seenPhase, @seenPosting, @seenPhaseStartedAt, @seenDeadline::bigint,
      @seenPlayer, @seenStreak, @seenLastQuestion, @seenAnswered,
      @questionId, @response, @credit, @correct, @points, @elapsedMs, @answeredAt, @displayName, @streak, @guildId, @day)`,
  // A first answer: the session's row lock orders it against a phase move (a move waits, or this sees it).
  lockForAnswer: `SELECT s.*, ${memberThere} FROM quiz_sessions s WHERE s.id = @sessionId FOR UPDATE OF s`,
  answeredCount: 'SELECT answered FROM quiz_question_tallies WHERE session_id = ? AND question_index = ?',
  claim: 'INSERT INTO interaction_claims (interaction_id, claimed_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
  // As SQLite's: the key range first (see firstSnowflakeAt).
  pruneClaims: 'DELETE FROM interaction_claims WHERE interaction_id < ? AND claimed_at < ?',
};

/** A finish's entries as the insert's parameters: the session's fields once, each member's as parallel arrays. */
function entryColumns(session: QuizSession, entries: readonly ScoreEntry[], at: Date) {
  return {
    sessionId: session.id,
    guildId: session.guildId,
    lessonId: session.lessonId,
    kind: session.kind,
    createdAt: at.getTime(),
    users: entries.map((entry) => entry.userId),
    points: entries.map((entry) => entry.points),
    correct: entries.map((entry) => entry.correct),
    questions: entries.map((entry) => entry.questions),
    bestStreaks: entries.map((entry) => entry.bestStreak),
    won: entries.map((entry) => (entry.won ? 1 : 0)),
  };
}

/**
 * The quiz store on Postgres: the same statements and the same exactly-once keys as SQLite.
 * SQLite serialises every write transaction; here a transaction that reads a session to decide
 * (an answer, a join) locks its row first, so a phase move waits for it, and it for the move.
 */
export class PostgresQuizStore implements QuizStore {
  constructor(
    private readonly pool: pg.Pool,
    /** Readings an answer may find out of date before it takes the session's row lock instead. */
    private readonly readingsBeforeTheLock = 3,
  ) {}

  async createSession(session: NewQuizSession, at: Date): Promise<{ status: 'created'; session: QuizSession } | { status: 'busy'; running: QuizSession }> {
    // The partial unique index allows one live quiz per channel: a second insert does nothing.
    for (;;) {
      const created = await row<SessionRow>(this.pool, sql.insertSession, {
        ...session,
        questionIds: JSON.stringify(session.questionIds),
        speedBonus: session.speedBonus ? 1 : 0,
        phaseStartedAt: session.phaseStartedAt.getTime(),
        deadline: session.deadline?.getTime() ?? null,
        createdAt: at.getTime(),
      });
      if (created) return { status: 'created', session: toSession(created) };
      const busy = await this.runningInChannel(session.channelId);
      if (busy) return { status: 'busy', running: busy };
      // It ended between the two statements: try again.
    }
  }

  async session(id: string) {
    const found = await row<SessionRow>(this.pool, sql.session, [id]);
    return found && toSession(found);
  }

  async runningSessions() {
    return (await rows<SessionRow>(this.pool, sql.running)).map(toSession);
  }

  async runningInChannel(channelId: string) {
    const found = await row<SessionRow>(this.pool, sql.runningInChannel, [channelId]);
    return found && toSession(found);
  }

  async setMessages(id: string, messages: { lobbyMessageId?: string }) {
    if (messages.lobbyMessageId) await run(this.pool, sql.setLobbyMessage, [messages.lobbyMessageId, id]);
  }

  async advance(id: string, from: SessionVersion, to: PhaseChange) {
    return advanceOn(this.pool, id, from, to);
  }

  async join(sessionId: string, player: { userId: string; displayName: string; team: number | null }, at: Date): Promise<JoinOutcome> {
    return transaction(this.pool, async (client): Promise<JoinOutcome> => {
      const locked = await row<SessionRow>(client, sql.lockedSession, [sessionId]);
      const session = locked && toSession(locked);
      if (!session || session.phase !== 'lobby') return { status: 'closed' };
      if (session.mode === 'teams' && player.team !== 0 && player.team !== 1) return { status: 'needs-team' };
      const team = session.mode === 'teams' ? player.team : null;
      if (!(await addPlayer(client, sessionId, { ...player, team }, at))) {
        const existing = await row<PlayerRow>(client, sql.player, [sessionId, player.userId]);
        return { status: 'already', team: existing?.team ?? null };
      }
      return { status: 'joined', session: toSession((await row<SessionRow>(client, sql.session, [sessionId])) as SessionRow) };
    });
  }

  async player(sessionId: string, userId: string) {
    const found = await row<PlayerRow>(this.pool, sql.player, [sessionId, userId]);
    return found && toPlayer(found);
  }

  async players(sessionId: string) {
    return (await rows<PlayerRow>(this.pool, sql.players, [sessionId])).map(toPlayer);
  }

  async lobbyNames(sessionId: string, limit: number): Promise<LobbyName[]> {
    const session = await this.session(sessionId);
    const teams = session?.mode === 'teams' ? [0, 1] : [null];
    const names: LobbyName[] = [];
    for (const team of teams) {
      for (const found of await rows<{ display_name: string; team: number | null }>(this.pool, sql.lobbyNames, [sessionId, team, limit])) {
        names.push({ displayName: found.display_name, team: found.team });
      }
    }
    return names;
  }

  /**
   * Two round trips for most answers: a reading without a lock, then either the refusal it settles
   * (closed, a second click, outside a team game) with the interaction claimed, or the answer scored
   * from it and written by record_answer_if_unchanged. A reading that went out of date meanwhile (a
   * second click read before the first was written, say) is read again; only an answer that keeps
   * losing that race takes the locked transaction (five round trips).
   */
  async recordAnswer(attempt: AnswerAttempt, score: ScoreAttempt): Promise<AnswerOutcome> {
    const interactionId = attempt.interactionId === undefined ? null : BigInt(attempt.interactionId).toString();
    for (let reading = 1; reading <= this.readingsBeforeTheLock; reading += 1) {
      const seen = await row<AnswerReading & { claimed_here: boolean; claimed_before: boolean }>(this.pool, sql.peekAnswer, {
        sessionId: attempt.sessionId,
        questionIndex: attempt.questionIndex,
        userId: attempt.userId,
        interactionId,
        at: attempt.at.getTime(),
      });
      // The statement's snapshot predates its own claim: a claim it sees was another process's.
      if (seen?.claimed_before) return { status: 'elsewhere' };
      const refused = seen ? refusedOnReading(seen, attempt) : { status: 'closed' as const };
      if (refused) {
        const claimed = interactionId === null || seen?.claimed_here || (await run(this.pool, sql.claim, [interactionId, attempt.at.getTime()])).rowCount === 1;
        return claimed ? refused : { status: 'elsewhere' };
      }
      const written = await this.recordIfUnchanged(seen as AnswerReading, attempt, score, interactionId);
      if (written) return written;
    }
    return this.recordUnderLock(attempt, score);
  }

  /** The answer written from the unlocked reading, or undefined when the reading went out of date (nothing written then). */
  private async recordIfUnchanged(seen: AnswerReading, attempt: AnswerAttempt, score: ScoreAttempt, interactionId: string | null): Promise<AnswerOutcome | undefined> {
    try {
      return await this.writeFromReading(this.pool, seen, attempt, score, interactionId);
    } catch (error) {
      // A row the reading did not show turned up (the writer raises a serialization failure), or a deadlock: nothing was written.
      if (retriedOnPostgres(error)) return undefined;
      throw error;
    }
  }

  /** The answer under the session's row lock, read and written in one transaction: for a reading that went out of date. */
  private async recordUnderLock(attempt: AnswerAttempt, score: ScoreAttempt): Promise<AnswerOutcome> {
    const at = attempt.at.getTime();
    const key = { sessionId: attempt.sessionId, questionIndex: attempt.questionIndex, userId: attempt.userId };
    return transaction(this.pool, async (client): Promise<AnswerOutcome> => {
      const seen = await row<AnswerReading & { claimed: boolean }>(client, sql.claimAndPeek, {
        ...key,
        interactionId: attempt.interactionId === undefined ? null : BigInt(attempt.interactionId).toString(),
        at,
      });
      if (!seen) return { status: 'closed' };
      if (!seen.claimed) return { status: 'elsewhere' };
      const early = refusedOnReading(seen, attempt);
      if (early) return early;
      const locked = (await row<AnswerReading>(client, sql.lockForAnswer, key)) as AnswerReading;
      const settled = refusedOnReading(locked, attempt);
      if (settled) return settled;
      // The interaction is this transaction's already. The reading of the member beside the lock may predate an answer
      // that committed while this waited for it: the writer then finds it changed, and the transaction runs again.
      const written = await this.writeFromReading(client, locked, attempt, score, null);
      if (!written) throw Object.assign(new Error('the member changed while the answer waited for the quiz'), { code: '40001' });
      return written;
    });
  }

  /**
   * Scores the answer from a reading and writes it with record_answer_if_unchanged (migrations/postgres/013),
   * which checks under the session's row lock that the reading still holds. Undefined when it did not (nothing written).
   */
  private async writeFromReading(db: Queryable, seen: AnswerReading, attempt: AnswerAttempt, score: ScoreAttempt, interactionId: string | null): Promise<AnswerOutcome | undefined> {
    const session = toSession(seen);
    const scored = score(session, seen.player ? toPlayer(seen.player) : newPlayer(attempt));
    const answer = answerRow(attempt, session.questionIds[attempt.questionIndex] ?? '', scored);
    const written = await row<{ outcome: 'recorded' | 'elsewhere' | 'changed'; answered: number | null; player_count: number | null }>(db, sql.recordIfUnchanged, {
      ...answer,
      interactionId,
      claimedAt: attempt.at.getTime(),
      seenPhase: seen.phase,
      seenPosting: seen.question_message_id === null,
      seenPhaseStartedAt: seen.phase_started_at,
      seenDeadline: seen.deadline,
      seenPlayer: seen.player !== null,
      seenStreak: seen.player?.streak ?? 0,
      seenLastQuestion: seen.player?.last_question ?? -1,
      seenAnswered: seen.player?.answered ?? 0,
      displayName: attempt.displayName,
      streak: scored.streakAfter,
      guildId: session.guildId,
      day: utcDayOf(attempt.at),
    });
    if (!written || written.outcome === 'changed') return undefined;
    if (written.outcome === 'elsewhere') return { status: 'elsewhere' };
    return { status: 'recorded', answer: insertedAnswer(answer, attempt), answeredCount: written.answered ?? 0, playerCount: written.player_count ?? 0, joined: seen.player === null };
  }

  async answers(sessionId: string, questionIndex?: number) {
    const found = questionIndex === undefined ? await rows<AnswerRow>(this.pool, sql.allAnswers, [sessionId]) : await rows<AnswerRow>(this.pool, sql.answersOfQuestion, [sessionId, questionIndex]);
    return found.map(toAnswer);
  }

  async answeredCount(sessionId: string, questionIndex: number) {
    return (await row<{ answered: number }>(this.pool, sql.answeredCount, [sessionId, questionIndex]))?.answered ?? 0;
  }

  async answersOf(sessionId: string, userId: string) {
    return (await rows<AnswerRow>(this.pool, sql.answersOf, { sessionId, userId })).map(toAnswer);
  }

  async missedQuestions(sessionId: string) {
    return (await rows<{ user_id: string; question_id: string }>(this.pool, sql.missedQuestions, [sessionId])).map((found) => ({ userId: found.user_id, questionId: found.question_id }));
  }

  async finish(sessionId: string, from: SessionVersion, entries: FinishEntries, at: Date, track: string) {
    return transaction(this.pool, async (client) => {
      const found = await row<SessionRow>(client, sql.session, [sessionId]);
      if (!found) return undefined;
      const session = toSession(found);
      // The move takes the session's row lock: answers recorded before it are read below, later ones see it finished.
      if (!(await advanceOn(client, sessionId, from, { phase: 'finished', questionIndex: from.questionIndex, at, deadline: null }))) return undefined;
      const listed = typeof entries === 'function' ? entries((await rows<PlayerRow>(client, sql.players, [sessionId])).map(toPlayer)) : entries;
      if (listed.length === 0) return [];
      const inserted = await rows<{ user_id: string }>(client, sql.insertEntries, entryColumns(session, listed, at));
      const written = new Set(inserted.map((found) => found.user_id));
      const counted = listed.filter((entry) => written.has(entry.userId));
      if (counted.length === 0) return counted;
      const users = counted.map((entry) => entry.userId);
      await run(client, sql.scoreAnswers, { sessionId, users, track });
      // Into the leaderboard roll-ups in the same transaction: one upsert per member and board period.
      await addSessionToTotals(client, sessionId, users);
      return counted;
    });
  }

  async expireAbandonedPractice(before: Date, at: Date): Promise<number> {
    return (await run(this.pool, sql.expirePractice, [at.getTime(), before.getTime()])).rowCount ?? 0;
  }

  /** Store.claimInteraction, kept beside the answers it protects. Interaction ids are snowflakes: decimal integers below 2^63. */
  async claimInteraction(interactionId: string, at: Date): Promise<boolean> {
    return claimOn(this.pool, interactionId, at);
  }

  async pruneClaims(before: Date): Promise<number> {
    return (await run(this.pool, sql.pruneClaims, [firstSnowflakeAt(before).toString(), before.getTime()])).rowCount ?? 0;
  }

  async scoreEntry(sessionId: string, userId: string): Promise<ScoreEntry | undefined> {
    const found = await row<{ user_id: string; points: number; correct: number; questions: number; best_streak: number; won: number }>(this.pool, sql.scoreEntry, [sessionId, userId]);
    return found && { userId: found.user_id, points: found.points, correct: found.correct, questions: found.questions, bestStreak: found.best_streak, won: found.won === 1 };
  }

  async practiceCredited(guildId: string, userId: string, lessonId: string) {
    const found = await row<{ created_at: number }>(this.pool, sql.practiceCredited, [guildId, userId, lessonId]);
    return found && new Date(found.created_at);
  }
}

async function claimOn(db: Queryable, interactionId: string, at: Date): Promise<boolean> {
  return (await run(db, sql.claim, [BigInt(interactionId).toString(), at.getTime()])).rowCount === 1;
}

/** The compare-and-set phase move: one UPDATE whose WHERE names the expected phase. */
async function advanceOn(db: Queryable, id: string, from: SessionVersion, to: PhaseChange): Promise<boolean> {
  return (await run(db, sql.advance, advanceParams(id, from, to))).rowCount === 1;
}

/** A new player and the session's counters, only when the player row is new: the new row, or undefined. */
type AnswerReading = SessionRow & { earlier: AnswerRow | null; player: PlayerRow | null };

const refusedOnReading = (reading: AnswerReading, attempt: AnswerAttempt) => refusedAnswer(toSession(reading), reading.earlier, reading.player !== null, attempt);

async function addPlayer(db: Queryable, sessionId: string, player: { userId: string; displayName: string; team: number | null }, at: Date): Promise<PlayerRow | undefined> {
  return row<PlayerRow>(db, sql.insertPlayer, {
    sessionId,
    userId: player.userId,
    displayName: player.displayName,
    team: player.team,
    at: at.getTime(),
    team0: player.team === 0 ? 1 : 0,
    team1: player.team === 1 ? 1 : 0,
  });
}
