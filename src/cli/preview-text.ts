import type { APIEmbed } from 'discord.js';
import type { Lesson, Question } from '../content/schema.js';
import type { MessageView } from '../discord/views/lesson.js';

/** An embed and its controls as plain text, laid out the way Discord stacks them. */
export function viewAsText(view: MessageView): string {
  const parts = view.embeds.map(embedAsText);
  const controls = view.components.flatMap((row) =>
    row.components.map((component) => {
      if ('label' in component && component.label) return `[${component.label}${'disabled' in component && component.disabled ? ' (disabled)' : ''}]`;
      if ('placeholder' in component && component.placeholder) return `[${component.placeholder} ▾]`;
      return '';
    }),
  );
  if (controls.length > 0) parts.push(controls.filter(Boolean).join(' '));
  return parts.join('\n\n');
}

function embedAsText(embed: APIEmbed): string {
  const lines: string[] = [];
  if (embed.author?.name) lines.push(embed.author.name);
  if (embed.title) lines.push(`# ${embed.title}`);
  if (embed.description) lines.push('', embed.description);
  for (const field of embed.fields ?? []) lines.push('', `## ${field.name}`, field.value);
  if (embed.footer?.text) lines.push('', `— ${embed.footer.text}`);
  return lines.join('\n');
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXY';

/** A question with its answer key, for an author checking their quiz. */
export function questionAsText(question: Question, number: number): string {
  const lines = [`Q${number} (${question.type}, id ${question.id}${question.section ? `, teaches: ${question.section}` : ''})`, question.prompt];
  switch (question.type) {
    case 'single':
      question.choices.forEach((choice, index) => lines.push(`  ${letters[index]}) ${choice}${index === question.answer ? '   ✔' : ''}`));
      break;
    case 'multi':
      question.choices.forEach((choice, index) => lines.push(`  [${question.answers.includes(index) ? '✔' : ' '}] ${choice}`));
      break;
    case 'truefalse':
      lines.push(`  Answer: ${question.answer ? 'True' : 'False'}`);
      break;
    case 'order':
      question.steps.forEach((step, index) => lines.push(`  ${index + 1}. ${step}`));
      lines.push('  (shown shuffled; this is the right order)');
      break;
  }
  lines.push(`  Why: ${question.explanation}`);
  return lines.join('\n');
}

export function recallAsText(lesson: Lesson): string {
  return lesson.recall.map((card, index) => `Card ${index + 1} (id ${card.id})\n${card.prompt}\n  Model answer: ${card.answer}`).join('\n\n');
}
