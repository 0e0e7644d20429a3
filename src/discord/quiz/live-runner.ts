import { Turns } from './turns.js';
import type { CatalogueHolder } from '../../content/catalogue-holder.js';
import type { Lesson } from '../../content/schema.js';
import type { Logger } from '../../log.js';
import {
  defaultCompetitionTiming,
  transition,
  type CompetitionEffect,
  type CompetitionEvent,
  type CompetitionState,
  type CompetitionTiming,
  type Transition,
} from '../../quiz/competition.js';
import { rankPlayers, teamTotals } from '../../quiz/standings.js';
import type { QuizPlayer, QuizSession, ScoreEntry } from '../../store/quiz-store.js';
import type { Store } from '../../store/store.js';
import { deckCards } from '../review-deck.js';
import { lobbyView } from './lobby-view.js';
import { classifyPostFailure, postNonce, type ChannelPoster } from './poster.js';
import { liveQuestionView, type QuestionContext } from './question-view.js';
import { finalView, postFailedNotice, revealView } from './result-views.js';

export { restPoster, type ChannelPoster } from './poster.js';

export interface QuizTiming extends CompetitionTiming {
  /** However many click, the live "answered" count is edited at most this often. */
  countEditIntervalMs: number;
  /** A wake-up that failed (a locked database) is tried again after this, doubling up to the cap. */
  retryBaseMs: number;
  retryCapMs: number;
}

export const defaultQuizTiming: QuizTiming = { ...defaultCompetitionTiming, countEditIntervalMs: 2_000, retryBaseMs: 500, retryCapMs: 30_000 };

export interface LiveQuizDeps {
  store: Store;
  catalogue: CatalogueHolder;
  poster: ChannelPoster;
  now: () => Date;
  log: Logger;
  timing: QuizTiming;
  /** Whether this process's shards own the guild: only the owner resumes and wakes its quizzes. */
  ownsGuild?: (guildId: string) => boolean;
}

/** How many names a lobby lists (per team); the counts are always exact. */
const lobbyNameLimit = 20;
/** Players whose review decks one statement writes at the end of a quiz: a few milliseconds of the event loop each. */
const decksPerWrite = 250;

const stateOf = (session: QuizSession): CompetitionState => ({
  phase: session.phase,
  questionIndex: session.questionIndex,
  questionCount: session.questionIds.length,
  secondsPerQuestion: session.seconds,
  deadline: session.deadline?.getTime() ?? null,
  postAttempts: session.postAttempts,
});

/** Past this many remembered sessions, the memory starts again from nothing. */
const showingLimit = 1_000;

/**
 * The shell around the pure competition (src/quiz/competition.ts): reads the session, asks
 * `transition` what an event means, stores the answer with a compare-and-set, and performs
 * the effects. Timers are only wake-ups; the deadlines live in the store, so a restarted or a
 * second process carries on from them, and whoever loses a race does nothing.
 */
export class LiveQuizRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly retries = new Map<string, number>();
  private readonly pendingEdits = new Map<string, { timer?: NodeJS.Timeout; lastEditAt: number; lobby: boolean }>();
  /** Live sessions last read showing a question: see openSession. */
  private readonly showing = new Map<string, QuizSession>();
  /** One member's clicks on one question, handled in the order they came (the answer handler's). */
  readonly memberTurns = new Turns();
  private stopped = false;

  constructor(private readonly deps: LiveQuizDeps) {}

  get timing(): QuizTiming {
    return this.deps.timing;
  }

  /** After a start: every running competition gets its timer back, and a question whose post was in flight is posted again. */
  async resumeAll(): Promise<void> {
    for (const session of await this.deps.store.quizzes.runningSessions()) {
      if (session.kind !== 'live' || !this.owns(session)) continue;
      this.schedule(session);
      if (session.phase === 'posting') {
        void this.dispatch(session.id, { type: 'resume' }).catch((error: unknown) =>
          this.deps.log.warn({ err: error, sessionId: session.id }, 'could not resume a question post; its deadline will retry'),
        );
      }
    }
  }

  private owns(session: QuizSession): boolean {
    return this.deps.ownsGuild?.(session.guildId) ?? true;
  }

  stopAll(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const edit of this.pendingEdits.values()) clearTimeout(edit.timer);
    this.timers.clear();
    this.pendingEdits.clear();
  }

  /** Wakes every session whose deadline has passed, now (tests use it instead of waiting). */
  async tick(): Promise<void> {
    const now = this.deps.now().getTime();
    const due = (await this.deps.store.quizzes.runningSessions()).filter((session) => session.kind === 'live' && this.owns(session) && session.deadline && session.deadline.getTime() <= now);
    for (const session of due) await this.wake(session.id);
  }

  schedule(session: QuizSession): void {
    this.clearTimer(session.id);
    if (this.stopped || !session.deadline) return;
    this.setTimer(session.id, Math.max(0, session.deadline.getTime() - this.deps.now().getTime()));
  }

  /**
   * Applies an event. Returns whether this process made the move: false when it no longer
   * applies or another process made it first. Database errors propagate to the caller.
   */
  async dispatch(sessionId: string, event: CompetitionEvent): Promise<boolean> {
    // A lost compare-and-set means another process moved first: the event is judged again against what it left.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const before = await this.deps.store.quizzes.session(sessionId);
      if (!before || before.kind !== 'live') return false;
      const now = this.deps.now();
      const move = transition(stateOf(before), event, now.getTime(), this.deps.timing);
      if (!move) {
        if (before.phase !== 'finished' && before.phase !== 'cancelled') this.schedule(before);
        return false;
      }
      if (await this.persist(before, move, now)) {
        await this.afterMove(sessionId, before, move);
        return true;
      }
    }
    return false;
  }

  private async afterMove(sessionId: string, before: QuizSession, move: Transition): Promise<void> {
    const after = await this.deps.store.quizzes.session(sessionId) as QuizSession;
    if (after.phase === 'finished' || after.phase === 'cancelled') this.forget(sessionId);
    else this.schedule(after);
    for (const effect of move.effects) await this.perform(effect, before, after);
  }

  /** After a counted answer: an early reveal when everyone has answered, else a coalesced count edit. */
  noteAnswer(session: QuizSession, answered: { answeredCount: number; playerCount: number; joined: boolean }): void {
    if (answered.joined) this.scheduleEdit(session.id, { lobby: true });
    if (answered.playerCount > 0 && answered.answeredCount >= answered.playerCount) {
      void this.dispatch(session.id, { type: 'all-answered', questionIndex: session.questionIndex }).catch((error: unknown) =>
        this.deps.log.warn({ err: error, sessionId: session.id }, 'early reveal failed; the deadline will reveal'),
      );
    } else {
      this.scheduleEdit(session.id, { lobby: false });
    }
  }

  /** A lobby's player list changed (a join): its message is edited, coalesced like the answer count. */
  noteJoin(sessionId: string): void {
    this.scheduleEdit(sessionId, { lobby: true });
  }

  /**
   * The session as this process last read it showing question `index`, while that question's
   * deadline has not passed: an answer to it needs nothing of the session that changes before then
   * (its lesson, questions, kind and host are fixed), so it skips reading the session again. Whether
   * the question still takes the answer is for the answer's own transaction to say; a move this
   * process makes forgets the session at once.
   */
  openSession(sessionId: string, index: number, at: number): QuizSession | undefined {
    const session = this.showing.get(sessionId);
    if (!session || session.questionIndex !== index || session.phase !== 'question' || session.deadline === null || at > session.deadline.getTime()) return undefined;
    return session;
  }

  /** Remembers a live session read showing a question; bounded, as the sessions running at once are few. */
  rememberShowing(session: QuizSession): void {
    if (session.kind !== 'live' || session.phase !== 'question') return;
    if (this.showing.size >= showingLimit) this.showing.clear();
    this.showing.set(session.id, session);
  }

  forgetShowing(sessionId: string): void {
    this.showing.delete(sessionId);
  }

  questionContext(session: QuizSession, index: number): QuestionContext | undefined {
    const lesson = this.deps.catalogue.current.lesson(session.lessonId);
    const question = lesson?.questions.find((candidate) => candidate.id === session.questionIds[index]);
    return lesson && question ? { session, lesson, question, index } : undefined;
  }

  async lobbyView(session: QuizSession) {
    const lesson = this.deps.catalogue.current.lesson(session.lessonId);
    return lesson && lobbyView(session, lesson, await this.deps.store.quizzes.lobbyNames(session.id, lobbyNameLimit));
  }

  private async persist(before: QuizSession, move: Transition, now: Date): Promise<boolean> {
    this.showing.delete(before.id);
    const from = { phase: before.phase, questionIndex: before.questionIndex, postAttempts: before.postAttempts };
    const { state } = move;
    if (state.phase === 'finished') {
      const finish = move.effects.find((effect) => effect.type === 'finish');
      const lesson = this.deps.catalogue.current.lesson(before.lessonId);
      const asked = finish?.type === 'finish' ? finish.asked : 0;
      // Ranked from the players as the finishing transaction reads them: an answer racing the stop is counted or refused.
      const entries = (players: QuizPlayer[]) => this.scoreEntries(before, asked, players);
      return (await this.deps.store.quizzes.finish(before.id, from, entries, now, lesson?.track ?? 'unknown')) !== undefined;
    }
    return await this.deps.store.quizzes.advance(before.id, from, {
      phase: state.phase,
      questionIndex: state.questionIndex,
      at: new Date(move.phaseStartedAt),
      deadline: state.deadline === null ? null : new Date(state.deadline),
      postAttempts: state.postAttempts,
      questionMessageId: move.questionMessageId,
    });
  }

  private scoreEntries(session: QuizSession, asked: number, players: QuizPlayer[]): ScoreEntry[] {
    const [winningTeam, runnerUp] = teamTotals(players, 2);
    const teamWon = (team: number | null) => team !== null && winningTeam?.team === team && winningTeam.points > (runnerUp?.points ?? -1);
    return rankPlayers(players).map(({ rank, entry }) => ({
      userId: entry.userId,
      points: entry.points,
      correct: entry.correct,
      questions: asked,
      bestStreak: entry.bestStreak,
      won: session.mode === 'teams' ? teamWon(entry.team) : rank === 1 && entry.points > 0,
    }));
  }

  private async perform(effect: CompetitionEffect, before: QuizSession, after: QuizSession): Promise<void> {
    const { poster } = this.deps;
    switch (effect.type) {
      case 'refresh-lobby':
        return this.guard('lobby edit', () => this.editLobby(after));
      case 'post-question':
        return this.postQuestion(after, effect.questionIndex);
      case 'close-question': {
        const context = this.questionContext(before, effect.questionIndex);
        const messageId = before.questionMessageId;
        if (!context || !messageId) return;
        this.cancelEdit(before.id);
        const answered = await this.deps.store.quizzes.answeredCount(before.id, effect.questionIndex);
        return this.guard('close question', () => poster.edit(before.channelId, messageId, liveQuestionView(context, { answered, closed: true })));
      }
      case 'post-reveal': {
        const context = this.questionContext(after, effect.questionIndex);
        if (!context) return;
        const answers = await this.deps.store.quizzes.answers(after.id, effect.questionIndex);
        const players = await this.deps.store.quizzes.players(after.id);
        const view = revealView({ session: after, question: context.question, index: effect.questionIndex, answers, players, nextAt: effect.last ? null : after.deadline });
        return this.guard('reveal', async () => void (await poster.post(after.channelId, view)));
      }
      case 'finish':
        return this.announceResults(after, effect.asked);
      case 'tell-post-failed':
        return this.tellPostFailed(after, effect.questionIndex);
    }
  }

  /** Posts with a nonce Discord enforces, so a retry after a crash or a timeout returns the same message. */
  private async postQuestion(session: QuizSession, index: number): Promise<void> {
    const context = this.questionContext(session, index);
    if (!context) {
      await this.dispatch(session.id, { type: 'stop' });
      return;
    }
    let event: CompetitionEvent;
    try {
      const messageId = await this.deps.poster.post(session.channelId, liveQuestionView(context, { answered: 0, closed: false }), postNonce(session.id, index));
      event = { type: 'posted', questionIndex: index, messageId };
    } catch (error) {
      const failure = classifyPostFailure(error);
      this.deps.log.warn({ err: error, sessionId: session.id, question: index, permanent: failure.permanent }, 'could not post a question');
      event = { type: 'post-failed', questionIndex: index, permanent: failure.permanent };
    }
    try {
      await this.dispatch(session.id, event);
    } catch (error) {
      // The posting deadline still stands: the next wake-up posts again with the same nonce.
      this.deps.log.warn({ err: error, sessionId: session.id }, 'could not record the question post; it will be retried');
    }
    // The new question was just drawn with its count: the next count edit waits its full interval.
    const edit = this.pendingEdits.get(session.id);
    if (edit) edit.lastEditAt = this.deps.now().getTime();
    else this.pendingEdits.set(session.id, { lastEditAt: this.deps.now().getTime(), lobby: false });
  }

  private async announceResults(session: QuizSession, asked: number): Promise<void> {
    const lesson = this.deps.catalogue.current.lesson(session.lessonId);
    const players = await this.deps.store.quizzes.players(session.id);
    if (lesson) await this.addToPlayersDecks(session, lesson, players);
    await this.guard('final standings', async () => {
      if (!lesson) return;
      await this.editLobby(session);
      await this.deps.poster.post(session.channelId, finalView(session, lesson, players));
      const { announcementsChannelId } = await this.deps.store.guildSettings(session.guildId);
      if (announcementsChannelId && announcementsChannelId !== session.channelId) {
        await this.deps.poster.post(announcementsChannelId, finalView(session, lesson, players));
      }
    });
    this.deps.log.info({ sessionId: session.id, players: players.length, asked }, 'quiz finished');
  }

  /**
   * Every player's review deck gains the lesson's recall cards and the questions they missed: one
   * read of the session's wrong answers, then the decks written a slice of players at a time,
   * with the event loop free between slices, so a quiz of thousands holds up no one's clicks.
   */
  private async addToPlayersDecks(session: QuizSession, lesson: Lesson, players: readonly QuizPlayer[]): Promise<void> {
    const missed = new Map<string, string[]>();
    for (const { userId, questionId } of await this.deps.store.quizzes.missedQuestions(session.id)) {
      const questions = missed.get(userId);
      if (questions) questions.push(questionId);
      else missed.set(userId, [questionId]);
    }
    const at = this.deps.now();
    for (let start = 0; start < players.length; start += decksPerWrite) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      const decks = players.slice(start, start + decksPerWrite).map((player) => ({ userId: player.userId, cards: deckCards(lesson, missed.get(player.userId) ?? []) }));
      await this.deps.store.reviews.addToDecks(session.guildId, decks, at);
    }
  }

  /** In the channel if the bot still can; to the host directly otherwise. */
  private async tellPostFailed(session: QuizSession, index: number): Promise<void> {
    const notice = postFailedNotice(session, index);
    try {
      await this.deps.poster.post(session.channelId, notice);
    } catch {
      await this.guard('tell the host', () => this.deps.poster.direct(session.hostId, notice));
    }
  }

  private async editLobby(session: QuizSession): Promise<void> {
    const view = await this.lobbyView(session);
    if (session.lobbyMessageId && view) await this.deps.poster.edit(session.channelId, session.lobbyMessageId, view);
  }

  /** A timer went off: the deadline event, retried with backoff when the database or Discord fails. */
  private async wake(sessionId: string): Promise<void> {
    try {
      await this.dispatch(sessionId, { type: 'deadline' });
      this.retries.delete(sessionId);
    } catch (error) {
      const attempt = (this.retries.get(sessionId) ?? 0) + 1;
      this.retries.set(sessionId, attempt);
      const delay = Math.min(this.deps.timing.retryCapMs, this.deps.timing.retryBaseMs * 2 ** (attempt - 1));
      this.deps.log.warn({ err: error, sessionId, attempt, retryInMs: delay }, 'quiz deadline could not be handled; retrying');
      if (!this.stopped) this.setTimer(sessionId, delay);
    }
  }

  private setTimer(sessionId: string, delayMs: number): void {
    this.clearTimer(sessionId);
    const timer = setTimeout(() => {
      this.timers.delete(sessionId);
      void this.wake(sessionId);
    }, delayMs);
    timer.unref();
    this.timers.set(sessionId, timer);
  }

  private clearTimer(sessionId: string): void {
    clearTimeout(this.timers.get(sessionId));
    this.timers.delete(sessionId);
  }

  private scheduleEdit(sessionId: string, what: { lobby: boolean }): void {
    const edit = this.pendingEdits.get(sessionId) ?? { lastEditAt: 0, lobby: false };
    edit.lobby ||= what.lobby;
    this.pendingEdits.set(sessionId, edit);
    if (edit.timer || this.stopped) return;
    const delay = Math.max(0, edit.lastEditAt + this.deps.timing.countEditIntervalMs - this.deps.now().getTime());
    edit.timer = setTimeout(() => void this.flushEdit(sessionId), delay);
    edit.timer.unref();
  }

  private async flushEdit(sessionId: string): Promise<void> {
    const edit = this.pendingEdits.get(sessionId);
    if (!edit) return;
    const lobby = edit.lobby;
    Object.assign(edit, { timer: undefined, lastEditAt: this.deps.now().getTime(), lobby: false });
    await this.guard('count edit', async () => {
      const session = await this.deps.store.quizzes.session(sessionId);
      if (!session) return;
      if (lobby) await this.editLobby(session);
      if (session.phase !== 'question' || !session.questionMessageId) return;
      const context = this.questionContext(session, session.questionIndex);
      if (!context) return;
      const answered = await this.deps.store.quizzes.answeredCount(sessionId, session.questionIndex);
      await this.deps.poster.edit(session.channelId, session.questionMessageId, liveQuestionView(context, { answered, closed: false }));
    });
  }

  private cancelEdit(sessionId: string): void {
    const edit = this.pendingEdits.get(sessionId);
    if (edit?.timer && !edit.lobby) {
      clearTimeout(edit.timer);
      edit.timer = undefined;
    }
  }

  private forget(sessionId: string): void {
    this.showing.delete(sessionId);
    this.clearTimer(sessionId);
    this.retries.delete(sessionId);
    clearTimeout(this.pendingEdits.get(sessionId)?.timer);
    this.pendingEdits.delete(sessionId);
  }

  /** A message that fails must not stop the game: the state is in the store, the next move still comes. */
  private async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.deps.log.warn({ err: error, what }, 'quiz message failed');
    }
  }
}
