import type { APIMessage } from 'discord.js';
import type { Question } from '../../src/content/schema.js';
import { buttonId, selectId } from './discord-messages.js';
import type { LocalDiscord } from '../../src/playground/discord/index.js';

/** Answers the question on `message` right (or wrong), the way a member clicks; returns the feedback message. */
export async function answerQuestion(fake: LocalDiscord, message: APIMessage, question: Question, right: boolean): Promise<APIMessage> {
  switch (question.type) {
    case 'single': {
      const choice = right ? question.answer : (question.answer + 1) % question.choices.length;
      const click = fake.button({ customId: buttonId(message, new RegExp(`^${String.fromCharCode(65 + choice)}\\. `)), message });
      await click.response();
      return click.message() as APIMessage;
    }
    case 'truefalse': {
      const click = fake.button({ customId: buttonId(message, String(right ? question.answer : !question.answer).replace(/^./, (c) => c.toUpperCase())), message });
      await click.response();
      return click.message() as APIMessage;
    }
    case 'multi': {
      const values = right ? question.answers.map(String) : [String(question.choices.findIndex((_, index) => !question.answers.includes(index)))];
      const pick = fake.select({ customId: selectId(message), values, message });
      await pick.response();
      return pick.message() as APIMessage;
    }
    case 'order': {
      let panel = message;
      const steps = right ? question.steps : [...question.steps].reverse();
      for (const step of steps) {
        const click = fake.button({ customId: buttonId(panel, step.slice(0, 80)), message: panel });
        await click.response();
        panel = click.message() as APIMessage;
      }
      const submit = fake.button({ customId: buttonId(panel, 'Submit'), message: panel });
      await submit.response();
      return submit.message() as APIMessage;
    }
  }
}

