import type pg from 'pg';
import type { CardMemory, Grade } from '../../review/schedule.js';
import { newCardMemory, type DeckCard, type DeckSummary, type MemberCards, type ReminderTarget, type ReviewStore } from '../review-store.js';
import { row, rows, run, transaction } from './sql.js';

interface CardRow {
  card_key: string;
  lesson_id: string;
  memory: string;
  due: number;
}

const toCard = (found: CardRow): DeckCard => ({ cardKey: found.card_key, lessonId: found.lesson_id, memory: JSON.parse(found.memory) as CardMemory, due: new Date(found.due) });

const sql = {
  add: `INSERT INTO review_cards (guild_id, user_id, card_key, lesson_id, memory, due, added_at)
    SELECT @guildId, card.user_id, card.key, card.lesson, @memory, @due, @at FROM unnest(@users::text[], @keys::text[], @lessons::text[]) AS card (user_id, key, lesson)
    ON CONFLICT DO NOTHING`,
  nextDue: 'SELECT card_key, lesson_id, memory, due FROM review_cards WHERE guild_id = ? AND user_id = ? AND due <= ? ORDER BY due, card_key LIMIT 1',
  card: 'SELECT card_key, lesson_id, memory, due FROM review_cards WHERE guild_id = ? AND user_id = ? AND card_key = ?',
  update: 'UPDATE review_cards SET memory = @memory, due = @due WHERE guild_id = @guildId AND user_id = @userId AND card_key = @cardKey',
  log: 'INSERT INTO review_log (guild_id, user_id, card_key, grade, reviewed_at, due_after) VALUES (@guildId, @userId, @cardKey, @grade, @at, @due)',
  summary: `
    SELECT COUNT(*) AS cards, COUNT(*) FILTER (WHERE due <= @now) AS due_now, MIN(CASE WHEN due > @now THEN due END) AS next_due
    FROM review_cards WHERE guild_id = @guildId AND user_id = @userId`,
  active: 'INSERT INTO active_days (guild_id, user_id, day) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  activeDays: 'SELECT day FROM active_days WHERE guild_id = ? AND user_id = ? ORDER BY day DESC LIMIT 400',
  setReminders: `INSERT INTO review_reminders (guild_id, user_id, enabled) VALUES (?, ?, ?)
    ON CONFLICT (guild_id, user_id) DO UPDATE SET enabled = excluded.enabled, blocked_at = NULL`,
  reminders: 'SELECT enabled FROM review_reminders WHERE guild_id = ? AND user_id = ?',
  targets: `
    SELECT r.guild_id, r.user_id, COUNT(c.card_key) AS due_now FROM review_reminders r
    JOIN review_cards c ON c.guild_id = r.guild_id AND c.user_id = r.user_id AND c.due <= ?
    WHERE r.enabled = 1 AND r.blocked_at IS NULL AND (r.last_sent_day IS NULL OR r.last_sent_day <> ?)
    GROUP BY r.guild_id, r.user_id`,
  claim: `UPDATE review_reminders SET last_sent_day = @today
    WHERE guild_id = @guildId AND user_id = @userId AND enabled = 1 AND blocked_at IS NULL AND (last_sent_day IS NULL OR last_sent_day <> @today)`,
  blocked: 'UPDATE review_reminders SET blocked_at = ? WHERE guild_id = ? AND user_id = ?',
};

export class PostgresReviewStore implements ReviewStore {
  constructor(private readonly pool: pg.Pool) {}

  async addCards(guildId: string, userId: string, cards: readonly { cardKey: string; lessonId: string }[], at: Date): Promise<number> {
    return this.addToDecks(guildId, [{ userId, cards }], at);
  }

  async addToDecks(guildId: string, decks: readonly MemberCards[], at: Date): Promise<number> {
    const cards = decks.flatMap((deck) => deck.cards.map((card) => ({ userId: deck.userId, ...card })));
    if (cards.length === 0) return 0;
    const added = await run(this.pool, sql.add, {
      guildId,
      memory: JSON.stringify(newCardMemory(at)),
      due: at.getTime(),
      at: at.getTime(),
      users: cards.map((card) => card.userId),
      keys: cards.map((card) => card.cardKey),
      lessons: cards.map((card) => card.lessonId),
    });
    return added.rowCount ?? 0;
  }

  async nextDue(guildId: string, userId: string, now: Date) {
    const found = await row<CardRow>(this.pool, sql.nextDue, [guildId, userId, now.getTime()]);
    return found && toCard(found);
  }

  async card(guildId: string, userId: string, cardKey: string) {
    const found = await row<CardRow>(this.pool, sql.card, [guildId, userId, cardKey]);
    return found && toCard(found);
  }

  async recordReview(guildId: string, userId: string, cardKey: string, grade: Grade, memory: CardMemory, at: Date) {
    await transaction(this.pool, async (client) => {
      const due = new Date(memory.due).getTime();
      await run(client, sql.update, { guildId, userId, cardKey, memory: JSON.stringify(memory), due });
      await run(client, sql.log, { guildId, userId, cardKey, grade, at: at.getTime(), due });
      await run(client, sql.active, [guildId, userId, at.toISOString().slice(0, 10)]);
    });
  }

  async summary(guildId: string, userId: string, now: Date): Promise<DeckSummary> {
    const found = await row<{ cards: number; due_now: number | null; next_due: number | null }>(this.pool, sql.summary, { now: now.getTime(), guildId, userId });
    return { cards: found?.cards ?? 0, dueNow: found?.due_now ?? 0, nextDue: found?.next_due ? new Date(found.next_due) : null };
  }

  async markActive(guildId: string, userId: string, day: string) {
    await run(this.pool, sql.active, [guildId, userId, day]);
  }

  async activeDays(guildId: string, userId: string) {
    return (await rows<{ day: string }>(this.pool, sql.activeDays, [guildId, userId])).map((found) => found.day);
  }

  async setReminders(guildId: string, userId: string, enabled: boolean) {
    await run(this.pool, sql.setReminders, [guildId, userId, enabled ? 1 : 0]);
  }

  async remindersEnabled(guildId: string, userId: string) {
    return (await row<{ enabled: number }>(this.pool, sql.reminders, [guildId, userId]))?.enabled === 1;
  }

  async reminderTargets(now: Date, today: string): Promise<ReminderTarget[]> {
    return (await rows<{ guild_id: string; user_id: string; due_now: number }>(this.pool, sql.targets, [now.getTime(), today])).map((found) => ({
      guildId: found.guild_id,
      userId: found.user_id,
      dueNow: found.due_now,
    }));
  }

  async claimReminder(guildId: string, userId: string, today: string) {
    return (await run(this.pool, sql.claim, { today, guildId, userId })).rowCount === 1;
  }

  async reminderBlocked(guildId: string, userId: string, at: Date) {
    await run(this.pool, sql.blocked, [at.getTime(), guildId, userId]);
  }
}
