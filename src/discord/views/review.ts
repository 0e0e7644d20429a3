import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId } from 'discord.js';
import type { Lesson, Question, RecallCard } from '../../content/schema.js';
import { describeAnswer, letter } from '../../quiz/grading.js';
import { describeWait, grades, type Grade } from '../../review/schedule.js';
import type { DeckSummary } from '../../store/review-store.js';
import { encodeRoute } from '../ids.js';
import { discordTime, escapeTyped, truncate } from '../text.js';
import type { MessageView } from './lesson.js';

export type ReviewItem = { kind: 'recall'; card: RecallCard } | { kind: 'question'; question: Question };

const colour = 0x9b59b6;
const gradeLabels: Record<Grade, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };
const gradeStyles: Record<Grade, APIButtonComponentWithCustomId['style']> = {
  again: ButtonStyle.Danger,
  hard: ButtonStyle.Secondary,
  good: ButtonStyle.Primary,
  easy: ButtonStyle.Success,
};

const footer = (summary: DeckSummary) => ({ text: `${summary.dueNow} due now · ${summary.cards} in your deck` });

function questionText(question: Question): string {
  if (question.type === 'single') return [question.prompt, '', ...question.choices.map((choice, index) => `**${letter(index)}.** ${choice}`)].join('\n');
  if (question.type === 'multi') return [question.prompt, '', ...question.choices.map((choice, index) => `**${letter(index)}.** ${choice}`), '', '*Which apply?*'].join('\n');
  if (question.type === 'order') return [question.prompt, '', '*Recall the order of the steps.*'].join('\n');
  return `${question.prompt}\n\n*True or false?*`;
}

/** A due card: a recall prompt to answer in a modal, or a missed question to recall and check. */
export function reviewCardView(lesson: Lesson, cardKey: string, item: ReviewItem, summary: DeckSummary): MessageView {
  const recall = item.kind === 'recall';
  return {
    embeds: [
      {
        author: { name: `Review · ${lesson.title}` },
        title: recall ? '🧠 Recall' : '🔁 A question you missed',
        description: recall ? item.card.prompt : questionText(item.question),
        color: colour,
        footer: footer(summary),
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          recall
            ? { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Answer', custom_id: encodeRoute({ kind: 'review.answer', cardKey }) }
            : { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Show the answer', custom_id: encodeRoute({ kind: 'review.show', cardKey }) },
        ],
      },
    ],
  };
}

/** The model answer beside the member's own, and the four grades with what each would schedule. */
export function reviewCheckView(lesson: Lesson, cardKey: string, item: ReviewItem, typed: string | undefined, next: Record<Grade, Date>, now: Date): MessageView {
  const fields =
    item.kind === 'recall'
      ? [
          { name: 'Your answer', value: typed?.trim() ? escapeTyped(truncate(typed.trim(), 1000)) : '*(nothing typed)*' },
          { name: 'Model answer', value: item.card.answer },
        ]
      : [
          { name: 'Right answer', value: truncate(describeAnswer(item.question), 1024) },
          { name: 'Why', value: item.question.explanation },
        ];
  return {
    embeds: [
      {
        author: { name: `Review · ${lesson.title}` },
        title: 'How well did you remember?',
        description: item.kind === 'recall' ? item.card.prompt : item.question.prompt,
        color: colour,
        fields,
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: grades.map((grade) => ({
          type: ComponentType.Button,
          style: gradeStyles[grade],
          label: `${gradeLabels[grade]} · ${describeWait(now, next[grade])}`,
          custom_id: encodeRoute({ kind: 'review.grade', cardKey, grade }),
        })),
      },
    ],
  };
}

export function reviewGradedView(grade: Grade, due: Date, now: Date, summary: DeckSummary): MessageView {
  return {
    embeds: [
      {
        title: `Saved: ${gradeLabels[grade]}`,
        description: `Next review of this card ${describeWait(now, due)} (${discordTime(due, 'D')}).`,
        color: colour,
        footer: footer(summary),
      },
    ],
    components:
      summary.dueNow > 0
        ? [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Next card', custom_id: encodeRoute({ kind: 'review.next' }) }] }]
        : [],
  };
}

export function nothingDueView(summary: DeckSummary): MessageView {
  const description =
    summary.cards === 0
      ? 'Your deck is empty. Finish a lesson (read every page) or a quiz: its recall cards, and any question you missed, join your deck.'
      : `All caught up. ${summary.cards} ${summary.cards === 1 ? 'card' : 'cards'} in your deck; the next one is due ${summary.nextDue ? discordTime(summary.nextDue) : 'later'}.`;
  return { embeds: [{ title: '🧠 Nothing to review right now', description, color: colour }], components: [] };
}
