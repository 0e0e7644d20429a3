import type { Locator, Page } from 'playwright-core';
import type { Question } from '../../src/content/schema.js';

/** Opens the playground as a member (id, name or role label) in a channel, and waits for the live connection. */
export async function openAs(page: Page, baseUrl: string, member: string, channel = 'general'): Promise<Page> {
  await page.goto(`${baseUrl}/?member=${encodeURIComponent(member)}&channel=${encodeURIComponent(channel)}`);
  await page.locator('.status.online').waitFor();
  await page.locator('.channel.active', { hasText: channel }).waitFor();
  return page;
}

export interface OptionInput {
  /** Typed into the field; for an autocomplete option, the choice whose name matches `pick` is clicked. */
  type?: string;
  pick?: RegExp;
  /** For a field drawn as a menu (choices, booleans, channels): the label to select. */
  select?: string;
}

/** Types `/name sub`, picks the command from the list, fills the options, and sends it. */
export async function runCommand(page: Page, command: string, options: Record<string, OptionInput> = {}): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(command);
  await page.locator(`.command-choice[data-command="${command}"]`).click();
  for (const [name, input] of Object.entries(options)) {
    const field = page.locator(`.option-field[data-option="${name}"]`);
    if (input.select !== undefined) {
      await field.locator('select').selectOption({ label: input.select });
      continue;
    }
    const text = field.locator('input');
    await text.fill(input.type ?? '');
    if (input.pick) await field.locator('.autocomplete-choice', { hasText: input.pick }).first().click();
  }
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** The last message on screen whose text matches. */
export function lastMessage(page: Page, text: string | RegExp): Locator {
  return page.locator('article.message', { hasText: text }).last();
}

/** Answers a quiz question on `message` correctly, the way a member clicks; order questions go through their panel. */
export async function answerRight(page: Page, message: Locator, question: Question): Promise<void> {
  switch (question.type) {
    case 'single':
      await message.getByRole('button', { name: new RegExp(`^${String.fromCharCode(65 + question.answer)}\\. `) }).click();
      return;
    case 'truefalse':
      await message.getByRole('button', { name: question.answer ? 'True' : 'False', exact: true }).click();
      return;
    case 'multi': {
      await message.locator('.select-trigger').click();
      for (const index of question.answers) await message.locator(`.select-option[data-value="${index}"]`).click();
      await message.getByRole('button', { name: /^Done/ }).click();
      return;
    }
    case 'order': {
      let panel = message;
      const arrange = message.getByRole('button', { name: 'Arrange the steps' });
      if (await arrange.count()) {
        await arrange.click();
        panel = lastMessage(page, 'Submit');
        await panel.waitFor();
      }
      for (const step of question.steps) {
        // Each click redraws the panel with the clicked step disabled; wait for that before the next.
        const button = panel.locator('button', { hasText: step.slice(0, 60) }).first();
        await button.click();
        await button.and(page.locator('button[disabled]')).waitFor();
      }
      await panel.getByRole('button', { name: 'Submit', exact: true }).click();
      return;
    }
  }
}
