import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { review } from '../../src/review/schedule.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { useTempDir } from '../support/temp.js';

const tempDir = useTempDir();
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 9));
const cards = [
  { cardKey: 'r:oauth-basics:name-the-parties', lessonId: 'oauth-basics' },
  { cardKey: 'q:oauth-basics:token-difference', lessonId: 'oauth-basics' },
];

describe('review decks on a real database file', () => {
  test('GIVEN cards added twice THEN the deck holds each once, due at once, and a reviewed card keeps its memory', () => {
    const store = SqliteStore.open(path.join(tempDir(), 'tutor.db'));
    expect(store.reviews.addCards('g', 'u', cards, day(1))).toBe(2);
    const first = store.reviews.nextDue('g', 'u', day(1));
    expect(first?.cardKey).toBe('q:oauth-basics:token-difference');
    const memory = review(first!.memory, 'good', day(1));
    store.reviews.recordReview('g', 'u', first!.cardKey, 'good', memory, day(1));
    expect(store.reviews.addCards('g', 'u', cards, day(2))).toBe(0);
    expect(store.reviews.card('g', 'u', first!.cardKey)?.memory.reps).toBe(1);
    expect(store.reviews.summary('g', 'u', day(1))).toEqual({ cards: 2, dueNow: 1, nextDue: new Date(memory.due) });
    expect(store.reviews.activeDays('g', 'u')).toEqual(['2026-11-01']);
  });

  test('GIVEN a restart THEN the deck and its schedule are still there', () => {
    const file = path.join(tempDir(), 'tutor.db');
    const store = SqliteStore.open(file);
    store.reviews.addCards('g', 'u', cards, day(1));
    const first = store.reviews.nextDue('g', 'u', day(1))!;
    store.reviews.recordReview('g', 'u', first.cardKey, 'easy', review(first.memory, 'easy', day(1)), day(1));
    store.close();
    const reopened = SqliteStore.open(file);
    expect(reopened.reviews.summary('g', 'u', day(1)).cards).toBe(2);
    expect(reopened.reviews.card('g', 'u', first.cardKey)?.memory.state).not.toBe('new');
    reopened.close();
  });

  test('GIVEN reminders THEN only members who opted in, with cards due, not yet reminded today and with open DMs are targets', () => {
    const store = SqliteStore.open(path.join(tempDir(), 'tutor.db'));
    for (const user of ['on', 'off', 'nothing-due', 'blocked']) store.reviews.setReminders('g', user, user !== 'off');
    for (const user of ['on', 'off', 'blocked']) store.reviews.addCards('g', user, cards, day(1));
    store.reviews.reminderBlocked('g', 'blocked', day(1));
    expect(store.reviews.reminderTargets(day(2), '2026-11-02')).toEqual([{ guildId: 'g', userId: 'on', dueNow: 2 }]);
    expect(store.reviews.claimReminder('g', 'on', '2026-11-02')).toBe(true);
    expect(store.reviews.reminderTargets(day(2), '2026-11-02')).toEqual([]);
    expect(store.reviews.reminderTargets(day(3), '2026-11-03')).toHaveLength(1);
    store.reviews.setReminders('g', 'blocked', true);
    expect(store.reviews.reminderTargets(day(3), '2026-11-03').map((target) => target.userId)).toEqual(['blocked', 'on']);
  });

  test('GIVEN two ticks (or two processes) claiming the same member the same day THEN only the first may send', () => {
    const store = SqliteStore.open(path.join(tempDir(), 'tutor.db'));
    store.reviews.setReminders('g', 'on', true);
    store.reviews.setReminders('g', 'off', false);
    expect([store.reviews.claimReminder('g', 'on', '2026-11-02'), store.reviews.claimReminder('g', 'on', '2026-11-02')]).toEqual([true, false]);
    expect(store.reviews.claimReminder('g', 'on', '2026-11-03')).toBe(true);
    expect(store.reviews.claimReminder('g', 'off', '2026-11-02')).toBe(false);
    expect(store.reviews.claimReminder('g', 'never-asked', '2026-11-02')).toBe(false);
  });
});
