import type { Response } from '../quiz/grading.js';

export type QuizKind = 'practice' | 'live';
export type QuizMode = 'solo' | 'ffa' | 'teams';
/** 'posting': a live question whose message is being posted; not yet open for answers. */
export type QuizPhase = 'lobby' | 'posting' | 'question' | 'reveal' | 'finished' | 'cancelled';

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
  /** Failed attempts at posting the current question. */
  postAttempts: number;
  /** Kept by every join, so nobody has to count the players. */
  playerCount: number;
  /** Players in Team Red and Team Blue. */
  teamCounts: [number, number];
}

export type NewQuizSession = Omit<
  QuizSession,
  'lobbyMessageId' | 'questionMessageId' | 'endedAt' | 'createdAt' | 'postAttempts' | 'playerCount' | 'teamCounts'
>;

/** What a compare-and-set move expects to find. */
export interface SessionVersion {
  phase: QuizPhase;
  questionIndex: number;
  postAttempts?: number;
}

/** A player as the lobby lists them. */
export interface LobbyName {
  displayName: string;
  team: number | null;
}

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
  /**
   * The interaction that carries the answer, claimed in the same transaction that records it
   * (Store.claimInteraction's guarantee, without a commit of its own): another process that
   * got the same interaction is told 'elsewhere' and stays silent.
   */
  interactionId?: string;
}

/** What scoring reads of the session: fixed for the session, but for when the question was shown. */
export type ScoringSession = Pick<QuizSession, 'phaseStartedAt' | 'seconds' | 'speedBonus'>;
/** What scoring reads of the player: the streak, and the question it was last extended on. */
export type ScoringPlayer = Pick<QuizPlayer, 'streak' | 'lastQuestion'>;

/** Scores an attempt from the player's state, inside the store's transaction. */
export type ScoreAttempt = (
  session: ScoringSession,
  player: ScoringPlayer | undefined,
) => { credit: number; correct: boolean; points: number; elapsedMs: number; streakAfter: number };

export type AnswerOutcome =
  /** `joined`: answering made the member a player (a free-for-all welcomes late players). */
  | { status: 'recorded'; answer: QuizAnswer; answeredCount: number; playerCount: number; joined: boolean }
  | { status: 'duplicate'; answer: QuizAnswer }
  | { status: 'closed' }
  | { status: 'not-a-player' }
  /** Another process claimed this interaction: it records and answers it. */
  | { status: 'elsewhere' };

export type JoinOutcome =
  | { status: 'joined'; session: QuizSession }
  | { status: 'already'; team: number | null }
  | { status: 'closed' }
  /** A team game is joined with a team. */
  | { status: 'needs-team' };

export interface PhaseChange {
  phase: QuizPhase;
  questionIndex: number;
  at: Date;
  deadline: Date | null;
  postAttempts?: number;
  /** Set with the move (null clears it); left alone when undefined. */
  questionMessageId?: string | null;
}

/**
 * The entries a finish writes: given, or computed from the players as the finishing
 * transaction reads them, so an answer recorded while the quiz is being stopped is either
 * in the entries or refused, never stored beside them uncounted.
 */
export type FinishEntries = ScoreEntry[] | ((players: QuizPlayer[]) => ScoreEntry[]);

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
  createSession(session: NewQuizSession, at: Date): Promise<{ status: 'created'; session: QuizSession } | { status: 'busy'; running: QuizSession }>;
  session(id: string): Promise<QuizSession | undefined>;
  runningSessions(): Promise<QuizSession[]>;
  runningInChannel(channelId: string): Promise<QuizSession | undefined>;
  setMessages(id: string, messages: { lobbyMessageId?: string }): Promise<void>;
  /** Compare-and-set: moves on only from the expected phase, question and post attempts, so a move happens once. */
  advance(id: string, from: SessionVersion, to: PhaseChange): Promise<boolean>;
  /** O(1) in the number of players: one row, one counter. */
  join(sessionId: string, player: { userId: string; displayName: string; team: number | null }, at: Date): Promise<JoinOutcome>;
  player(sessionId: string, userId: string): Promise<QuizPlayer | undefined>;
  players(sessionId: string): Promise<QuizPlayer[]>;
  /** The first `limit` players to join (of each team in a team game), for the lobby. */
  lobbyNames(sessionId: string, limit: number): Promise<LobbyName[]>;
  /**
   * The answer row, the score change and the question's tally in one transaction; a second
   * attempt changes nothing. O(1) in the answers the question already has.
   */
  recordAnswer(attempt: AnswerAttempt, score: ScoreAttempt): Promise<AnswerOutcome>;
  /** How many members have answered the question: one row, kept by recordAnswer. */
  answeredCount(sessionId: string, questionIndex: number): Promise<number>;
  answers(sessionId: string, questionIndex?: number): Promise<QuizAnswer[]>;
  /** One member's answers in question order: a lookup per question of the session, whatever its number of answers. */
  answersOf(sessionId: string, userId: string): Promise<QuizAnswer[]>;
  /** Every wrong answer of the session, by question then member: what each member's review deck gains at the end. */
  missedQuestions(sessionId: string): Promise<{ userId: string; questionId: string }[]>;
  /**
   * Ends the session and, in the same transaction, writes each counted member's entry and
   * scored answers to the leaderboard (tagged with the lesson's track and the current season).
   * Returns the entries that counted. A fixed number of statements, whatever the number of members.
   */
  finish(sessionId: string, from: SessionVersion, entries: FinishEntries, at: Date, track: string): Promise<ScoreEntry[] | undefined>;
  /** Practice runs left open since `before` are closed; returns how many. */
  expireAbandonedPractice(before: Date, at: Date): Promise<number>;
  /** What a finished quiz put on the leaderboard for this member, if anything. */
  scoreEntry(sessionId: string, userId: string): Promise<ScoreEntry | undefined>;
  /** When this member first earned practice points for the lesson in this server, if ever. */
  practiceCredited(guildId: string, userId: string, lessonId: string): Promise<Date | undefined>;
}
