import { describe, expect, test } from 'vitest';
import { review } from '../../src/review/schedule.js';
import { engines, useTestDatabases } from '../support/engines.js';

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 9));
const cards = [
  { cardKey: 'r:oauth-basics:name-the-parties', lessonId: 'oauth-basics' },
  { cardKey: 'q:oauth-basics:token-difference', lessonId: 'oauth-basics' },
];

const database = useTestDatabases();

describe.each(engines)('review decks on %s', (engine) => {
  test('GIVEN cards added twice THEN the deck holds each once, due at once, and a reviewed card keeps its memory', async () => {
    const store = await (await database(engine)).open();
    expect(await store.reviews.addCards('g', 'u', cards, day(1))).toBe(2);
    const first = await store.reviews.nextDue('g', 'u', day(1));
    expect(first?.cardKey).toBe('q:oauth-basics:token-difference');
    const memory = review(first!.memory, 'good', day(1));
    await store.reviews.recordReview('g', 'u', first!.cardKey, 'good', memory, day(1));
    expect(await store.reviews.addCards('g', 'u', cards, day(2))).toBe(0);
    expect((await store.reviews.card('g', 'u', first!.cardKey))?.memory.reps).toBe(1);
    expect(await store.reviews.summary('g', 'u', day(1))).toEqual({ cards: 2, dueNow: 1, nextDue: new Date(memory.due) });
    expect(await store.reviews.activeDays('g', 'u')).toEqual(['2026-11-01']);
  });

  test('GIVEN a restart THEN the deck and its schedule are still there', async () => {
    const db = await database(engine);
    const store = await db.open();
    await store.reviews.addCards('g', 'u', cards, day(1));
    const first = (await store.reviews.nextDue('g', 'u', day(1)))!;
    await store.reviews.recordReview('g', 'u', first.cardKey, 'easy', review(first.memory, 'easy', day(1)), day(1));
    await store.close();
    const reopened = await db.open();
    expect((await reopened.reviews.summary('g', 'u', day(1))).cards).toBe(2);
    expect((await reopened.reviews.card('g', 'u', first.cardKey))?.memory.state).not.toBe('new');
    await reopened.close();
  });

  test('GIVEN reminders THEN only members who opted in, with cards due, not yet reminded today and with open DMs are targets', async () => {
    const store = await (await database(engine)).open();
    for (const user of ['on', 'off', 'nothing-due', 'blocked']) await store.reviews.setReminders('g', user, user !== 'off');
    for (const user of ['on', 'off', 'blocked']) await store.reviews.addCards('g', user, cards, day(1));
    await store.reviews.reminderBlocked('g', 'blocked', day(1));
    expect(await store.reviews.reminderTargets(day(2), '2026-11-02')).toEqual([{ guildId: 'g', userId: 'on', dueNow: 2 }]);
    expect(await store.reviews.claimReminder('g', 'on', '2026-11-02')).toBe(true);
    expect(await store.reviews.reminderTargets(day(2), '2026-11-02')).toEqual([]);
    expect(await store.reviews.reminderTargets(day(3), '2026-11-03')).toHaveLength(1);
    await store.reviews.setReminders('g', 'blocked', true);
    expect((await store.reviews.reminderTargets(day(3), '2026-11-03')).map((target) => target.userId)).toEqual(['blocked', 'on']);
  });

  test('GIVEN two ticks (or two processes) claiming the same member the same day THEN only the first may send', async () => {
    const store = await (await database(engine)).open();
    await store.reviews.setReminders('g', 'on', true);
    await store.reviews.setReminders('g', 'off', false);
    expect([await store.reviews.claimReminder('g', 'on', '2026-11-02'), await store.reviews.claimReminder('g', 'on', '2026-11-02')]).toEqual([true, false]);
    expect(await store.reviews.claimReminder('g', 'on', '2026-11-03')).toBe(true);
    expect(await store.reviews.claimReminder('g', 'off', '2026-11-02')).toBe(false);
    expect(await store.reviews.claimReminder('g', 'never-asked', '2026-11-02')).toBe(false);
  });
});
