import type { APIMessage } from 'discord.js';
import type { Lesson, Question } from '../../src/content/schema.js';
import { buttonId, embedOf, selectId } from './discord-messages.js';
import type { LocalDiscord, InteractionHandle } from '../../src/playground/discord/index.js';

/** Plays a live quiz the way members do, through the fake Discord. */
export class LiveQuizPlayer {
  constructor(
    private readonly fake: LocalDiscord,
    private readonly lesson: Lesson,
  ) {}

  start(user: string, options: { mode?: 'ffa' | 'teams'; questions?: number; seconds?: number } = {}): InteractionHandle {
    const sub = [{ name: 'topic', type: 3, value: this.lesson.id }] as { name: string; type: number; value: string | number }[];
    if (options.mode) sub.push({ name: 'mode', type: 3, value: options.mode });
    if (options.questions) sub.push({ name: 'questions', type: 4, value: options.questions });
    sub.push({ name: 'seconds', type: 4, value: options.seconds ?? 30 });
    return this.fake.slash({ name: 'quiz', user, options: [{ name: 'start', type: 1, options: sub }] });
  }

  current(messageId: string): APIMessage {
    const message = this.fake.message(messageId);
    if (!message) throw new Error(`no message ${messageId}`);
    return message;
  }

  click(user: string, messageId: string, label: string | RegExp): InteractionHandle {
    const message = this.current(messageId);
    return this.fake.button({ customId: buttonId(message, label), message, user });
  }

  questionMessage(number: number): Promise<APIMessage> {
    return this.fake.waitForMessage((message) => message.embeds[0]?.title === `Question ${number} of ${this.total(message)}` && !message.embeds[0]?.title?.includes('answer'));
  }

  revealMessage(number: number): Promise<APIMessage> {
    return this.fake.waitForMessage((message) => /^Question \d+ of \d+: the answer$/.test(message.embeds[0]?.title ?? '') && message.embeds[0]?.title?.startsWith(`Question ${number} of`) === true);
  }

  finalMessage(): Promise<APIMessage> {
    return this.fake.waitForMessage((message) => message.embeds[0]?.title === '🏁 Final standings');
  }

  /** The lesson's question a live question message asks. */
  questionOn(message: APIMessage): Question {
    const description = embedOf(message).description ?? '';
    const question = this.lesson.questions.find((candidate) => description.startsWith(candidate.prompt));
    if (!question) throw new Error(`no question matches ${description.slice(0, 80)}`);
    return question;
  }

  /**
   * Answers right or wrong; returns the acknowledgement the member saw. `beforeFinalClick` runs
   * just before the click that gives the answer (after an order panel's steps).
   */
  async answer(user: string, message: APIMessage, right: boolean, beforeFinalClick = () => {}): Promise<string> {
    const question = this.questionOn(message);
    if (question.type !== 'order') beforeFinalClick();
    switch (question.type) {
      case 'single': {
        const choice = right ? question.answer : (question.answer + 1) % question.choices.length;
        return this.contentOf(this.fake.button({ customId: buttonId(message, new RegExp(`^${String.fromCharCode(65 + choice)}\\. `)), message, user }));
      }
      case 'truefalse': {
        const value = right ? question.answer : !question.answer;
        return this.contentOf(this.fake.button({ customId: buttonId(message, value ? 'True' : 'False'), message, user }));
      }
      case 'multi': {
        const values = right ? question.answers.map(String) : [String(question.choices.findIndex((_, index) => !question.answers.includes(index)))];
        return this.contentOf(this.fake.select({ customId: selectId(message), values, message, user }));
      }
      case 'order': {
        const open = this.fake.button({ customId: buttonId(message, 'Arrange the steps'), message, user });
        const opened = await open.response();
        if (!opened.data?.embeds) return opened.data?.content ?? '';
        let panel = open.message() as APIMessage;
        for (const step of right ? question.steps : [...question.steps].reverse()) {
          const click = this.fake.button({ customId: buttonId(panel, step.slice(0, 80)), message: panel, user });
          await click.response();
          panel = click.message() as APIMessage;
        }
        beforeFinalClick();
        const submit = this.fake.button({ customId: buttonId(panel, 'Submit'), message: panel, user });
        await this.contentOf(submit);
        return submit.message()?.content ?? '';
      }
    }
  }

  /** What the member ends up reading: for a deferred answer, the edit that finishes it. */
  private async contentOf(handle: InteractionHandle): Promise<string> {
    const response = await handle.response();
    if (response.type !== 5 && response.type !== 6) return response.data?.content ?? '';
    await handle.waitFor((activity) => activity.kind === 'webhook' && activity.method === 'PATCH' && activity.status < 300, 30_000);
    return handle.message()?.content ?? '';
  }

  private total(message: APIMessage): string {
    return /of (\d+)/.exec(message.embeds[0]?.title ?? '')?.[1] ?? '?';
  }
}
