import { Routes, type APIMessage, type REST } from 'discord.js';
import type { Catalogue } from '../../content/catalogue.js';
import type { Logger } from '../../log.js';
import { rankPlayers, teamTotals } from '../../quiz/standings.js';
import type { QuizPhase, QuizSession, ScoreEntry } from '../../store/quiz-store.js';
import type { Store } from '../../store/store.js';
import { addToDeck } from '../review-deck.js';
import type { MessageView } from '../views/lesson.js';
import { lobbyView } from './lobby-view.js';
import { liveQuestionView, type QuestionContext } from './question-view.js';
import { finalView, revealView } from './result-views.js';

/** Where public quiz messages go: the channel, through the bot's own REST client. */
export interface ChannelPoster {
  post(channelId: string, view: MessageView): Promise<string>;
  edit(channelId: string, messageId: string, view: MessageView): Promise<void>;
}

export const restPoster = (rest: REST): ChannelPoster => ({
  async post(channelId, view) {
    const message = (await rest.post(Routes.channelMessages(channelId), { body: { ...view, allowed_mentions: { parse: [] } } })) as APIMessage;
    return message.id;
  },
  async edit(channelId, messageId, view) {
    await rest.patch(Routes.channelMessage(channelId, messageId), { body: { ...view, allowed_mentions: { parse: [] } } });
  },
});

export interface QuizTiming {
  /** The pause between a reveal and the next question. */
  revealPauseMs: number;
  /** However many click, the live "answered" count is edited at most this often. */
  countEditIntervalMs: number;
  /** An unstarted lobby closes by itself after this long. */
  lobbyTimeoutMs: number;
}

export const defaultQuizTiming: QuizTiming = { revealPauseMs: 5_000, countEditIntervalMs: 2_000, lobbyTimeoutMs: 600_000 };

export interface LiveQuizDeps {
  store: Store;
  catalogue: Catalogue;
  poster: ChannelPoster;
  now: () => Date;
  log: Logger;
  timing: QuizTiming;
}

type From = { phase: QuizPhase; questionIndex: number };

/**
 * Drives live competitions. Every move is a compare-and-set in the store, so a timer, a
 * host's click and a restarted process can race and the move still happens once. Timers
 * are only a wake-up: after a restart, resumeAll() reads the deadlines back from the store.
 */
export class LiveQuizRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly countEdits = new Map<string, { timer?: NodeJS.Timeout; lastEditAt: number }>();
  private stopped = false;

  constructor(private readonly deps: LiveQuizDeps) {}

  get timing(): QuizTiming {
    return this.deps.timing;
  }

  resumeAll(): void {
    for (const session of this.deps.store.quizzes.runningSessions()) if (session.kind === 'live') this.schedule(session);
  }

  stopAll(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const edit of this.countEdits.values()) clearTimeout(edit.timer);
    this.timers.clear();
    this.countEdits.clear();
  }

  /** Handles every session whose deadline has passed, now. */
  async tick(): Promise<void> {
    const now = this.deps.now().getTime();
    const due = this.deps.store.quizzes.runningSessions().filter((session) => session.kind === 'live' && session.deadline && session.deadline.getTime() <= now);
    for (const session of due) await this.onDeadline(session.id);
  }

  schedule(session: QuizSession): void {
    clearTimeout(this.timers.get(session.id));
    this.timers.delete(session.id);
    if (this.stopped || !session.deadline) return;
    const delay = Math.max(0, session.deadline.getTime() - this.deps.now().getTime());
    const timer = setTimeout(() => void this.onDeadline(session.id), delay);
    timer.unref();
    this.timers.set(session.id, timer);
  }

  async lobbyOpened(session: QuizSession): Promise<void> {
    this.schedule(session);
  }

  async start(session: QuizSession): Promise<boolean> {
    const at = this.deps.now();
    const from = { phase: 'lobby' as const, questionIndex: -1 };
    const deadline = new Date(at.getTime() + session.seconds * 1000);
    if (!this.deps.store.quizzes.advance(session.id, from, { phase: 'question', questionIndex: 0, at, deadline })) return false;
    await this.refreshLobby(session.id);
    await this.postQuestion(session.id);
    return true;
  }

  async cancel(session: QuizSession): Promise<boolean> {
    if (!this.deps.store.quizzes.cancel(session.id, this.deps.now())) return false;
    this.forget(session.id);
    await this.refreshLobby(session.id);
    return true;
  }

  /** Skip: reveal the current question now, or move past a reveal now. */
  async skip(session: QuizSession): Promise<void> {
    if (session.phase === 'question') await this.reveal(session.id, session.questionIndex);
    else if (session.phase === 'reveal') await this.afterReveal(session.id, session.questionIndex);
  }

  /** Stop: end now; answers already locked in count. */
  async stop(session: QuizSession): Promise<void> {
    if (session.phase === 'lobby') await this.cancel(session);
    else await this.finish(session.id, { phase: session.phase, questionIndex: session.questionIndex });
  }

  /** After a counted answer: an early reveal when everyone has answered, else a coalesced count edit. */
  noteAnswer(session: QuizSession, answeredCount: number, playerCount: number): void {
    if (playerCount > 0 && answeredCount >= playerCount) void this.reveal(session.id, session.questionIndex);
    else this.scheduleCountEdit(session.id);
  }

  private async onDeadline(sessionId: string): Promise<void> {
    const session = this.deps.store.quizzes.session(sessionId);
    if (!session || this.stopped) return;
    if (session.deadline && session.deadline.getTime() > this.deps.now().getTime()) return this.schedule(session);
    if (session.phase === 'lobby') await this.expireLobby(session);
    else if (session.phase === 'question') await this.reveal(session.id, session.questionIndex);
    else if (session.phase === 'reveal') await this.afterReveal(session.id, session.questionIndex);
  }

  private async expireLobby(session: QuizSession): Promise<void> {
    if (this.deps.store.quizzes.cancel(session.id, this.deps.now())) {
      this.forget(session.id);
      await this.refreshLobby(session.id);
    }
  }

  private async reveal(sessionId: string, questionIndex: number): Promise<void> {
    const at = this.deps.now();
    const session = this.deps.store.quizzes.session(sessionId);
    if (!session) return;
    const last = questionIndex >= session.questionIds.length - 1;
    const nextAt = new Date(at.getTime() + this.deps.timing.revealPauseMs);
    const moved = this.deps.store.quizzes.advance(sessionId, { phase: 'question', questionIndex }, { phase: 'reveal', questionIndex, at, deadline: nextAt });
    if (!moved) return;
    this.cancelCountEdit(sessionId);
    const revealed = { ...session, phase: 'reveal' as const, deadline: nextAt };
    const context = this.questionContext(revealed, questionIndex);
    await this.guard('reveal', async () => {
      if (!context) return;
      const answers = this.deps.store.quizzes.answers(sessionId, questionIndex);
      if (session.questionMessageId) {
        await this.deps.poster.edit(session.channelId, session.questionMessageId, liveQuestionView(context, { answered: answers.length, closed: true }));
      }
      const players = this.deps.store.quizzes.players(sessionId);
      await this.deps.poster.post(session.channelId, revealView({ session, question: context.question, index: questionIndex, answers, players, nextAt: last ? null : nextAt }));
    });
    this.schedule(revealed);
  }

  private async afterReveal(sessionId: string, questionIndex: number): Promise<void> {
    const session = this.deps.store.quizzes.session(sessionId);
    if (!session) return;
    const from = { phase: 'reveal' as const, questionIndex };
    if (questionIndex + 1 >= session.questionIds.length) return this.finish(sessionId, from);
    const at = this.deps.now();
    const deadline = new Date(at.getTime() + session.seconds * 1000);
    if (!this.deps.store.quizzes.advance(sessionId, from, { phase: 'question', questionIndex: questionIndex + 1, at, deadline })) return;
    await this.postQuestion(sessionId);
  }

  private async postQuestion(sessionId: string): Promise<void> {
    const session = this.deps.store.quizzes.session(sessionId);
    if (!session) return;
    const context = this.questionContext(session, session.questionIndex);
    if (!context) return this.finish(sessionId, { phase: session.phase, questionIndex: session.questionIndex });
    await this.guard('post question', async () => {
      const messageId = await this.deps.poster.post(session.channelId, liveQuestionView(context, { answered: 0, closed: false }));
      this.deps.store.quizzes.setMessages(sessionId, { questionMessageId: messageId });
    });
    this.countEdits.set(sessionId, { lastEditAt: this.deps.now().getTime() });
    this.schedule(session);
  }

  private async finish(sessionId: string, from: From): Promise<void> {
    const session = this.deps.store.quizzes.session(sessionId);
    if (!session) return;
    const players = this.deps.store.quizzes.players(sessionId);
    const asked = Math.min(session.questionIds.length, from.questionIndex + 1);
    const ranked = rankPlayers(players);
    const [winningTeam, runnerUp] = teamTotals(players, 2);
    const teamWon = (team: number | null) =>
      session.mode === 'teams' && team !== null && winningTeam?.team === team && winningTeam.points > (runnerUp?.points ?? -1);
    const entries: ScoreEntry[] = ranked.map(({ rank, entry }) => ({
      userId: entry.userId,
      points: entry.points,
      correct: entry.correct,
      questions: asked,
      bestStreak: entry.bestStreak,
      won: session.mode === 'teams' ? teamWon(entry.team) : rank === 1 && entry.points > 0,
    }));
    const lesson = this.deps.catalogue.lesson(session.lessonId);
    if (!this.deps.store.quizzes.finish(sessionId, from, entries, this.deps.now(), lesson?.track ?? 'unknown')) return;
    this.forget(sessionId);
    if (lesson) {
      for (const player of players) {
        const place = { guildId: session.guildId, userId: player.userId };
        addToDeck(this.deps.store.reviews, place, lesson, this.deps.store.quizzes.answersOf(sessionId, player.userId), this.deps.now());
      }
    }
    await this.guard('final standings', async () => {
      if (session.questionMessageId && from.phase === 'question') {
        const context = this.questionContext(session, from.questionIndex);
        const answered = this.deps.store.quizzes.answers(sessionId, from.questionIndex).length;
        if (context) await this.deps.poster.edit(session.channelId, session.questionMessageId, liveQuestionView(context, { answered, closed: true }));
      }
      if (!lesson) return;
      await this.deps.poster.post(session.channelId, finalView(session, lesson, players));
      const { announcementsChannelId } = this.deps.store.guildSettings(session.guildId);
      if (announcementsChannelId && announcementsChannelId !== session.channelId) {
        await this.deps.poster.post(announcementsChannelId, finalView(session, lesson, players));
      }
    });
    this.deps.log.info({ sessionId, players: players.length, asked }, 'quiz finished');
  }

  async refreshLobby(sessionId: string): Promise<void> {
    const session = this.deps.store.quizzes.session(sessionId);
    const lesson = session && this.deps.catalogue.lesson(session.lessonId);
    if (!session?.lobbyMessageId || !lesson) return;
    const view = lobbyView(session, lesson, this.deps.store.quizzes.players(sessionId));
    await this.guard('lobby edit', () => this.deps.poster.edit(session.channelId, session.lobbyMessageId as string, view));
  }

  private scheduleCountEdit(sessionId: string): void {
    const edit = this.countEdits.get(sessionId) ?? { lastEditAt: 0 };
    this.countEdits.set(sessionId, edit);
    if (edit.timer || this.stopped) return;
    const delay = Math.max(0, edit.lastEditAt + this.deps.timing.countEditIntervalMs - this.deps.now().getTime());
    edit.timer = setTimeout(() => void this.editCount(sessionId), delay);
    edit.timer.unref();
  }

  private async editCount(sessionId: string): Promise<void> {
    const edit = this.countEdits.get(sessionId);
    if (!edit) return;
    edit.timer = undefined;
    edit.lastEditAt = this.deps.now().getTime();
    const session = this.deps.store.quizzes.session(sessionId);
    if (session?.phase !== 'question' || !session.questionMessageId) return;
    const context = this.questionContext(session, session.questionIndex);
    if (!context) return;
    const answered = this.deps.store.quizzes.answers(sessionId, session.questionIndex).length;
    await this.guard('count edit', () => this.deps.poster.edit(session.channelId, session.questionMessageId as string, liveQuestionView(context, { answered, closed: false })));
  }

  private cancelCountEdit(sessionId: string): void {
    const edit = this.countEdits.get(sessionId);
    if (edit?.timer) clearTimeout(edit.timer);
    if (edit) edit.timer = undefined;
  }

  private forget(sessionId: string): void {
    clearTimeout(this.timers.get(sessionId));
    this.timers.delete(sessionId);
    this.cancelCountEdit(sessionId);
    this.countEdits.delete(sessionId);
  }

  questionContext(session: QuizSession, index: number): QuestionContext | undefined {
    const lesson = this.deps.catalogue.lesson(session.lessonId);
    const question = lesson?.questions.find((candidate) => candidate.id === session.questionIds[index]);
    return lesson && question ? { session, lesson, question, index } : undefined;
  }

  /** A failed post must not stop the game: the state is in the store, the next move still comes. */
  private async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.deps.log.error({ err: error, what }, 'quiz message failed');
    }
  }
}
