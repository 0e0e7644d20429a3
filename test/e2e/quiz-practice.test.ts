import type { APIMessage } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { scoringRules } from '../../src/quiz/scoring.js';
import { useBotHarness } from '../support/bot-harness.js';
import { engines } from '../support/engines.js';
import { buttonId, componentsOf, embedOf, embedText } from '../support/discord-messages.js';
import { answerQuestion } from '../support/practice.js';
import type { LocalDiscord } from '../../src/playground/discord/index.js';
import type { Question } from '../../src/content/schema.js';

const startHarness = useBotHarness();
const topic = (value: string) => [{ name: 'topic', type: 3, value }];
const oauth = (await loadContent('content')).lessons.find((lesson) => lesson.id === 'oauth-basics');
if (!oauth) throw new Error('the OAuth lesson is missing');

/** A practice run of the OAuth lesson, answered right up to its first question of this type: that question's message. */
async function practiceUpTo(fake: LocalDiscord, type: Question['type']): Promise<{ message: APIMessage; index: number }> {
  const start = fake.slash({ name: 'quiz', options: [{ name: 'practice', type: 1, options: topic('oauth-basics') }] });
  await start.response();
  let message = start.message() as APIMessage;
  const { questions } = oauth!;
  const index = questions.findIndex((question) => question.type === type);
  for (const question of questions.slice(0, index)) {
    const feedback = await answerQuestion(fake, message, question, true);
    const next = fake.button({ customId: buttonId(feedback, 'Next question'), message: feedback });
    await next.response();
    message = next.message() as APIMessage;
  }
  return { message, index };
}

describe.each(engines)('solo practice through the real client, on %s', (engine) => {
  test('GIVEN a run through every question of the OAuth lesson THEN each answer gets feedback and the summary counts them', async () => {
    const { fake } = await startHarness({ engine });
    const start = fake.slash({ name: 'quiz', options: [{ name: 'practice', type: 1, options: topic('oauth-basics') }] });
    await start.response();
    let message = start.message() as APIMessage;
    const wrongOne = oauth.questions.findIndex((question) => question.type === 'multi');

    for (const [index, question] of oauth.questions.entries()) {
      expect(embedOf(message).title).toBe(`Question ${index + 1} of ${oauth.questions.length}`);
      const feedback = await answerQuestion(fake, message, question, index !== wrongOne);
      expect(embedOf(feedback).title).toMatch(index === wrongOne ? /^(❌ Not quite|🟡 Partly right)/ : /^✅ Correct/);
      expect(embedText(feedback)).toContain(question.explanation.slice(0, 60));
      const next = fake.button({ customId: buttonId(feedback, index === oauth.questions.length - 1 ? 'See results' : 'Next question'), message: feedback });
      await next.response();
      message = next.message() as APIMessage;
    }

    expect(embedOf(message).title).toBe(`Quiz complete: ${oauth.questions.length - 1} of ${oauth.questions.length} right`);
    expect(embedOf(message).description).toMatch(/\*\*\d+ points\*\* added to this server's leaderboard/);
    const wrongQuestion = oauth.questions[wrongOne];
    const section = oauth.sections.find((candidate) => candidate.id === wrongQuestion?.section);
    const reread = fake.button({ customId: buttonId(message, `Reread: ${section?.title}`), message });
    expect((await reread.response()).data?.embeds?.[0]?.title).toBe(section?.title);
  });

  test('GIVEN a second completed run of the same lesson THEN it shows the score but earns no points, and the passing runs completed the lesson', async () => {
    const { fake } = await startHarness({ engine });
    const shortRun = async () => {
      const start = fake.slash({ name: 'quiz', options: [{ name: 'practice', type: 1, options: topic('oauth-basics') }] });
      await start.response();
      let message = start.message() as APIMessage;
      for (const question of oauth.questions) {
        const feedback = await answerQuestion(fake, message, question, true);
        const next = fake.button({ customId: buttonId(feedback, /^(Next question|See results)$/), message: feedback });
        await next.response();
        message = next.message() as APIMessage;
      }
      return embedOf(message).description ?? '';
    };
    expect(await shortRun()).toContain(`**${oauth.questions.length * scoringRules.practiceBase} points** added`);
    expect(await shortRun()).toContain('were earned by your first run');
    // At least half right completes the lesson, pages unread or not.
    const lessons = fake.slash({ name: 'lessons', options: [{ name: 'track', type: 3, value: 'security' }] });
    await lessons.response();
    expect(embedOf(lessons.message() as APIMessage).description).toContain(`✅ ${oauth.title}`);
  });

  test('GIVEN a multi question THEN its choices and menu options carry the letters the replies use, and "choose all that apply" is said once', async () => {
    const { fake } = await startHarness({ engine });
    const { message, index: multiIndex } = await practiceUpTo(fake, 'multi');
    const multi = oauth.questions[multiIndex];
    if (multi?.type !== 'multi') throw new Error('the OAuth lesson has no multi question');
    const text = embedText(message);
    expect(text.match(/all that apply/gi)).toHaveLength(1);
    multi.choices.forEach((choice, index) => expect(text).toContain(`**${String.fromCharCode(65 + index)}.** ${choice}`));
    const menu = componentsOf(message).find((component) => component.type === 3);
    expect(menu?.options?.map((option) => option.label)).toEqual(multi.choices.map((choice, index) => `${String.fromCharCode(65 + index)}. ${choice}`.slice(0, 100)));
    expect(JSON.stringify(menu)).not.toMatch(/all that apply/i);
  });

  test('GIVEN an order question answered out of order THEN the feedback shows your order and the right order in the same form, side by side', async () => {
    const { fake } = await startHarness({ engine });
    const { message, index: orderIndex } = await practiceUpTo(fake, 'order');
    const order = oauth.questions[orderIndex];
    if (order?.type !== 'order') throw new Error('the OAuth lesson has no order question');
    const feedback = await answerQuestion(fake, message, order, false);
    const fields = embedOf(feedback).fields ?? [];
    const yours = fields.find((field) => field.name === 'Your answer');
    const right = fields.find((field) => field.name === 'Right answer');
    expect(yours).toMatchObject({ inline: true, value: [...order.steps].reverse().map((step, place) => `${place + 1}. ${step}`).join('\n') });
    expect(right).toMatchObject({ inline: true, value: order.steps.map((step, place) => `${place + 1}. ${step}`).join('\n') });
  });

  test('GIVEN an order question THEN Undo takes back the last step and Submit waits for every step', async () => {
    const { fake } = await startHarness({ engine });
    const reached = await practiceUpTo(fake, 'order');
    let message = reached.message;
    const order = oauth.questions[reached.index];
    if (order?.type !== 'order') throw new Error('expected an order question');
    const submit = () => componentsOf(message).find((component) => component.label === 'Submit');
    expect(submit()?.disabled).toBe(true);
    const first = fake.button({ customId: buttonId(message, order.steps[1] as string), message });
    await first.response();
    message = first.message() as APIMessage;
    expect(embedText(message)).toContain(`1. ${order.steps[1]}`);
    const undo = fake.button({ customId: buttonId(message, 'Undo'), message });
    await undo.response();
    message = undo.message() as APIMessage;
    expect(embedText(message)).toContain('Your order (0 of 6)');
    const feedback = await answerQuestion(fake, message, order, true);
    expect(embedOf(feedback).title).toMatch(/^✅ Correct/);
  });

  test('GIVEN two answers clicked before the first one is shown THEN the first answer stands and counts once', async () => {
    const { fake, store } = await startHarness({ engine });
    const start = fake.slash({ name: 'quiz', options: [{ name: 'practice', type: 1, options: topic('oauth-basics') }] });
    await start.response();
    const message = start.message() as APIMessage;
    const first = oauth.questions[0];
    if (first?.type !== 'single') throw new Error('expected a single-choice first question');
    const customId = buttonId(message, /^A\. /);
    const clicks = [fake.button({ customId, message }), fake.button({ customId: customId.replace(/\|0$/, `|${first.answer}`), message })];
    const responses = await Promise.all(clicks.map((click) => click.response()));
    for (const response of responses) expect(response.data?.embeds?.[0]?.title).toMatch(/^❌ Not quite/);
    const sessionId = customId.split('|')[2] as string;
    const answers = await store.quizzes.answers(sessionId);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.response).toEqual({ type: 'single', choice: 0 });
  });
});
