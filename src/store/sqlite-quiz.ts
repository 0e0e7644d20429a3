import type Database from 'better-sqlite3';
import { acceptsAnswer } from '../quiz/competition.js';
import { prepareAddSessionToTotals } from './board-totals.js';
import { utcDayOf } from './utc-day.js';
import { firstSnowflakeAt } from './snowflakes.js';
import type { Response } from '../quiz/grading.js';
import type {
  AnswerAttempt,
  AnswerOutcome,
  JoinOutcome,
  LobbyName,
  NewQuizSession,
  PhaseChange,
  QuizAnswer,
  QuizPhase,
  QuizPlayer,
  QuizSession,
  QuizStore,
  ScoreAttempt,
  ScoreEntry,
  ScoringSession,
  SessionVersion,
  FinishEntries,
} from './quiz-store.js';
import type { Synchronous } from './promised.js';

export interface SessionRow {
  id: string;
  guild_id: string;
  channel_id: string;
  lesson_id: string;
  kind: QuizSession['kind'];
  mode: QuizSession['mode'];
  host_id: string;
  question_ids: string;
  seconds: number;
  speed_bonus: number;
  phase: QuizPhase;
  question_index: number;
  phase_started_at: number;
  deadline: number | null;
  lobby_message_id: string | null;
  question_message_id: string | null;
  created_at: number;
  ended_at: number | null;
  post_attempts: number;
  player_count: number;
  team0_count: number;
  team1_count: number;
}

export interface PlayerRow {
  user_id: string;
  display_name: string;
  team: number | null;
  points: number;
  correct: number;
  answered: number;
  answer_time_ms: number;
  streak: number;
  best_streak: number;
  last_question: number;
}

export interface AnswerRow {
  question_index: number;
  question_id: string;
  user_id: string;
  response: string;
  credit: number;
  correct: number;
  points: number;
  elapsed_ms: number;
  answered_at: number;
}

/** What an answer's transaction reads of its session: whether the question takes it, how it scores, and who it counts for. */
export type AnsweredSession = Pick<QuizSession, 'phase' | 'questionIndex' | 'deadline' | 'mode' | 'playerCount' | 'guildId'> & ScoringSession;

/** The answered question's id and the session's state, as the answer's transaction reads them (one row, in this order). */
type AnswerStateRow = [
  phase: QuizPhase,
  questionIndex: number,
  phaseStartedAt: number,
  deadline: number | null,
  seconds: number,
  speedBonus: number,
  mode: QuizSession['mode'],
  playerCount: number,
  guildId: string,
  questionId: string | null,
];

/**
 * The player statements' named parameters, written out: on Node 20 `{ ...row, streak }` takes
 * V8's slow path. Both statements take this one object; each reads the names it has.
 */
const playerScoring = (row: ReturnType<typeof answerRow>, streak: number, displayName: string) => ({
  sessionId: row.sessionId,
  userId: row.userId,
  displayName,
  questionIndex: row.questionIndex,
  points: row.points,
  correct: row.correct,
  elapsedMs: row.elapsedMs,
  answeredAt: row.answeredAt,
  streak,
});

const toAnsweredSession = (row: AnswerStateRow): AnsweredSession => ({
  phase: row[0],
  questionIndex: row[1],
  phaseStartedAt: new Date(row[2]),
  deadline: row[3] === null ? null : new Date(row[3]),
  seconds: row[4],
  speedBonus: row[5] === 1,
  mode: row[6],
  playerCount: row[7],
  guildId: row[8],
});

export const toSession = (row: SessionRow): QuizSession => ({
  id: row.id,
  guildId: row.guild_id,
  channelId: row.channel_id,
  lessonId: row.lesson_id,
  kind: row.kind,
  mode: row.mode,
  hostId: row.host_id,
  questionIds: JSON.parse(row.question_ids) as string[],
  seconds: row.seconds,
  speedBonus: row.speed_bonus === 1,
  phase: row.kind === 'live' && row.phase === 'question' && row.question_message_id === null ? 'posting' : row.phase,
  questionIndex: row.question_index,
  phaseStartedAt: new Date(row.phase_started_at),
  deadline: row.deadline === null ? null : new Date(row.deadline),
  lobbyMessageId: row.lobby_message_id,
  questionMessageId: row.question_message_id,
  createdAt: new Date(row.created_at),
  endedAt: row.ended_at === null ? null : new Date(row.ended_at),
  postAttempts: row.post_attempts,
  playerCount: row.player_count,
  teamCounts: [row.team0_count, row.team1_count],
});

export const toPlayer = (row: PlayerRow): QuizPlayer => ({
  userId: row.user_id,
  displayName: row.display_name,
  team: row.team,
  points: row.points,
  correct: row.correct,
  answered: row.answered,
  answerTimeMs: row.answer_time_ms,
  streak: row.streak,
  bestStreak: row.best_streak,
  lastQuestion: row.last_question,
});

/** A member who joins by answering, as the quiz_players defaults make them: nothing scored yet. */
export const newPlayer = (attempt: Pick<AnswerAttempt, 'userId' | 'displayName'>): QuizPlayer => ({
  userId: attempt.userId,
  displayName: attempt.displayName,
  team: null,
  points: 0,
  correct: 0,
  answered: 0,
  answerTimeMs: 0,
  streak: 0,
  bestStreak: 0,
  lastQuestion: -1,
});

export const toAnswer = (row: AnswerRow): QuizAnswer => ({
  questionIndex: row.question_index,
  questionId: row.question_id,
  userId: row.user_id,
  response: JSON.parse(row.response) as Response,
  credit: row.credit,
  correct: row.correct === 1,
  points: row.points,
  elapsedMs: row.elapsed_ms,
  answeredAt: new Date(row.answered_at),
});

/**
 * What both engines decide from a reading of the session and the member before anything is
 * written: a closed question, a second click (their earlier answer), or a member outside a team
 * game; undefined when the answer is to be written. SQLite passes no earlier answer: its insert
 * finds a second click by the answer key, in the same transaction.
 */
export function refusedAnswer(session: AnsweredSession, earlier: AnswerRow | null | undefined, isPlayer: boolean, attempt: AnswerAttempt): AnswerOutcome | undefined {
  if (!acceptsAnswer({ phase: session.phase, questionIndex: session.questionIndex, deadline: session.deadline?.getTime() ?? null }, attempt.questionIndex, attempt.at.getTime())) return { status: 'closed' };
  if (earlier) return { status: 'duplicate', answer: toAnswer(earlier) };
  if (!isPlayer && session.mode === 'teams') return { status: 'not-a-player' };
  return undefined;
}

/** The compare-and-set phase move's parameters, as both engines' UPDATE takes them (named parameters). */
export function advanceParams(id: string, from: SessionVersion, to: PhaseChange) {
  const entering = to.phase === 'posting';
  return {
    id,
    fromPhase: from.phase,
    fromIndex: from.questionIndex,
    fromAttempts: from.postAttempts ?? null,
    phase: storedPhase(to.phase),
    questionIndex: to.questionIndex,
    at: to.at.getTime(),
    deadline: to.deadline?.getTime() ?? null,
    postAttempts: to.postAttempts ?? 0,
    // A question being posted has no message yet: the previous question's id must never be edited into it.
    setMessage: entering || to.questionMessageId !== undefined ? 1 : 0,
    questionMessageId: entering ? null : (to.questionMessageId ?? null),
  };
}

/** A scored answer as both engines insert it (named parameters). */
export function answerRow(attempt: AnswerAttempt, questionId: string, scored: ReturnType<ScoreAttempt>) {
  return {
    sessionId: attempt.sessionId,
    questionIndex: attempt.questionIndex,
    questionId,
    userId: attempt.userId,
    response: JSON.stringify(attempt.response),
    credit: scored.credit,
    correct: scored.correct ? 1 : 0,
    points: scored.points,
    elapsedMs: scored.elapsedMs,
    answeredAt: attempt.at.getTime(),
  };
}

/** A finished session's score entry as both engines insert it (named parameters). */
export const entryRow = (session: QuizSession, entry: ScoreEntry, at: Date) => ({
  sessionId: session.id,
  userId: entry.userId,
  guildId: session.guildId,
  lessonId: session.lessonId,
  kind: session.kind,
  points: entry.points,
  correct: entry.correct,
  questions: entry.questions,
  bestStreak: entry.bestStreak,
  won: entry.won ? 1 : 0,
  createdAt: at.getTime(),
});

/** The answer just inserted, as reading it back would give it (its response as given, not parsed back). */
export const insertedAnswer = (inserted: ReturnType<typeof answerRow>, attempt: Pick<AnswerAttempt, 'response' | 'at'>): QuizAnswer => ({
  questionIndex: inserted.questionIndex,
  questionId: inserted.questionId,
  userId: inserted.userId,
  response: attempt.response,
  credit: inserted.credit,
  correct: inserted.correct === 1,
  points: inserted.points,
  elapsedMs: inserted.elapsedMs,
  answeredAt: attempt.at,
});

export const running = `phase IN ('lobby', 'question', 'reveal')`;
/**
 * The phase as the rest of the bot sees it. 'posting' is stored as a live 'question' with no
 * message id yet, because the phase column's CHECK predates it and SQLite cannot alter a CHECK.
 */
export const logicalPhase = `CASE WHEN kind = 'live' AND phase = 'question' AND question_message_id IS NULL THEN 'posting' ELSE phase END`;
export const storedPhase = (phase: QuizPhase) => (phase === 'posting' ? 'question' : phase);
export const answerColumns = 'question_index, question_id, user_id, response, credit, correct, points, elapsed_ms, answered_at';
/**
 * One member's answers, looked up by the whole answer key once per question of the session. The
 * key leads with the question, so asking by session and member alone would read every answer of
 * the session: per click, in a quiz of thousands.
 */
const memberAnswers = `
  SELECT ${answerColumns.split(', ').map((column) => `a.${column}`).join(', ')}
  FROM quiz_sessions s CROSS JOIN json_each(s.question_ids) q CROSS JOIN quiz_answers a
  WHERE s.id = @sessionId AND a.session_id = s.id AND a.question_index = q.key AND a.user_id = @userId
  ORDER BY a.question_index`;

/** Synchronous: SqliteStore hands it out through promised(). */
export class SqliteQuizStore implements Synchronous<QuizStore> {
  private readonly sql;

  /**
   * Where a recorded answer's active day goes. By default it is written in the answer's own
   * transaction; SqliteStore hands it to its bookkeeping batch instead, as it does a page view's.
   */
  private readonly markActive: (guildId: string, userId: string, day: string) => void;
  private readonly answerTransaction: Database.Transaction<(attempt: AnswerAttempt, score: ScoreAttempt) => AnswerOutcome>;

  constructor(
    private readonly db: Database.Database,
    options: { markActive?: (guildId: string, userId: string, day: string) => void } = {},
  ) {
    this.markActive = options.markActive ?? ((guildId, userId, day) => void this.sql.active.run(guildId, userId, day));
    // Made once: better-sqlite3 builds a transaction's wrappers on every db.transaction() call.
    this.answerTransaction = db.transaction((attempt: AnswerAttempt, score: ScoreAttempt) => this.writeAnswer(attempt, score));
    this.sql = {
      insertSession: db.prepare(`
        INSERT INTO quiz_sessions (id, guild_id, channel_id, lesson_id, kind, mode, host_id, question_ids, seconds, speed_bonus,
          phase, question_index, phase_started_at, deadline, created_at)
        VALUES (@id, @guildId, @channelId, @lessonId, @kind, @mode, @hostId, @questionIds, @seconds, @speedBonus,
          @phase, @questionIndex, @phaseStartedAt, @deadline, @createdAt)`),
      session: db.prepare<[string], SessionRow>('SELECT * FROM quiz_sessions WHERE id = ?'),
      running: db.prepare<[], SessionRow>(`SELECT * FROM quiz_sessions WHERE ${running} ORDER BY created_at`),
      runningInChannel: db.prepare<[string], SessionRow>(`SELECT * FROM quiz_sessions WHERE channel_id = ? AND kind = 'live' AND ${running}`),
      setLobbyMessage: db.prepare<[string, string]>('UPDATE quiz_sessions SET lobby_message_id = ? WHERE id = ?'),
      advance: db.prepare(`
        UPDATE quiz_sessions SET phase = @phase, question_index = @questionIndex, phase_started_at = @at, deadline = @deadline,
          post_attempts = @postAttempts,
          question_message_id = CASE WHEN @setMessage = 1 THEN @questionMessageId ELSE question_message_id END,
          ended_at = CASE WHEN @phase IN ('finished', 'cancelled') THEN @at ELSE ended_at END
        WHERE id = @id AND ${logicalPhase} = @fromPhase AND question_index = @fromIndex
          AND (@fromAttempts IS NULL OR post_attempts = @fromAttempts)`),
      countJoin: db.prepare<[number, number, string]>(
        'UPDATE quiz_sessions SET player_count = player_count + 1, team0_count = team0_count + ?, team1_count = team1_count + ? WHERE id = ?',
      ),
      lobbyNames: db.prepare<[string, number | null, number], { display_name: string; team: number | null }>(
        'SELECT display_name, team FROM quiz_players WHERE session_id = ? AND team IS ? ORDER BY joined_at LIMIT ?',
      ),
      expirePractice: db.prepare<[number, number]>(
        `UPDATE quiz_sessions SET phase = 'cancelled', ended_at = ?, deadline = NULL WHERE kind = 'practice' AND phase = 'question' AND phase_started_at < ?`,
      ),
      claim: db.prepare<[bigint, number]>('INSERT INTO interaction_claims (interaction_id, claimed_at) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      // The key range first: a claim's id was made before it was claimed (see firstSnowflakeAt).
      pruneClaims: db.prepare<[bigint, number]>('DELETE FROM interaction_claims WHERE interaction_id < ? AND claimed_at < ?'),
      player: db.prepare<[string, string], PlayerRow>('SELECT * FROM quiz_players WHERE session_id = ? AND user_id = ?'),
      // The answer path reads only what it decides by, as arrays: a full row is an object of 22 fields per click.
      answerState: db
        .prepare<[number, string], AnswerStateRow>(`
          SELECT ${logicalPhase}, question_index, phase_started_at, deadline, seconds, speed_bonus, mode, player_count, guild_id,
            json_extract(question_ids, printf('$[%d]', ?))
          FROM quiz_sessions WHERE id = ?`)
        .raw(),
      playerStreak: db.prepare<[string, string], [streak: number, lastQuestion: number]>('SELECT streak, last_question FROM quiz_players WHERE session_id = ? AND user_id = ?').raw(),
      players: db.prepare<[string], PlayerRow>('SELECT * FROM quiz_players WHERE session_id = ? ORDER BY joined_at, user_id'),
      // A member who joins by answering: their row starts with that answer's score, one write instead of two.
      insertScoredPlayer: db.prepare(`
        INSERT INTO quiz_players (session_id, user_id, display_name, team, joined_at, points, correct, answered, answer_time_ms, streak, best_streak, last_question)
        VALUES (@sessionId, @userId, @displayName, NULL, @answeredAt, @points, @correct, 1, @elapsedMs, @streak, @streak,
          CASE WHEN @correct = 1 THEN @questionIndex ELSE -1 END)`),
      insertPlayer: db.prepare<[string, string, string, number | null, number]>(
        'INSERT INTO quiz_players (session_id, user_id, display_name, team, joined_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      answer: db.prepare<[string, number, string], AnswerRow>(`SELECT ${answerColumns} FROM quiz_answers WHERE session_id = ? AND question_index = ? AND user_id = ?`),
      insertAnswer: db.prepare(`
        INSERT INTO quiz_answers (session_id, ${answerColumns})
        VALUES (@sessionId, @questionIndex, @questionId, @userId, @response, @credit, @correct, @points, @elapsedMs, @answeredAt)
        ON CONFLICT DO NOTHING`),
      scorePlayer: db.prepare(`
        UPDATE quiz_players SET points = points + @points, correct = correct + @correct, answered = answered + 1,
          answer_time_ms = answer_time_ms + @elapsedMs, streak = @streak, best_streak = MAX(best_streak, @streak),
          last_question = CASE WHEN @correct = 1 THEN @questionIndex ELSE last_question END
        WHERE session_id = @sessionId AND user_id = @userId`),
      countAnswer: db.prepare<[string, number, number], { answered: number }>(`
        INSERT INTO quiz_question_tallies (session_id, question_index, answered, wrong) VALUES (?, ?, 1, ?)
        ON CONFLICT (session_id, question_index) DO UPDATE SET answered = answered + 1, wrong = wrong + excluded.wrong RETURNING answered`),
      answeredCount: db.prepare<[string, number], { answered: number }>('SELECT answered FROM quiz_question_tallies WHERE session_id = ? AND question_index = ?'),
      answersOfQuestion: db.prepare<[string, number], AnswerRow>(`SELECT ${answerColumns} FROM quiz_answers WHERE session_id = ? AND question_index = ? ORDER BY answered_at`),
      allAnswers: db.prepare<[string], AnswerRow>(`SELECT ${answerColumns} FROM quiz_answers WHERE session_id = ? ORDER BY question_index, answered_at`),
      answersOf: db.prepare<{ sessionId: string; userId: string }, AnswerRow>(memberAnswers),
      missedQuestions: db.prepare<[string], { user_id: string; question_id: string }>(
        'SELECT user_id, question_id FROM quiz_answers WHERE session_id = ? AND correct = 0 ORDER BY question_index, user_id',
      ),
      // Every member's entry in one statement (a JSON array of entryRow objects): a quiz of thousands finishes in a fixed number of statements.
      insertEntries: db.prepare<[string], { user_id: string }>(`
        INSERT INTO score_entries (session_id, user_id, guild_id, lesson_id, kind, points, correct, questions, best_streak, won, created_at)
        SELECT e.value ->> 'sessionId', e.value ->> 'userId', e.value ->> 'guildId', e.value ->> 'lessonId', e.value ->> 'kind', e.value ->> 'points',
          e.value ->> 'correct', e.value ->> 'questions', e.value ->> 'bestStreak', e.value ->> 'won', e.value ->> 'createdAt'
        FROM json_each(?) e WHERE true
        ON CONFLICT DO NOTHING RETURNING user_id`),
      scoreEntry: db.prepare<[string, string], { user_id: string; points: number; correct: number; questions: number; best_streak: number; won: number }>(
        'SELECT user_id, points, correct, questions, best_streak, won FROM score_entries WHERE session_id = ? AND user_id = ?',
      ),
      scoreAnswers: db.prepare(`
        INSERT INTO scored_answers (session_id, question_index, user_id, guild_id, lesson_id, question_id, track, season, kind, points, correct, answered_at)
        SELECT a.session_id, a.question_index, a.user_id, s.guild_id, s.lesson_id, a.question_id, @track,
          COALESCE((SELECT MAX(number) FROM seasons WHERE guild_id = s.guild_id), 1), s.kind, a.points, a.correct, a.answered_at
        FROM quiz_answers a JOIN quiz_sessions s ON s.id = a.session_id
        WHERE a.session_id = @sessionId AND a.user_id IN (SELECT value FROM json_each(@users))
        ON CONFLICT DO NOTHING`),
      addToTotals: prepareAddSessionToTotals(db),
      active: db.prepare<[string, string, string]>('INSERT INTO active_days (guild_id, user_id, day) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      practiceCredited: db.prepare<[string, string, string], { created_at: number }>(
        `SELECT created_at FROM score_entries WHERE guild_id = ? AND user_id = ? AND lesson_id = ? AND kind = 'practice'`,
      ),
    };
  }

  createSession(session: NewQuizSession, at: Date) {
    return this.db.transaction(() => {
      if (session.kind === 'live') {
        const busy = this.runningInChannel(session.channelId);
        if (busy) return { status: 'busy' as const, running: busy };
      }
      this.sql.insertSession.run({
        ...session,
        questionIds: JSON.stringify(session.questionIds),
        speedBonus: session.speedBonus ? 1 : 0,
        phaseStartedAt: session.phaseStartedAt.getTime(),
        deadline: session.deadline?.getTime() ?? null,
        createdAt: at.getTime(),
      });
      return { status: 'created' as const, session: this.session(session.id) as QuizSession };
    }).immediate();
  }

  session(id: string) {
    const row = this.sql.session.get(id);
    return row && toSession(row);
  }

  runningSessions() {
    return this.sql.running.all().map(toSession);
  }

  runningInChannel(channelId: string) {
    const row = this.sql.runningInChannel.get(channelId);
    return row && toSession(row);
  }

  setMessages(id: string, messages: { lobbyMessageId?: string }) {
    if (messages.lobbyMessageId) this.sql.setLobbyMessage.run(messages.lobbyMessageId, id);
  }

  advance(id: string, from: SessionVersion, to: PhaseChange) {
    return this.sql.advance.run(advanceParams(id, from, to)).changes === 1;
  }

  join(sessionId: string, player: { userId: string; displayName: string; team: number | null }, at: Date): JoinOutcome {
    return this.db.transaction((): JoinOutcome => {
      const session = this.session(sessionId);
      if (!session || session.phase !== 'lobby') return { status: 'closed' };
      if (session.mode === 'teams' && player.team !== 0 && player.team !== 1) return { status: 'needs-team' };
      const team = session.mode === 'teams' ? player.team : null;
      const existing = this.sql.player.get(sessionId, player.userId);
      if (existing) return { status: 'already', team: existing.team };
      this.addPlayer(sessionId, { ...player, team }, at);
      return { status: 'joined', session: this.session(sessionId) as QuizSession };
    }).immediate();
  }

  private addPlayer(sessionId: string, player: { userId: string; displayName: string; team: number | null }, at: Date): void {
    this.sql.insertPlayer.run(sessionId, player.userId, player.displayName, player.team, at.getTime());
    this.sql.countJoin.run(player.team === 0 ? 1 : 0, player.team === 1 ? 1 : 0, sessionId);
  }

  player(sessionId: string, userId: string) {
    const row = this.sql.player.get(sessionId, userId);
    return row && toPlayer(row);
  }

  players(sessionId: string) {
    return this.sql.players.all(sessionId).map(toPlayer);
  }

  lobbyNames(sessionId: string, limit: number): LobbyName[] {
    const session = this.session(sessionId);
    const teams = session?.mode === 'teams' ? [0, 1] : [null];
    return teams.flatMap((team) => this.sql.lobbyNames.all(sessionId, team, limit).map((row) => ({ displayName: row.display_name, team: row.team })));
  }

  recordAnswer(attempt: AnswerAttempt, score: ScoreAttempt): AnswerOutcome {
    return this.answerTransaction.immediate(attempt, score);
  }

  /** Inside recordAnswer's transaction (a savepoint when the answer batch holds one). */
  private writeAnswer(attempt: AnswerAttempt, score: ScoreAttempt): AnswerOutcome {
    if (attempt.interactionId !== undefined && !this.claimInteraction(attempt.interactionId, attempt.at)) return { status: 'elsewhere' };
    const state = this.sql.answerState.get(attempt.questionIndex, attempt.sessionId);
    if (!state) return { status: 'closed' };
    const session = toAnsweredSession(state);
    const streak = this.sql.playerStreak.get(attempt.sessionId, attempt.userId);
    // A second click is found by the insert below (the answer key): a refusal here is only a closed question or an outsider.
    const refused = refusedAnswer(session, undefined, streak !== undefined, attempt);
    if (refused) return refused;
    const joined = !streak;
    const scored = score(session, streak ? { streak: streak[0], lastQuestion: streak[1] } : undefined);
    const row = answerRow(attempt, state[9] ?? '', scored);
    if (this.sql.insertAnswer.run(row).changes === 0) {
      const winner = this.sql.answer.get(attempt.sessionId, attempt.questionIndex, attempt.userId) as AnswerRow;
      return { status: 'duplicate', answer: toAnswer(winner) };
    }
    const scoring = playerScoring(row, scored.streakAfter, attempt.displayName);
    if (joined) {
      // Answering is joining, outside team games.
      this.sql.insertScoredPlayer.run(scoring);
      this.sql.countJoin.run(0, 0, attempt.sessionId);
    } else {
      this.sql.scorePlayer.run(scoring);
    }
    this.markActive(session.guildId, attempt.userId, utcDayOf(attempt.at));
    return {
      status: 'recorded',
      answer: insertedAnswer(row, attempt),
      answeredCount: (this.sql.countAnswer.get(attempt.sessionId, attempt.questionIndex, row.correct === 1 ? 0 : 1) as { answered: number }).answered,
      // The transaction holds the write lock: the count read at its start, plus this member if they just joined.
      playerCount: session.playerCount + (joined ? 1 : 0),
      joined,
    };
  }

  answers(sessionId: string, questionIndex?: number) {
    const rows = questionIndex === undefined ? this.sql.allAnswers.all(sessionId) : this.sql.answersOfQuestion.all(sessionId, questionIndex);
    return rows.map(toAnswer);
  }

  answeredCount(sessionId: string, questionIndex: number) {
    return this.sql.answeredCount.get(sessionId, questionIndex)?.answered ?? 0;
  }

  answersOf(sessionId: string, userId: string) {
    return this.sql.answersOf.all({ sessionId, userId }).map(toAnswer);
  }

  missedQuestions(sessionId: string) {
    return this.sql.missedQuestions.all(sessionId).map((row) => ({ userId: row.user_id, questionId: row.question_id }));
  }

  finish(sessionId: string, from: SessionVersion, entries: FinishEntries, at: Date, track: string) {
    return this.db.transaction(() => {
      const session = this.session(sessionId);
      if (!session) return undefined;
      if (!this.advance(sessionId, from, { phase: 'finished', questionIndex: from.questionIndex, at, deadline: null })) return undefined;
      const listed = typeof entries === 'function' ? entries(this.players(sessionId)) : entries;
      if (listed.length === 0) return [];
      const inserted = new Set(this.sql.insertEntries.all(JSON.stringify(listed.map((entry) => entryRow(session, entry, at)))).map((row) => row.user_id));
      const counted = listed.filter((entry) => inserted.has(entry.userId));
      if (counted.length === 0) return counted;
      const users = JSON.stringify(counted.map((entry) => entry.userId));
      this.sql.scoreAnswers.run({ sessionId, users, track });
      // Into the leaderboard roll-ups in the same transaction: one upsert per member and board period.
      this.sql.addToTotals.run({ sessionId, users });
      return counted;
    }).immediate();
  }

  expireAbandonedPractice(before: Date, at: Date): number {
    return this.sql.expirePractice.run(at.getTime(), before.getTime()).changes;
  }

  /** Store.claimInteraction, kept beside the answers it protects. Interaction ids are snowflakes: decimal integers below 2^63. */
  claimInteraction(interactionId: string, at: Date): boolean {
    return this.sql.claim.run(BigInt(interactionId), at.getTime()).changes === 1;
  }

  pruneClaims(before: Date): number {
    return this.sql.pruneClaims.run(firstSnowflakeAt(before), before.getTime()).changes;
  }

  scoreEntry(sessionId: string, userId: string): ScoreEntry | undefined {
    const row = this.sql.scoreEntry.get(sessionId, userId);
    return row && { userId: row.user_id, points: row.points, correct: row.correct, questions: row.questions, bestStreak: row.best_streak, won: row.won === 1 };
  }

  practiceCredited(guildId: string, userId: string, lessonId: string) {
    const row = this.sql.practiceCredited.get(guildId, userId, lessonId);
    return row && new Date(row.created_at);
  }
}
