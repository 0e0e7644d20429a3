import type { APIMessage } from 'discord.js';
import { describe, expect, test, vi } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { encodeRoute } from '../../src/discord/ids.js';
import { useBotHarness } from '../support/bot-harness.js';
import { engines } from '../support/engines.js';
import { buttonId, componentsOf, embedOf, embedText } from '../support/discord-messages.js';
import { LiveQuizPlayer } from '../support/live-quiz.js';

const startHarness = useBotHarness();
const oauth = (await loadContent('content')).lessons.find((lesson) => lesson.id === 'oauth-basics');
if (!oauth) throw new Error('the OAuth lesson is missing');
const orderIndex = oauth.questions.findIndex((question) => question.type === 'order');

const SEND_MESSAGES = 11;
const EMBED_LINKS = 14;

async function openLobby(options: Parameters<LiveQuizPlayer['start']>[1] = {}, harnessOptions: Parameters<typeof startHarness>[0] = {}) {
  const harness = await startHarness(harnessOptions);
  const quiz = new LiveQuizPlayer(harness.fake, oauth!);
  const start = quiz.start('alice', options);
  await start.response();
  const lobbyId = start.message()?.id as string;
  await vi.waitFor(async () => expect((await harness.store.quizzes.runningSessions())[0]?.lobbyMessageId).toBe(lobbyId));
  const sessionId = (await harness.store.quizzes.runningSessions())[0]?.id as string;
  return { harness, quiz, lobbyId, sessionId };
}

/** A click with an id the bot never offered (a modified client): the fake posts a message carrying it. */
const forged = (harness: Awaited<ReturnType<typeof startHarness>>, user: string, customId: string, _shownOn?: APIMessage) =>
  harness.fake.button({ customId, user }).response();

describe.each(engines)('competitions nobody can cheat, on %s', (engine) => {
  test('GIVEN a team lobby THEN a forged join without a team is refused, and the teams are counted', async () => {
    const { harness, quiz, lobbyId, sessionId } = await openLobby({ mode: 'teams', questions: 1 }, { engine });
    const lobby = quiz.current(lobbyId);
    const refused = await forged(harness, 'mallory', encodeRoute({ kind: 'quiz.join', sessionId, team: '-' }), lobby);
    expect(refused.data?.content).toContain('This is a team game');
    expect(await harness.store.quizzes.player(sessionId, harness.fake.user('mallory').id)).toBeUndefined();
    await quiz.click('bob', lobbyId, 'Join Team Red').response();
    await quiz.click('carol', lobbyId, 'Join Team Blue').response();
    expect(embedText(quiz.current(lobbyId))).toMatch(/Team Red \(1\)[\s\S]*Team Blue \(1\)/);
  });

  test('GIVEN a running quiz THEN its review is refused until it ends, and someone who never played is told so', async () => {
    const { harness, quiz, lobbyId, sessionId } = await openLobby({ questions: 1 }, { engine });
    await quiz.click('bob', lobbyId, 'Join').response();
    const early = await forged(harness, 'bob', encodeRoute({ kind: 'quiz.review', sessionId }), quiz.current(lobbyId));
    expect(early.data?.content).toContain('The review opens when the quiz has finished');
    expect(early.data?.embeds ?? []).toEqual([]);

    await quiz.click('alice', lobbyId, 'Start').response();
    const question = await quiz.questionMessage(1);
    const running = await forged(harness, 'bob', encodeRoute({ kind: 'quiz.review', sessionId }), question);
    expect(running.data?.content).toContain('The review opens when the quiz has finished');

    await quiz.answer('bob', question, true);
    const final = await quiz.finalMessage();
    expect(embedOf((await quiz.click('bob', final.id, 'Review my mistakes').response()).data).title).toBe('Your review: 1 of 1 right');
    expect((await quiz.click('dave', final.id, 'Review my mistakes').response()).data?.content).toContain('You did not play in this quiz');
  });

  test('GIVEN a question not asked yet THEN its order panel does not open, and a step pressed after its question closed says time is up', async () => {
    const { harness, quiz, lobbyId, sessionId } = await openLobby({}, { engine });
    await quiz.click('bob', lobbyId, 'Join').response();
    await quiz.click('alice', lobbyId, 'Start').response();
    const first = await quiz.questionMessage(1);
    const orderQuestion = (await harness.store.quizzes.session(sessionId))?.questionIds.indexOf(oauth!.questions[orderIndex]!.id) ?? -1;
    expect(orderQuestion).toBeGreaterThan(0);
    const peek = await forged(harness, 'bob', encodeRoute({ kind: 'quiz.order', sessionId, question: orderQuestion, picked: '' }), first);
    expect(peek.data?.content).toBe('Time is up for that question: answers are closed.');
    expect(JSON.stringify(peek.data)).not.toContain(oauth!.questions[orderIndex]!.prompt.slice(0, 40));

    // Play on to the order question, open the panel, let the question close, then press a step.
    for (let number = 1; number <= orderQuestion; number += 1) {
      const message = await quiz.questionMessage(number);
      await quiz.answer('bob', message, true);
      await quiz.revealMessage(number);
    }
    const orderMessage = await quiz.questionMessage(orderQuestion + 1);
    const open = quiz.click('bob', orderMessage.id, 'Arrange the steps');
    await open.response();
    const panel = open.message() as APIMessage;
    await quiz.click('alice', orderMessage.id, 'Skip').response();
    await quiz.revealMessage(orderQuestion + 1);
    const step = componentsOf(panel).find((component) => component.custom_id?.includes('|o|'))?.custom_id as string;
    const late = await harness.fake.button({ customId: step, message: panel, user: 'bob' }).response();
    expect(late.data?.content).toBe('Time is up for that question: answers are closed.');
  });

  test('GIVEN a free-for-all THEN a member who never pressed Join plays, and the lobby, the results and the leaderboard all count them', async () => {
    const { harness, quiz, lobbyId, sessionId } = await openLobby({ questions: 1 }, { engine });
    await quiz.click('bob', lobbyId, 'Join').response();
    await quiz.click('alice', lobbyId, 'Start').response();
    const question = await quiz.questionMessage(1);
    expect(embedText(quiz.current(lobbyId))).toContain('Answer any question to join in');
    expect(await quiz.answer('erin', question, true)).toMatch(/Locked in/);
    expect(await quiz.answer('bob', question, false)).toMatch(/Locked in/);
    const final = await quiz.finalMessage();
    expect(embedText(final)).toMatch(/🥇 Erin: \d+ pts/);
    await vi.waitFor(() => expect(embedText(quiz.current(lobbyId))).toContain('Players (2)'));
    expect((await harness.store.quizzes.session(sessionId))?.playerCount).toBe(2);
    expect(await harness.store.quizzes.scoreEntry(sessionId, harness.fake.user('erin').id)).toMatchObject({ questions: 1, correct: 1 });
  });
});

describe('a question that cannot be posted', () => {
  test('GIVEN the bot may not embed links here THEN /quiz start says which permission is missing and opens nothing', async () => {
    const harness = await startHarness();
    harness.fake.denyBot(harness.fake.channelId, EMBED_LINKS);
    const start = await new LiveQuizPlayer(harness.fake, oauth!).start('alice').response();
    expect(start.data?.content).toContain('I need **Embed Links** here');
    expect(start.data?.flags).toBe(64);
    expect(await harness.store.quizzes.runningSessions()).toEqual([]);
  });

  test('GIVEN the bot loses Send Messages after the lobby opened THEN the quiz ends unscored and the host hears why', async () => {
    const { harness, quiz, lobbyId, sessionId } = await openLobby({ questions: 2 });
    await quiz.click('bob', lobbyId, 'Join').response();
    harness.fake.denyBot(harness.fake.channelId, SEND_MESSAGES);
    await quiz.click('alice', lobbyId, 'Start').response();
    const notice = await harness.fake.waitForMessage((message) => message.embeds[0]?.title === '⚠️ The quiz had to stop');
    expect(notice.channel_id).not.toBe(harness.fake.channelId);
    expect(embedText(notice)).toContain('I could not post question 1 of 2');
    expect(embedText(notice)).toContain('Nobody was scored.');
    expect((await harness.store.quizzes.session(sessionId))?.phase).toBe('finished');
    expect(await harness.store.quizzes.answers(sessionId)).toEqual([]);
    expect(harness.fake.messages({ channelId: harness.fake.channelId }).some((message) => /^Question \d/.test(message.embeds[0]?.title ?? ''))).toBe(false);
    expect(harness.logs()).not.toContain('"level":50');
  });

  test('GIVEN Discord fails the question post more often than discord.js retries THEN the bot retries, and the question appears once', async () => {
    const { harness, quiz, lobbyId } = await openLobby({ questions: 1 });
    await quiz.click('bob', lobbyId, 'Join').response();
    harness.fake.failNext((request) => request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.route ?? ''), 502, 0, 'Bad Gateway', 4);
    await quiz.click('alice', lobbyId, 'Start').response();
    const question = await quiz.questionMessage(1);
    expect(await quiz.answer('bob', question, true)).toMatch(/Locked in/);
    await quiz.finalMessage();
    expect(harness.fake.messages({ channelId: harness.fake.channelId }).filter((message) => message.embeds[0]?.title === 'Question 1 of 1')).toHaveLength(1);
    expect(harness.logs()).not.toContain('"level":50');
  });

  test('GIVEN the bot dies between posting a question and storing its id THEN after a restart the same message carries the question, once, and the previous one stays as it was', async () => {
    const { harness, quiz, lobbyId, sessionId } = await openLobby({ questions: 2 });
    await quiz.click('bob', lobbyId, 'Join').response();
    await quiz.click('alice', lobbyId, 'Start').response();
    const first = await quiz.questionMessage(1);
    harness.fake.holdNext((request) => request.method === 'POST' && (request.body as { nonce?: string } | undefined)?.nonce === `q${sessionId}-1`);
    await quiz.answer('bob', first, true);
    await vi.waitFor(() => expect(harness.fake.heldRequests).toBe(1));
    await harness.restart();

    const second = await quiz.questionMessage(2);
    await vi.waitFor(async () => expect(await harness.store.quizzes.session(sessionId)).toMatchObject({ phase: 'question', questionMessageId: second.id }));
    const titles = harness.fake.messages({ channelId: harness.fake.channelId }).map((message) => message.embeds[0]?.title);
    expect(titles.filter((title) => title === 'Question 2 of 2')).toHaveLength(1);
    expect(embedOf(quiz.current(first.id)).title).toBe('Question 1 of 2');
    expect(await quiz.answer('bob', quiz.current(second.id), true)).toMatch(/Locked in/);
    expect(embedText(await quiz.finalMessage())).toMatch(/🥇 Bob: \d+ pts/);
  });
});

describe('faults', () => {
  test('GIVEN a click whose payload has no custom_id THEN the member gets a short answer and the bot carries on', async () => {
    const harness = await startHarness();
    const built = harness.fake.build.button({ customId: 'v1|lesson|oauth-basics|p|1', user: 'bob' });
    delete (built.payload as { data: { custom_id?: string } }).data.custom_id;
    const response = await harness.fake.dispatch(built.payload).response();
    expect(response.data?.content).toContain('not one I can read');
    expect((await harness.fake.slash({ name: 'help' }).response()).data?.embeds?.length).toBeGreaterThan(0);
  });
});

export { buttonId };
