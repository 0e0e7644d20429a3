import { describe, expect, test } from 'vitest';
import type { PendingMember } from '../../src/store/member-names.js';
import { PostgresMemberNames } from '../../src/store/pg/pg-member-names.js';
import { engines, useTestDatabases } from '../support/engines.js';

const minute = 60_000;
const member = (userId: string, name: string, at = 0): PendingMember => ({ guildId: 'g1', userId, name, at });

/** Postgres's batch of member names, with a writer that records each write it is asked for. */
function counted() {
  const writes: PendingMember[][] = [];
  const errors: number[] = [];
  let failNext = false;
  const names = new PostgresMemberNames({
    delayMs: 3_600_000,
    write: async (members) => {
      if (failNext) {
        failNext = false;
        throw new Error('connection lost');
      }
      writes.push(members);
    },
    onError: (_error, lost) => errors.push(lost),
  });
  return { names, writes, errors, failOnce: () => (failNext = true) };
}

describe('member names on Postgres are batched and written once, not on every interaction', () => {
  test('GIVEN a member interacting again and again THEN an unchanged name is written once and a new one is written', async () => {
    const { names, writes } = counted();
    names.add(member('ana', 'Ana'));
    await names.flush();
    for (let click = 1; click <= 20; click += 1) names.add(member('ana', 'Ana', click * 1000));
    expect(names.pending).toBe(0);
    names.add(member('ana', 'Ana B.', minute));
    await names.flush();
    expect(writes.map((batch) => batch.map((entry) => entry.name))).toEqual([['Ana'], ['Ana B.']]);
  });

  test('GIVEN 300 members within one batch THEN they are written in one write, each once', async () => {
    const { names, writes } = counted();
    for (let index = 0; index < 300; index += 1) {
      names.add(member(`m${index}`, `Member ${index}`));
      names.add(member(`m${index}`, `Member ${index}`, 1));
    }
    await names.flush();
    expect(writes).toHaveLength(1);
    expect(new Set(writes[0]?.map((entry) => entry.userId)).size).toBe(300);
    expect(writes[0]).toHaveLength(300);
  });

  test('GIVEN a write that fails THEN the loss is told, and those names are written when next seen', async () => {
    const { names, writes, errors, failOnce } = counted();
    names.add(member('ana', 'Ana'));
    failOnce();
    await names.flush();
    expect(errors).toEqual([1]);
    names.add(member('ana', 'Ana', minute));
    expect(names.pending).toBe(1);
    await names.flush();
    expect(writes).toEqual([[member('ana', 'Ana', minute)]]);
  });

  test('GIVEN a member found gone after their name was written THEN their next interaction writes it again', async () => {
    const { names, writes } = counted();
    names.add(member('ana', 'Ana'));
    await names.flush();
    names.forget('g1', 'ana');
    names.add(member('ana', 'Ana', minute));
    await names.flush();
    expect(writes).toHaveLength(2);
  });
});

const database = useTestDatabases();

describe.each(engines)('member names through the store, on %s', (engine) => {
  test('GIVEN members noted, one of them twice with a new name THEN after the batch each is stored once, under the last name', async () => {
    const db = await database(engine);
    const store = await db.open({ bookkeepingDelayMs: 3_600_000 });
    try {
      store.noteMember('g1', 'ana', 'Ana', new Date(0));
      store.noteMember('g1', 'bob', 'Bob', new Date(0));
      store.noteMember('g1', 'ana', 'Ana B.', new Date(1000));
      await store.flushBookkeeping();
      expect(await db.all('SELECT user_id, display_name FROM members ORDER BY user_id')).toEqual([
        { user_id: 'ana', display_name: 'Ana B.' },
        { user_id: 'bob', display_name: 'Bob' },
      ]);
    } finally {
      await store.close();
    }
  });
});
