import { describe, expect, test, vi } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { useBotHarness } from '../support/bot-harness.js';
import { engines, type Engine } from '../support/engines.js';
import { buttonId, componentsOf, embedOf, embedText } from '../support/discord-messages.js';
import { LiveQuizPlayer } from '../support/live-quiz.js';
import { countingStore } from '../support/store-calls.js';

const startHarness = useBotHarness();
const oauth = (await loadContent('content')).lessons.find((lesson) => lesson.id === 'oauth-basics');
if (!oauth) throw new Error('the OAuth lesson is missing');
const moderator = String((1n << 5n) | (1n << 10n) | (1n << 11n));

const hostRole = '100000000000000777';

async function openLobby(engine: Engine, options: Parameters<LiveQuizPlayer['start']>[1] = {}) {
  const harness = await startHarness({ engine, guilds: [{ roles: [{ id: hostRole, name: 'Quiz host' }] }] });
  const quiz = new LiveQuizPlayer(harness.fake, oauth!);
  const start = quiz.start('alice', options);
  const response = await start.response();
  const lobbyId = start.message()?.id as string;
  // The bot stores the lobby's message id once Discord's answer to its reply arrives.
  await vi.waitFor(async () => expect((await harness.store.quizzes.runningSessions())[0]?.lobbyMessageId).toBe(lobbyId));
  return { harness, quiz, response, lobbyId };
}

describe.each(engines)('a live competition through the real client, on %s', (engine) => {
  test('GIVEN three members THEN non-hosts are refused, a double click counts once, and everyone answering reveals at once', async () => {
    const { quiz, lobbyId, response, harness } = await openLobby(engine, { questions: 2 });
    const { store, fake } = harness;
    expect(response.data?.flags ?? 0).toBe(0);
    expect(embedText(response.data)).toContain('2 questions · 30 seconds each');

    for (const user of ['alice', 'bob', 'carol']) expect((await quiz.click(user, lobbyId, 'Join').response()).type).toBe(7);
    expect(embedText(quiz.current(lobbyId))).toContain('Players (3)');
    expect((await quiz.click('bob', lobbyId, 'Join').response()).data?.content).toContain('You are already in this quiz');
    expect((await quiz.click('bob', lobbyId, 'Start').response()).data?.content).toContain('Only the quiz host or a moderator');

    expect((await quiz.click('alice', lobbyId, 'Start').response()).data?.content).toBe('Starting the quiz…');
    const first = await quiz.questionMessage(1);
    expect(componentsOf(quiz.current(lobbyId))).toEqual([]);
    expect(embedOf(first).fields?.[0]?.value).toMatch(/^Ends <t:\d+:R>$/);

    expect(await quiz.answer('alice', first, true)).toMatch(/Locked in/);
    expect(await quiz.answer('bob', first, false)).toMatch(/Locked in/);
    expect(await quiz.answer('bob', first, true)).toMatch(/You already answered .*Your first answer is final/);
    expect((await quiz.click('bob', first.id, 'Stop').response()).data?.content).toContain('Only the quiz host or a moderator');
    expect(await quiz.answer('carol', first, true)).toMatch(/Locked in/);

    const reveal = await quiz.revealMessage(1);
    expect(embedText(reveal)).toContain('Right answer');
    expect(embedText(reveal)).toMatch(/Fastest right answer\n(Alice|Carol) in \d+\.\d s/);
    expect(componentsOf(quiz.current(first.id)).every((component) => component.disabled)).toBe(true);

    const second = await quiz.questionMessage(2);
    for (const user of ['alice', 'bob', 'carol']) await quiz.answer(user, second, user !== 'carol');
    const final = await quiz.finalMessage();
    expect(embedText(final)).toMatch(/🥇 Alice: \d+ pts/);

    const sessionId = componentsOf(first).find((component) => component.custom_id)?.custom_id?.split('|')[2] as string;
    const bobAnswers = await store.quizzes.answersOf(sessionId, fake.user('bob').id);
    expect(bobAnswers).toHaveLength(2);
    expect((await store.quizzes.players(sessionId)).map((player) => player.answered)).toEqual([2, 2, 2]);
    expect((await store.quizzes.session(sessionId))?.phase).toBe('finished');

    const reviewClick = quiz.click('bob', final.id, 'Review my mistakes');
    expect(embedOf((await reviewClick.response()).data).title).toBe('Your review: 1 of 2 right');
  });

  test('GIVEN live quizzes of 3 and of 24 players THEN the results take the same store calls, and each deck gains its player\'s missed question', async () => {
    const callsAtResults: Record<string, number>[] = [];
    for (const size of [3, 24]) {
      const counting = { watch: undefined as ReturnType<typeof countingStore>['watch'] | undefined };
      const harness = await startHarness({
        engine,
        wrapStore: (store) => {
          const wrapped = countingStore(store);
          counting.watch = wrapped.watch;
          return wrapped.store;
        },
      });
      const quiz = new LiveQuizPlayer(harness.fake, oauth!);
      const start = quiz.start('host', { questions: 1 });
      await start.response();
      const lobbyId = start.message()?.id as string;
      await vi.waitFor(async () => expect((await harness.store.quizzes.runningSessions())[0]?.lobbyMessageId).toBe(lobbyId));
      const players = Array.from({ length: size }, (_, index) => `player-${index}`);
      for (const user of players) expect((await quiz.click(user, lobbyId, 'Join').response()).type).toBe(7);
      await quiz.click('host', lobbyId, 'Start').response();
      const question = await quiz.questionMessage(1);
      for (const [index, user] of players.entries()) {
        // The last answer closes the question: the results are counted from just before its click.
        const countFromHere = () => void (index === players.length - 1 && (counting.watch!.counting = true));
        expect(await quiz.answer(user, question, index % 2 === 0, countFromHere)).toMatch(/Locked in/);
      }
      await quiz.finalMessage();
      await vi.waitFor(() => expect(harness.logs()).toContain('"msg":"quiz finished"'));
      counting.watch!.counting = false;
      callsAtResults.push(Object.fromEntries(counting.watch!.calls));

      const guildId = harness.fake.guildId;
      for (const [index, user] of players.entries()) {
        const deck = await harness.store.reviews.summary(guildId, harness.fake.user(user).id, harness.clock.now());
        expect(deck.cards).toBe(oauth!.recall.length + (index % 2 === 0 ? 0 : 1));
      }
    }
    expect(callsAtResults[1]).toEqual(callsAtResults[0]);
  });

  test('GIVEN the deadline has passed THEN a late click is refused and the question is revealed with what came in time', async () => {
    const { quiz, lobbyId, harness } = await openLobby(engine, { questions: 1, seconds: 10 });
    const { clock } = harness;
    for (const user of ['alice', 'bob']) await quiz.click(user, lobbyId, 'Join').response();
    await quiz.click('alice', lobbyId, 'Start').response();
    const question = await quiz.questionMessage(1);
    expect(await quiz.answer('alice', question, true)).toMatch(/Locked in/);
    clock.advance(11_000);
    expect(await quiz.answer('bob', question, true)).toContain('Time is up');
    await harness.bot.live.tick();
    const reveal = await quiz.revealMessage(1);
    expect(embedText(reveal)).toMatch(/🥇 Alice: \d+ pts/);
    expect(embedText(reveal)).toMatch(/Bob: 0 pts/);
    await quiz.finalMessage();
  });

  test('GIVEN teams mode THEN members pick one team for good, outsiders cannot answer, and teams score their average', async () => {
    const { quiz, lobbyId } = await openLobby(engine, { mode: 'teams', questions: 1 });
    await quiz.click('bob', lobbyId, 'Join Team Red').response();
    await quiz.click('carol', lobbyId, 'Join Team Blue').response();
    await quiz.click('dave', lobbyId, 'Join Team Blue').response();
    expect((await quiz.click('bob', lobbyId, 'Join Team Blue').response()).data?.content).toContain('(Team Red). A member stays in one team.');
    expect(embedText(quiz.current(lobbyId))).toMatch(/🔴 Team Red \(1\)\nBob/);

    await quiz.click('alice', lobbyId, 'Start').response();
    const question = await quiz.questionMessage(1);
    expect(await quiz.answer('erin', question, true)).toContain('you are not in a team');
    await quiz.answer('bob', question, true);
    await quiz.answer('carol', question, true);
    await quiz.answer('dave', question, false);
    const reveal = await quiz.revealMessage(1);
    expect(embedText(reveal)).toMatch(/Teams\n🔴 Team Red: \d+ pts average \(1 member\)\n🔵 Team Blue: \d+ pts average \(2 members\)/);
    expect(embedText(await quiz.finalMessage())).toContain('🔴 Team Red wins!');
  });

  test('GIVEN the bot restarts mid-question THEN the answer given before is kept and the overdue question is revealed', async () => {
    const { quiz, lobbyId, harness } = await openLobby(engine, { questions: 2, seconds: 10 });
    for (const user of ['alice', 'bob']) await quiz.click(user, lobbyId, 'Join').response();
    await quiz.click('alice', lobbyId, 'Start').response();
    const first = await quiz.questionMessage(1);
    expect(await quiz.answer('bob', first, true)).toMatch(/Locked in/);

    await harness.restart();
    harness.clock.advance(11_000);
    await harness.bot.live.tick();
    const reveal = await quiz.revealMessage(1);
    expect(embedText(reveal)).toMatch(/🥇 Bob: \d+ pts/);

    const second = await quiz.questionMessage(2);
    await quiz.answer('alice', second, true);
    await quiz.answer('bob', second, true);
    expect(embedText(await quiz.finalMessage())).toContain('Bob');
  });

  test('GIVEN a running quiz THEN a second /quiz start here links to it, and /quiz stop by a moderator ends it with standings', async () => {
    const { quiz, lobbyId, harness } = await openLobby(engine, { questions: 3 });
    const { fake } = harness;
    await quiz.click('alice', lobbyId, 'Join').response();
    const second = await quiz.start('bob').response();
    expect(second.data?.content).toMatch(/A quiz is already running in this channel: https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+/);
    await quiz.click('alice', lobbyId, 'Start').response();
    const question = await quiz.questionMessage(1);
    await quiz.answer('alice', question, true);
    await quiz.revealMessage(1);

    const refused = fake.slash({ name: 'quiz', user: 'bob', options: [{ name: 'stop', type: 1 }] });
    expect((await refused.response()).data?.content).toContain('Only the quiz host or a moderator');
    const stop = fake.slash({ name: 'quiz', user: 'mod', memberPermissions: moderator, options: [{ name: 'stop', type: 1 }] });
    expect((await stop.response()).data?.content).toContain('Stopping the quiz');
    expect(embedText(await quiz.finalMessage())).toMatch(/🥇 Alice/);
    const after = fake.slash({ name: 'quiz', user: 'bob', options: [{ name: 'stop', type: 1 }] });
    expect((await after.response()).data?.content).toContain('No quiz is running in this channel');
  });

  test('GIVEN the host presses Skip THEN the answer is revealed at once, and Cancel closes a lobby', async () => {
    const { quiz, lobbyId, harness } = await openLobby(engine, { questions: 2 });
    await quiz.click('bob', lobbyId, 'Join').response();
    await quiz.click('alice', lobbyId, 'Start').response();
    const first = await quiz.questionMessage(1);
    expect((await quiz.click('alice', first.id, 'Skip').response()).data?.content).toBe('Skipping ahead…');
    expect(embedText(await quiz.revealMessage(1))).toContain('Nobody answered.');
    const second = await quiz.questionMessage(2);
    await quiz.click('alice', second.id, 'Stop').response();
    await quiz.finalMessage();

    const next = quiz.start('carol');
    await next.response();
    const nextLobby = next.message()?.id as string;
    await vi.waitFor(async () => expect((await harness.store.quizzes.runningSessions())[0]?.lobbyMessageId).toBe(nextLobby));
    expect((await quiz.click('carol', nextLobby, 'Cancel').response()).data?.content).toBe('Lobby closed.');
    await vi.waitFor(() => expect(embedText(quiz.current(nextLobby))).toContain('This lobby was closed without starting.'));
  });

  test('GIVEN an unstarted lobby THEN /quiz stop by the host says the lobby was closed, and the lobby says so too', async () => {
    const { quiz, lobbyId, harness } = await openLobby(engine);
    const stop = harness.fake.slash({ name: 'quiz', user: 'alice', options: [{ name: 'stop', type: 1 }] });
    expect((await stop.response()).data?.content).toBe('Lobby closed: the quiz had not started.');
    await vi.waitFor(() => expect(embedText(quiz.current(lobbyId))).toContain('This lobby was closed without starting.'));
    expect(await harness.store.quizzes.runningSessions()).toEqual([]);
  });

  test('GIVEN a quiz-host role THEN its members may run someone else’s quiz, and other members still may not', async () => {
    const { quiz, lobbyId, harness } = await openLobby(engine, { questions: 1 });
    await harness.store.updateGuildSettings(harness.fake.guildId, { quizHostRoleId: hostRole }, new Date(), 'mod');
    await quiz.click('bob', lobbyId, 'Join').response();
    expect((await quiz.click('bob', lobbyId, 'Start').response()).data?.content).toContain('Only the quiz host or a moderator');
    const start = harness.fake.button({ customId: buttonId(quiz.current(lobbyId), 'Start'), message: quiz.current(lobbyId), user: 'helper', roles: [hostRole] });
    expect((await start.response()).data?.content).toBe('Starting the quiz…');
    await quiz.questionMessage(1);
  });

  test('GIVEN a lobby nobody starts THEN it closes by itself after ten minutes', async () => {
    const { lobbyId, harness, quiz } = await openLobby(engine);
    const { clock, bot, fake } = harness;
    clock.advance(10 * 60_000 + 1);
    await bot.live.tick();
    await fake.waitForRequest((request) => request.method === 'PATCH' && request.path.endsWith(lobbyId));
    expect(embedText(quiz.current(lobbyId))).toContain('This lobby was closed without starting.');
    expect(componentsOf(quiz.current(lobbyId))).toEqual([]);
  });

  test('GIVEN Discord answers 429 to the closing edit THEN the bot waits Retry-After and the reveal still happens', async () => {
    const { quiz, lobbyId, harness } = await openLobby(engine, { questions: 1 });
    const { fake } = harness;
    for (const user of ['alice', 'bob']) await quiz.click(user, lobbyId, 'Join').response();
    await quiz.click('alice', lobbyId, 'Start').response();
    const question = await quiz.questionMessage(1);
    const closingEdit = (request: { method: string; path: string }) => request.method === 'PATCH' && request.path.endsWith(`/messages/${question.id}`);
    fake.rateLimitNext(closingEdit, 1);
    await quiz.answer('alice', question, true);
    await quiz.answer('bob', question, false);
    await quiz.revealMessage(1);
    await vi.waitFor(() => expect(embedOf(quiz.current(question.id)).fields?.[0]?.name).toBe('Closed'), { timeout: 5_000 });
    const edits = fake.requests.filter(closingEdit);
    expect(edits.map((request) => request.status)).toEqual([429, 200]);
    expect((edits[1]?.at ?? 0) - (edits[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  test('GIVEN a question this bot saw open but another process has since closed THEN a click is told it is closed and counts nothing', async () => {
    const { quiz, lobbyId, harness } = await openLobby(engine, { questions: 1, seconds: 120 });
    const { store } = harness;
    await quiz.click('alice', lobbyId, 'Join').response();
    await quiz.click('alice', lobbyId, 'Start').response();
    const question = await quiz.questionMessage(1);
    // The bot reads the session for this answer and remembers it showing the question.
    expect(await quiz.answer('bob', question, true)).toContain('Locked in');
    const sessionId = componentsOf(question).find((component) => component.custom_id)?.custom_id?.split('|')[2] as string;
    // Another process reveals it: this bot's own runner never hears of the move.
    const now = harness.clock.now();
    expect(await store.quizzes.advance(sessionId, { phase: 'question', questionIndex: 0 }, { phase: 'reveal', questionIndex: 0, at: now, deadline: new Date(now.getTime() + 60_000) })).toBe(true);
    expect(await quiz.answer('carol', question, true)).toBe('Time is up for that question: answers are closed.');
    expect(await store.quizzes.answers(sessionId, 0)).toHaveLength(1);
    expect(await quiz.answer('dave', question, true)).toBe('Time is up for that question: answers are closed.');
  });

  test('GIVEN 200 members answering the same question within a second THEN each is acknowledged and counted once, with coalesced edits', async () => {
    const { quiz, lobbyId, harness } = await openLobby(engine, { questions: 1, seconds: 120 });
    const { fake, store } = harness;
    await quiz.click('alice', lobbyId, 'Join').response();
    await quiz.click('alice', lobbyId, 'Start').response();
    const question = await quiz.questionMessage(1);
    const started = Date.now();
    const members = Array.from({ length: 200 }, (_, index) => `member-${index}`);
    const acknowledgements = await Promise.all(members.map((member) => quiz.answer(member, question, true)));
    const elapsed = Date.now() - started;
    expect(acknowledgements.filter((text) => text.includes('Locked in'))).toHaveLength(200);

    const sessionId = componentsOf(question).find((component) => component.custom_id)?.custom_id?.split('|')[2] as string;
    expect(await store.quizzes.answers(sessionId, 0)).toHaveLength(200);
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const edits = fake.requests.filter((request) => request.method === 'PATCH' && request.path.endsWith(`/messages/${question.id}`));
    expect(edits.length).toBeGreaterThanOrEqual(1);
    expect(edits.length).toBeLessThanOrEqual(Math.ceil((elapsed + 2_200) / 2_000) + 1);
    expect(embedOf(quiz.current(question.id)).footer?.text).toBe('200 answered · first answer is final');
  }, 30_000);
});
