import type { APIMessage } from 'discord.js';
import type { LocalDiscord } from '../../playground/discord/index.js';
import { openQuestion, componentsOf, answerComponentOf } from './answer-burst.js';
import type { BotName, RunningBot } from './bots.js';

/** What the bench asks a bot to do: a slash command, a page turn, a quiz answer. */
export const interactionKinds = ['lesson', 'page turn', 'quiz answer'] as const;
export type InteractionKind = (typeof interactionKinds)[number];

/** One interaction of a kind, sent as `user` (the `index`th of the run); resolves with the latency in ms. */
export type Sender = (index: number) => Promise<number>;

const readers = Array.from({ length: 64 }, (_, index) => `reader-${index}`);
const lessonTopic = [{ name: 'topic', type: 3, value: 'oauth-basics' }];

function expectType(response: { type: number }, type: number, what: string) {
  if (response.type !== type) throw new Error(`${what}: expected response type ${type}, got ${response.type}`);
}

const lesson = (fake: LocalDiscord): Sender => async (index) => {
  const started = performance.now();
  const response = await fake.slash({ name: 'lesson', user: readers[index % readers.length], options: lessonTopic }).response({ timeoutMs: 30_000 });
  expectType(response, 4, '/lesson');
  return performance.now() - started;
};

/** Each reader opens a lesson once, then turns its pages, forth to the end and back. */
async function pageTurns(fake: LocalDiscord): Promise<Sender> {
  const messages = new Map<string, string>();
  for (const user of readers) {
    const handle = fake.slash({ name: 'lesson', user, options: lessonTopic });
    await handle.response({ timeoutMs: 30_000 });
    messages.set(user, (handle.message() as APIMessage).id);
  }
  const forward = new Map<string, boolean>();
  return async (index) => {
    const user = readers[index % readers.length] as string;
    const message = fake.message(messages.get(user) as string) as APIMessage;
    const buttons = componentsOf(message).filter((component) => component.label === 'Next' || component.label === 'Previous');
    const enabled = (label: string) => buttons.find((button) => button.label === label && !button.disabled);
    if (!enabled(forward.get(user) === false ? 'Previous' : 'Next')) forward.set(user, forward.get(user) === false);
    const button = enabled(forward.get(user) === false ? 'Previous' : 'Next') ?? enabled('Next') ?? enabled('Previous');
    if (!button?.custom_id) throw new Error('no page button to click');
    const started = performance.now();
    const response = await fake.button({ customId: button.custom_id, message, user }).response({ timeoutMs: 30_000 });
    expectType(response, 7, 'page turn');
    return performance.now() - started;
  };
}

/** Distinct members answer one live question (ours) or the question a shared /lesson posts (bare). */
async function quizAnswers(fake: LocalDiscord, bot: BotName, round: number): Promise<Sender> {
  let question: APIMessage;
  if (bot === 'ours') {
    question = await openQuestion(fake, 120);
  } else {
    const handle = fake.slash({ name: 'lesson', user: 'host', options: [...lessonTopic, { name: 'share', type: 5, value: true }] });
    await handle.response({ timeoutMs: 30_000 });
    question = handle.message() as APIMessage;
  }
  const answer = answerComponentOf(question);
  if (!answer?.custom_id) throw new Error('no answer component');
  const customId = answer.custom_id;
  return async (index) => {
    const user = `answerer-${round}-${index}`;
    const started = performance.now();
    const handle =
      answer.type === 3 ? fake.select({ customId, values: ['0'], message: question, user }) : fake.button({ customId, message: question, user });
    const response = await handle.response({ timeoutMs: 30_000 });
    expectType(response, 4, 'quiz answer');
    return performance.now() - started;
  };
}

export async function senderFor(kind: InteractionKind, running: RunningBot, bot: BotName, round: number): Promise<Sender> {
  if (kind === 'lesson') return lesson(running.fake);
  if (kind === 'page turn') return pageTurns(running.fake);
  return quizAnswers(running.fake, bot, round);
}

/** Sends `count` interactions, at most `parallel` unanswered at once; returns each latency in ms. */
export async function runLoad(send: Sender, count: number, parallel: number, offset = 0): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      latencies.push(await send(offset + index));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return latencies;
}
