import type { TimeRange } from '../leaderboard/periods.js';

export interface BoardRow {
  userId: string;
  displayName: string;
  points: number;
  answered: number;
  correct: number;
  rank: number;
}

export interface BoardQuery {
  guildId: string;
  range: TimeRange;
  track?: string | undefined;
}

export interface Season {
  number: number;
  startedAt: Date;
}

export interface MemberStats {
  points: number;
  answered: number;
  correct: number;
  competitions: number;
  wins: number;
  bestStreak: number;
  lessonsCompleted: number;
}

export interface AuditEntry {
  userId: string;
  action: string;
  oldValue: string | null;
  newValue: string | null;
  at: Date;
}

export interface ServerProgress {
  /** Members active on at least one day since the given time. */
  learners: number;
  completions: { lessonId: string; members: number }[];
  missed: { lessonId: string; questionId: string; wrong: number; answered: number }[];
}

export interface LeaderboardStore {
  /** Remembers the name a member goes by, each time they use the bot. */
  seeMember(guildId: string, userId: string, displayName: string, at: Date): Promise<void>;
  /** Members whose presence was last checked before `staleBefore` (or never). */
  membersToCheck(guildId: string, userIds: readonly string[], staleBefore: Date): Promise<string[]>;
  markPresence(guildId: string, userId: string, present: boolean, at: Date): Promise<void>;

  currentSeason(guildId: string): Promise<Season>;
  /** Archives the current season's standings and opens the next one, in one transaction. */
  startSeason(guildId: string, by: string, at: Date): Promise<Season>;
  /** Clears the current season's points from the board (the answers stay), recording who and when. */
  resetSeason(guildId: string, by: string, at: Date): Promise<void>;
  /** When the current season's board starts: its start, or its last reset. */
  seasonBoardStart(guildId: string): Promise<Date>;

  board(query: BoardQuery, limit: number, offset: number): Promise<BoardRow[]>;
  /** One page, the board's size and the caller's own row, from a single pass over the answers. */
  boardPage(query: BoardQuery, limit: number, offset: number, callerId: string): Promise<{ rows: BoardRow[]; total: number; caller: BoardRow | undefined }>;
  rankOf(query: BoardQuery, userId: string): Promise<BoardRow | undefined>;
  archivedStandings(guildId: string, season: number, limit: number, offset: number): Promise<BoardRow[]>;
  archivedSize(guildId: string, season: number): Promise<number>;

  memberStats(guildId: string, userId: string): Promise<MemberStats>;
  /** Per track, how many distinct questions the member has answered fully right. */
  correctQuestionsByTrack(guildId: string, userId: string): Promise<Map<string, number>>;

  /** Every quiz answer the member gave here, scored or practice: how often fully right. */
  quizAccuracy(guildId: string, userId: string): Promise<{ answered: number; correct: number }>;
  serverProgress(guildId: string, activeSinceDay: string): Promise<ServerProgress>;

  /**
   * Adds answers already in scored_answers to the roll-ups, as a quiz's finish does in its own
   * transaction: for scored answers written by other means (tests, seeding).
   */
  addScoredAnswers(sessionId: string, userIds: readonly string[]): Promise<void>;

  audit(guildId: string, userId: string, action: string, oldValue: string | null, newValue: string | null, at: Date): Promise<void>;
  recentAudit(guildId: string, limit: number): Promise<AuditEntry[]>;
}
