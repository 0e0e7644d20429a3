import type Database from 'better-sqlite3';
import type { CardMemory, Grade } from '../review/schedule.js';
import type { Synchronous } from './promised.js';
import { newCardMemory, type DeckCard, type DeckSummary, type MemberCards, type ReminderTarget, type ReviewStore } from './review-store.js';

interface CardRow {
  card_key: string;
  lesson_id: string;
  memory: string;
  due: number;
}

const toCard = (row: CardRow): DeckCard => ({ cardKey: row.card_key, lessonId: row.lesson_id, memory: JSON.parse(row.memory) as CardMemory, due: new Date(row.due) });

/** Synchronous: SqliteStore hands it out through promised(). */
export class SqliteReviewStore implements Synchronous<ReviewStore> {
  private readonly sql;

  constructor(private readonly db: Database.Database) {
    this.sql = {
      // The cards as a JSON array of [userId, cardKey, lessonId]: any number of members' cards in one statement.
      add: db.prepare<{ guildId: string; cards: string; memory: string; due: number; at: number }>(`
        INSERT INTO review_cards (guild_id, user_id, card_key, lesson_id, memory, due, added_at)
        SELECT @guildId, c.value ->> 0, c.value ->> 1, c.value ->> 2, @memory, @due, @at FROM json_each(@cards) c WHERE true
        ON CONFLICT DO NOTHING`),
      nextDue: db.prepare<[string, string, number], CardRow>(
        'SELECT card_key, lesson_id, memory, due FROM review_cards WHERE guild_id = ? AND user_id = ? AND due <= ? ORDER BY due, card_key LIMIT 1',
      ),
      card: db.prepare<[string, string, string], CardRow>('SELECT card_key, lesson_id, memory, due FROM review_cards WHERE guild_id = ? AND user_id = ? AND card_key = ?'),
      update: db.prepare('UPDATE review_cards SET memory = @memory, due = @due WHERE guild_id = @guildId AND user_id = @userId AND card_key = @cardKey'),
      log: db.prepare('INSERT INTO review_log (guild_id, user_id, card_key, grade, reviewed_at, due_after) VALUES (@guildId, @userId, @cardKey, @grade, @at, @due)'),
      summary: db.prepare<[number, number, string, string], { cards: number; due_now: number | null; next_due: number | null }>(`
        SELECT COUNT(*) AS cards, SUM(due <= ?) AS due_now, MIN(CASE WHEN due > ? THEN due END) AS next_due
        FROM review_cards WHERE guild_id = ? AND user_id = ?`),
      active: db.prepare<[string, string, string]>('INSERT INTO active_days (guild_id, user_id, day) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      activeDays: db.prepare<[string, string], { day: string }>('SELECT day FROM active_days WHERE guild_id = ? AND user_id = ? ORDER BY day DESC LIMIT 400'),
      setReminders: db.prepare<[string, string, number]>(`INSERT INTO review_reminders (guild_id, user_id, enabled) VALUES (?, ?, ?)
        ON CONFLICT (guild_id, user_id) DO UPDATE SET enabled = excluded.enabled, blocked_at = NULL`),
      reminders: db.prepare<[string, string], { enabled: number }>('SELECT enabled FROM review_reminders WHERE guild_id = ? AND user_id = ?'),
      targets: db.prepare<[number, string], { guild_id: string; user_id: string; due_now: number }>(`
        SELECT r.guild_id, r.user_id, COUNT(c.card_key) AS due_now FROM review_reminders r
        JOIN review_cards c ON c.guild_id = r.guild_id AND c.user_id = r.user_id AND c.due <= ?
        WHERE r.enabled = 1 AND r.blocked_at IS NULL AND (r.last_sent_day IS NULL OR r.last_sent_day <> ?)
        GROUP BY r.guild_id, r.user_id`),
      claim: db.prepare<[string, string, string, string]>(`UPDATE review_reminders SET last_sent_day = ?
        WHERE guild_id = ? AND user_id = ? AND enabled = 1 AND blocked_at IS NULL AND (last_sent_day IS NULL OR last_sent_day <> ?)`),
      blocked: db.prepare<[number, string, string]>('UPDATE review_reminders SET blocked_at = ? WHERE guild_id = ? AND user_id = ?'),
    };
  }

  addCards(guildId: string, userId: string, cards: readonly { cardKey: string; lessonId: string }[], at: Date): number {
    return this.addToDecks(guildId, [{ userId, cards }], at);
  }

  addToDecks(guildId: string, decks: readonly MemberCards[], at: Date): number {
    const cards = decks.flatMap((deck) => deck.cards.map((card) => [deck.userId, card.cardKey, card.lessonId]));
    if (cards.length === 0) return 0;
    return this.sql.add.run({ guildId, cards: JSON.stringify(cards), memory: JSON.stringify(newCardMemory(at)), due: at.getTime(), at: at.getTime() }).changes;
  }

  nextDue(guildId: string, userId: string, now: Date) {
    const row = this.sql.nextDue.get(guildId, userId, now.getTime());
    return row && toCard(row);
  }

  card(guildId: string, userId: string, cardKey: string) {
    const row = this.sql.card.get(guildId, userId, cardKey);
    return row && toCard(row);
  }

  recordReview(guildId: string, userId: string, cardKey: string, grade: Grade, memory: CardMemory, at: Date) {
    this.db.transaction(() => {
      const due = new Date(memory.due).getTime();
      this.sql.update.run({ guildId, userId, cardKey, memory: JSON.stringify(memory), due });
      this.sql.log.run({ guildId, userId, cardKey, grade, at: at.getTime(), due });
      this.sql.active.run(guildId, userId, at.toISOString().slice(0, 10));
    })();
  }

  summary(guildId: string, userId: string, now: Date): DeckSummary {
    const row = this.sql.summary.get(now.getTime(), now.getTime(), guildId, userId);
    return { cards: row?.cards ?? 0, dueNow: row?.due_now ?? 0, nextDue: row?.next_due ? new Date(row.next_due) : null };
  }

  markActive(guildId: string, userId: string, day: string) {
    this.sql.active.run(guildId, userId, day);
  }

  activeDays(guildId: string, userId: string) {
    return this.sql.activeDays.all(guildId, userId).map((row) => row.day);
  }

  setReminders(guildId: string, userId: string, enabled: boolean) {
    this.sql.setReminders.run(guildId, userId, enabled ? 1 : 0);
  }

  remindersEnabled(guildId: string, userId: string) {
    return this.sql.reminders.get(guildId, userId)?.enabled === 1;
  }

  reminderTargets(now: Date, today: string): ReminderTarget[] {
    return this.sql.targets.all(now.getTime(), today).map((row) => ({ guildId: row.guild_id, userId: row.user_id, dueNow: row.due_now }));
  }

  claimReminder(guildId: string, userId: string, today: string) {
    return this.sql.claim.run(today, guildId, userId, today).changes === 1;
  }

  reminderBlocked(guildId: string, userId: string, at: Date) {
    this.sql.blocked.run(at.getTime(), guildId, userId);
  }
}
