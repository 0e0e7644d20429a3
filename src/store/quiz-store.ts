import type { Response } from '../quiz/grading.js';

export type QuizKind = 'practice' | 'live';
export type QuizMode = 'solo' | 'ffa' | 'teams';
export type QuizPhase = 'lobby' | 'question' | 'reveal' | 'finished' | 'cancelled';

export interface QuizSession {
  id: string;
  guildId: string;
  channelId: string;
  lessonId: string;
  kind: QuizKind;
  mode: QuizMode;
  hostId: string;
  questionIds: string[];
  seconds: number;
  speedBonus: boolean;
  phase: QuizPhase;
  /** -1 in the lobby. */
  questionIndex: number;
  phaseStartedAt: Date;
  /** When the current phase ends by itself: lobby expiry, question deadline, end of a reveal pause. */
  deadline: Date | null;
  lobbyMessageId: string | null;
  questionMessageId: string | null;
  createdAt: Date;
  endedAt: Date | null;
}

export type NewQuizSession = Omit<QuizSession, 'lobbyMessageId' | 'questionMessageId' | 'endedAt' | 'createdAt'>;

export interface QuizPlayer {
  userId: string;
  displayName: string;
  team: number | null;
  points: number;
  correct: number;
  answered: number;
  answerTimeMs: number;
  streak: number;
  bestStreak: number;
  /** The last question this player answered fully correctly, for streaks. */
  lastQuestion: number;
}

export interface QuizAnswer {
  questionIndex: number;
  questionId: string;
  userId: string;
  response: Response;
  credit: number;
  correct: boolean;
  points: number;
  elapsedMs: number;
  answeredAt: Date;
}

export interface AnswerAttempt {
  sessionId: string;
  questionIndex: number;
  userId: string;
  displayName: string;
  response: Response;
  at: Date;
}

/** Scores an attempt from the player's state, inside the store's transaction. */
export type ScoreAttempt = (
  session: QuizSession,
  player: QuizPlayer | undefined,
) => { credit: number; correct: boolean; points: number; elapsedMs: number; streakAfter: number };

export type AnswerOutcome =
  | { status: 'recorded'; answer: QuizAnswer; answeredCount: number; playerCount: number }
  | { status: 'duplicate'; answer: QuizAnswer }
  | { status: 'closed' }
  | { status: 'not-a-player' };

export type JoinOutcome = { status: 'joined'; players: QuizPlayer[] } | { status: 'already'; team: number | null } | { status: 'closed' };

export interface PhaseChange {
  phase: QuizPhase;
  questionIndex: number;
  at: Date;
  deadline: Date | null;
}

export interface ScoreEntry {
  userId: string;
  points: number;
  correct: number;
  questions: number;
  bestStreak: number;
  won: boolean;
}

export interface QuizStore {
  /** Refused with the running session when the channel already has a live quiz. */
  createSession(session: NewQuizSession, at: Date): { status: 'created'; session: QuizSession } | { status: 'busy'; running: QuizSession };
  session(id: string): QuizSession | undefined;
  runningSessions(): QuizSession[];
  runningInChannel(channelId: string): QuizSession | undefined;
  setMessages(id: string, messages: { lobbyMessageId?: string; questionMessageId?: string }): void;
  /** Compare-and-set: moves on only from the expected phase and question, so a move happens once. */
  advance(id: string, from: { phase: QuizPhase; questionIndex: number }, to: PhaseChange): boolean;
  join(sessionId: string, player: { userId: string; displayName: string; team: number | null }, at: Date): JoinOutcome;
  players(sessionId: string): QuizPlayer[];
  /** The answer row and the score change in one transaction; a second attempt changes nothing. */
  recordAnswer(attempt: AnswerAttempt, score: ScoreAttempt): AnswerOutcome;
  answers(sessionId: string, questionIndex?: number): QuizAnswer[];
  answersOf(sessionId: string, userId: string): QuizAnswer[];
  /**
   * Ends the session and, in the same transaction, writes each counted member's entry and
   * scored answers to the leaderboard (tagged with the lesson's track and the current season).
   * Returns the entries that counted.
   */
  finish(sessionId: string, from: { phase: QuizPhase; questionIndex: number }, entries: ScoreEntry[], at: Date, track: string): ScoreEntry[] | undefined;
  cancel(sessionId: string, at: Date): boolean;
  /** What a finished quiz put on the leaderboard for this member, if anything. */
  scoreEntry(sessionId: string, userId: string): ScoreEntry | undefined;
  /** When this member first earned practice points for the lesson in this server, if ever. */
  practiceCredited(guildId: string, userId: string, lessonId: string): Date | undefined;
}
