/**
 * Errors as data. The core returns or throws these codes with the facts needed to explain
 * them; `src/discord/messages.ts` is the one place that turns them into words.
 */
export type ErrorCode =
  | 'lesson.unknown'
  | 'lesson.gone'
  | 'track.unknown'
  | 'guild.only'
  | 'component.unreadable'
  | 'quiz.ended'
  | 'quiz.not-yours'
  | 'quiz.no-questions'
  | 'quiz.busy'
  | 'quiz.not-host'
  | 'quiz.none-running'
  | 'quiz.nobody-joined'
  | 'quiz.question-closed'
  | 'quiz.bot-missing-permissions'
  | 'quiz.needs-team'
  | 'quiz.already-started'
  | 'quiz.not-finished'
  | 'quiz.did-not-play'
  | 'store.busy'
  | 'config.not-moderator'
  | 'channel.not-allowed'
  | 'board.no-season'
  | 'lessons.level-unknown'
  | 'cooldown.active';

export interface AppErrorContext {
  query?: string;
  suggestions?: readonly { id: string; title: string }[];
  lessonId?: string;
  trackTitles?: readonly string[];
  /** A link to the message of the quiz already running. */
  url?: string;
  /** Channel ids where the refused command is allowed. */
  channelIds?: readonly string[];
  what?: string;
  season?: number;
  /** Permission names the bot lacks in the channel. */
  permissions?: readonly string[];
  teams?: boolean;
  /** Levels some lesson has. */
  levels?: readonly string[];
  /** When a member may use the command again. */
  until?: Date;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly context: AppErrorContext = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
