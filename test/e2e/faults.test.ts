import path from 'node:path';
import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { useBotHarness, type Harness } from '../support/bot-harness.js';
import { botEnvironment } from '../support/bot-environment.js';
import { engines } from '../support/engines.js';
import { LiveQuizPlayer } from '../support/live-quiz.js';
import { run, stopGroup, type Spawned } from '../support/processes.js';

const startHarness = useBotHarness();
const oauth = (await loadContent('content')).lessons.find((lesson) => lesson.id === 'oauth-basics');
if (!oauth) throw new Error('the OAuth lesson is missing');

const spawned: Spawned[] = [];
afterEach(async () => {
  for (const child of spawned.splice(0)) {
    stopGroup(child, 'SIGKILL');
    await child.exited;
  }
});

function holdLock(databasePath: string, ms: number): Spawned {
  const child = run(process.execPath, ['--import', 'tsx', 'test/support/scripts/hold-lock.ts', databasePath, String(ms)], {});
  spawned.push(child);
  return child;
}

/** A one-question quiz with Alice and Bob in it, started; resolves with its question on screen. */
async function firstQuestion(harness: Harness, seconds: number) {
  const quiz = new LiveQuizPlayer(harness.fake, oauth!);
  const start = quiz.start('alice', { questions: 1, seconds });
  await start.response();
  const lobbyId = start.message()?.id as string;
  await vi.waitFor(async () => expect((await harness.store.quizzes.runningSessions())[0]?.lobbyMessageId).toBe(lobbyId));
  for (const user of ['alice', 'bob']) await quiz.click(user, lobbyId, 'Join').response();
  await quiz.click('alice', lobbyId, 'Start').response();
  return { quiz, question: await quiz.questionMessage(1) };
}

const interactionIdOf = (callbackPath: string) => /\/interactions\/(\d+)\//.exec(callbackPath)?.[1] ?? '';
const nextPageId = (message: APIMessage | undefined) =>
  ((message?.components ?? []) as { components?: { label?: string; custom_id?: string }[] }[])
    .flatMap((row) => row.components ?? [])
    .find((component) => component.label === 'Next')?.custom_id ?? '';

const errorLines = (logs: string) => logs.split('\n').filter((line) => line.includes('"level":50'));

describe('a database locked by another process', () => {
  test('GIVEN the lock is held when members click THEN every click is acknowledged in time, read-only views answer at once, and answers count once it clears', async () => {
    const harness = await startHarness({ interactionDeadlineMs: 3_000 });
    const { quiz, question } = await firstQuestion(harness, 60);

    const lock = holdLock(harness.databasePath, 2_500);
    await lock.waitForOutput(/locked/, 20_000);
    const help = await harness.fake.slash({ name: 'help', user: 'carol' }).response();
    expect(help.data?.embeds?.length).toBeGreaterThan(0);
    expect(help.elapsedMs).toBeLessThan(3_000);

    const answer = quiz.answer('bob', question, true);
    await lock.waitForOutput(/released/, 20_000);
    expect(await answer).toMatch(/Locked in/);
    const sessionId = (await harness.store.quizzes.runningSessions())[0]?.id as string;
    expect(await harness.store.quizzes.answersOf(sessionId, harness.fake.user('bob').id)).toHaveLength(1);
    expect(errorLines(harness.logs())).toEqual([]);
  });

  test('GIVEN the lock is held when a page turn completes a lesson THEN the click is acknowledged in time and the page turns to the completed last page once it clears', async () => {
    const harness = await startHarness({ interactionDeadlineMs: 3_000 });
    const lesson = harness.fake.slash({ name: 'lesson', user: 'dan', options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] });
    await lesson.response();
    let page = lesson.message() as APIMessage;
    for (let step = 0; step < 4; step += 1) {
      const next = harness.fake.button({ customId: nextPageId(page), message: page, user: 'dan' });
      await next.response();
      page = harness.fake.message(page.id) as APIMessage;
    }
    await harness.store.flushBookkeeping();

    const lock = holdLock(harness.databasePath, 2_500);
    await lock.waitForOutput(/locked/, 20_000);
    const last = await harness.fake.button({ customId: nextPageId(page), message: page, user: 'dan' }).response();
    expect(last.type).toBe(6);
    expect(last.elapsedMs).toBeLessThan(3_000);
    await lock.waitForOutput(/released/, 20_000);
    await vi.waitFor(() => {
      const turned = harness.fake.message(page.id);
      expect(turned?.embeds.at(-1)?.footer?.text).toBe('Security · junior · page 6 of 6');
      expect(turned?.embeds.at(-1)?.fields?.[0]?.name).toBe('✅ Lesson complete');
      expect(turned?.components?.length).toBeGreaterThan(0);
    }, { timeout: 15_000 });
    expect(errorLines(harness.logs())).toEqual([]);
  });

  test('GIVEN a lock held across a question deadline THEN the bot stays up, and reveals once the lock clears', async () => {
    const harness = await startHarness();
    // Two players and one answer, so the question waits for its deadline.
    const { quiz, question } = await firstQuestion(harness, 10);
    expect(await quiz.answer('bob', question, true)).toMatch(/Locked in/);

    const lock = holdLock(harness.databasePath, 3_000);
    await lock.waitForOutput(/locked/, 20_000);
    harness.clock.advance(11_000);
    await harness.bot.live.tick();
    expect(harness.logs()).toContain('quiz deadline could not be handled; retrying');
    await lock.waitForOutput(/released/, 20_000);
    expect(await quiz.revealMessage(1)).toBeDefined();
    await quiz.finalMessage();
    expect(errorLines(harness.logs())).toEqual([]);
  });
});

describe.each(engines)('two bot processes on one database, on %s', (engine) => {
  test('GIVEN a second process connected to the same gateway and database THEN every interaction is answered once, each answer counts once, and nothing is logged as an error', async () => {
    const harness = await startHarness({ engine });
    const second = run(process.execPath, ['--import', 'tsx', 'src/main.ts'], botEnvironment(harness.fake, harness.databasePath, { CONTENT_DIR: path.resolve('content') }));
    spawned.push(second);
    await second.waitForOutput(/bot ready/, 60_000);

    const quiz = new LiveQuizPlayer(harness.fake, oauth!);
    const start = quiz.start('alice', { questions: 2 });
    await start.response();
    const lobbyId = start.message()?.id as string;
    await vi.waitFor(async () => expect((await harness.store.quizzes.runningSessions())[0]?.lobbyMessageId).toBe(lobbyId));
    for (const user of ['alice', 'bob', 'carol']) await quiz.click(user, lobbyId, 'Join').response();
    await quiz.click('alice', lobbyId, 'Start').response();
    for (const number of [1, 2]) {
      const question = await quiz.questionMessage(number);
      for (const user of ['alice', 'bob', 'carol']) expect(await quiz.answer(user, question, user !== 'carol')).toMatch(/Locked in/);
      await quiz.revealMessage(number);
    }
    await quiz.finalMessage();
    // Lesson pages are not claimed first (both processes may render one; Discord takes the first answer).
    const lesson = harness.fake.slash({ name: 'lesson', user: 'dan', options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] });
    await lesson.response();
    const next = harness.fake.button({ customId: nextPageId(lesson.message()), message: lesson.message(), user: 'dan' });
    await next.response();
    const dan = lesson.payload.member?.user.id ?? '';
    await vi.waitFor(async () => expect(await harness.store.lessonProgress(harness.fake.guildId, dan)).toMatchObject([{ pagesSeen: [0, 1] }]));

    const titles = harness.fake.messages({ channelId: harness.fake.channelId }).map((message) => message.embeds[0]?.title ?? '');
    for (const title of ['Question 1 of 2', 'Question 2 of 2', '🏁 Final standings']) expect(titles.filter((seen) => seen === title)).toHaveLength(1);
    // The member sees one answer to each: a refused second answer can only be a lesson page's, refused as already acknowledged.
    const rejected = harness.fake.requests.filter((request) => request.route?.endsWith('/callback') && request.status >= 400);
    const lessonIds = new Set([lesson.payload.id, next.payload.id]);
    expect(rejected.filter((request) => !lessonIds.has(interactionIdOf(request.path)))).toEqual([]);
    expect(rejected.every((request) => request.status === 400)).toBe(true);
    const sessionId = (await harness.store.quizzes.session((await harness.store.quizzes.runningSessions())[0]?.id ?? ''))?.id;
    expect(sessionId).toBeUndefined();
    expect(errorLines(harness.logs())).toEqual([]);
    expect(errorLines(second.output())).toEqual([]);
  });
});
