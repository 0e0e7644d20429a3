import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { quizHelpView } from '../../src/discord/quiz/help-view.js';

const fields = quizHelpView().embeds[0]?.fields ?? [];
const field = (name: string) => fields.find((candidate) => candidate.name === name)?.value ?? '';
const readme = readFileSync('README.md', 'utf8');

describe('/quiz help and the README say the same rules', () => {
  test.each([
    ['the joining rule', 'Joining', /answer a question after the start/, /answering joins you/],
    ['what happens without a permission', 'If I lack a permission', /Send Messages, Embed Links and Read Message History/, /\*\*Send Messages\*\*,\s+\*\*Embed Links\*\* and \*\*Read Message History\*\*/],
  ])('GIVEN %s THEN /quiz help and the README both state it', (_rule, name, inHelp, inReadme) => {
    expect(field(name)).toMatch(inHelp);
    expect(readme).toMatch(inReadme);
  });

  test('GIVEN every help field THEN each fits in an embed field', () => {
    for (const entry of fields) expect(entry.value.length).toBeLessThanOrEqual(1024);
  });
});
