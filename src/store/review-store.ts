import type { CardMemory, Grade } from '../review/schedule.js';

export interface DeckCard {
  cardKey: string;
  lessonId: string;
  memory: CardMemory;
  due: Date;
}

export interface DeckSummary {
  cards: number;
  dueNow: number;
  nextDue: Date | null;
}

export interface ReminderTarget {
  guildId: string;
  userId: string;
  dueNow: number;
}

export interface MemberCards {
  userId: string;
  cards: readonly { cardKey: string; lessonId: string }[];
}

/** A new card's memory: due at once, never reviewed. */
export const newCardMemory = (at: Date): CardMemory => ({ due: at.toISOString(), stability: 0, difficulty: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, state: 'new', lastReview: null });

export interface ReviewStore {
  /** Adds cards not yet in the member's deck; cards already there keep their memory. */
  addCards(guildId: string, userId: string, cards: readonly { cardKey: string; lessonId: string }[], at: Date): Promise<number>;
  /** addCards for many members of one server at once, in one statement: a finished quiz's players. */
  addToDecks(guildId: string, decks: readonly MemberCards[], at: Date): Promise<number>;
  nextDue(guildId: string, userId: string, now: Date): Promise<DeckCard | undefined>;
  card(guildId: string, userId: string, cardKey: string): Promise<DeckCard | undefined>;
  /** Stores the new memory and the review in one transaction. */
  recordReview(guildId: string, userId: string, cardKey: string, grade: Grade, memory: CardMemory, at: Date): Promise<void>;
  summary(guildId: string, userId: string, now: Date): Promise<DeckSummary>;
  markActive(guildId: string, userId: string, day: string): Promise<void>;
  activeDays(guildId: string, userId: string): Promise<string[]>;
  setReminders(guildId: string, userId: string, enabled: boolean): Promise<void>;
  remindersEnabled(guildId: string, userId: string): Promise<boolean>;
  /** Members who asked for reminders, have cards due, were not reminded today and whose DMs are open. */
  reminderTargets(now: Date, today: string): Promise<ReminderTarget[]>;
  /**
   * Marks the member reminded today, before the message is sent, so a crash never sends twice.
   * False when they were marked already (by an earlier tick or another process): skip them.
   */
  claimReminder(guildId: string, userId: string, today: string): Promise<boolean>;
  /** Their DMs are closed: no more tries until they opt in again. */
  reminderBlocked(guildId: string, userId: string, at: Date): Promise<void>;
}
