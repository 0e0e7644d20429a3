import { describe, expect, test } from 'vitest';
import { Turns } from '../../src/discord/quiz/turns.js';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('one member’s clicks on one question take turns', () => {
  test('GIVEN a slow first click and a quick second one THEN the second starts only after the first has finished', async () => {
    const turns = new Turns();
    const log: string[] = [];
    await Promise.all([
      turns.run('q|ana', async () => {
        log.push('first starts');
        await later(30);
        log.push('first ends');
      }),
      turns.run('q|ana', async () => {
        log.push('second starts');
      }),
    ]);
    expect(log).toEqual(['first starts', 'first ends', 'second starts']);
  });

  test('GIVEN a click that fails THEN the member’s next click still runs, and other members never wait for either', async () => {
    const turns = new Turns();
    const log: string[] = [];
    const failing = turns.run('q|ana', async () => {
      await later(30);
      throw new Error('store busy');
    });
    const next = turns.run('q|ana', async () => log.push('ana again'));
    const other = turns.run('q|bob', async () => log.push('bob'));
    await expect(failing).rejects.toThrow('store busy');
    await Promise.all([next, other]);
    expect(log).toEqual(['bob', 'ana again']);
  });
});
