import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed } from 'discord.js';
import type { Lesson, Question } from '../../content/schema.js';
import { letter } from '../../quiz/grading.js';
import { displayedSteps } from '../../quiz/shuffle.js';
import type { QuizSession } from '../../store/quiz-store.js';
import { encodeRoute } from '../ids.js';
import { levelColours, type MessageView } from '../views/lesson.js';
import { discordTime, truncate } from '../text.js';

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface QuestionContext {
  session: QuizSession;
  lesson: Lesson;
  question: Question;
  index: number;
}

/** The order steps are shown in for this session and question: the same after a restart, whatever the right order. */
export const shownSteps = (context: QuestionContext) =>
  context.question.type === 'order' ? displayedSteps(context.question.steps, `${context.session.id}:${context.index}`) : [];

/** The title every question message carries; a click proves which question's message it came from. */
export const questionTitle = (session: Pick<QuizSession, 'questionIds'>, index: number) => `Question ${index + 1} of ${session.questionIds.length}`;

function questionEmbed(context: QuestionContext): APIEmbed {
  const { session, lesson, question, index } = context;
  const lines = [question.prompt];
  if (question.type === 'single') lines.push('', ...question.choices.map((choice, choiceIndex) => `**${letter(choiceIndex)}.** ${choice}`));
  if (question.type === 'multi') {
    // Most prompts already say it; a second "choose all that apply" reads as a stutter.
    if (!/all that apply/i.test(question.prompt)) lines.push('', '*Choose all that apply.*');
    lines.push('', ...question.choices.map((choice, choiceIndex) => `**${letter(choiceIndex)}.** ${choice}`));
  }
  if (question.type === 'order') {
    lines.push('', '*Put these steps in order:*', ...shownSteps(context).map((step) => `• ${question.steps[step]}`));
  }
  return {
    author: { name: lesson.title },
    title: questionTitle(session, index),
    description: lines.join('\n'),
    color: levelColours[lesson.level],
  };
}

function answerRows(context: QuestionContext, disabled: boolean): Row[] {
  const { session, question, index } = context;
  const answer = (choice: number | 't' | 'f') => encodeRoute({ kind: 'quiz.answer', sessionId: session.id, question: index, choice });
  switch (question.type) {
    case 'single':
      return [
        {
          type: ComponentType.ActionRow,
          components: question.choices.map((choice, choiceIndex) => ({
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: truncate(`${letter(choiceIndex)}. ${choice}`, 80),
            custom_id: answer(choiceIndex),
            disabled,
          })),
        },
      ];
    case 'truefalse':
      return [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Success, label: 'True', custom_id: answer('t'), disabled },
            { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'False', custom_id: answer('f'), disabled },
          ],
        },
      ];
    case 'multi':
      return [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.StringSelect,
              custom_id: encodeRoute({ kind: 'quiz.multi', sessionId: session.id, question: index }),
              placeholder: 'Pick your answers…',
              min_values: 1,
              max_values: question.choices.length,
              disabled,
              // The letters the replies use ("Locked in: A, C"), so a member can match them up.
              options: question.choices.map((choice, choiceIndex) => ({ label: truncate(`${letter(choiceIndex)}. ${choice}`, 100), value: String(choiceIndex) })),
            },
          ],
        },
      ];
    case 'order':
      return [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Primary,
              label: 'Arrange the steps',
              emoji: { name: '🔢' },
              custom_id: encodeRoute({ kind: 'quiz.order', sessionId: session.id, question: index, picked: '' }),
              disabled,
            },
          ],
        },
      ];
  }
}

/** A live question as the channel sees it. */
export function liveQuestionView(context: QuestionContext, state: { answered: number; closed: boolean }): MessageView {
  const embed = questionEmbed(context);
  const deadline = context.session.deadline;
  embed.fields = [
    {
      name: state.closed ? 'Closed' : 'Time',
      value: state.closed ? `${state.answered} answered` : `Ends ${deadline ? discordTime(deadline) : 'soon'}`,
    },
  ];
  embed.footer = { text: `${state.answered} answered · first answer is final` };
  const controls: Row = {
    type: ComponentType.ActionRow,
    components: (['skip', 'stop'] as const).map((action) => ({
      type: ComponentType.Button,
      style: action === 'stop' ? ButtonStyle.Danger : ButtonStyle.Secondary,
      label: action === 'skip' ? 'Skip' : 'Stop',
      custom_id: encodeRoute({ kind: 'quiz.control', sessionId: context.session.id, action }),
      disabled: state.closed,
    })),
  };
  return { embeds: [embed], components: [...answerRows(context, state.closed), controls] };
}

/** A practice question in the member's own private message; order questions arrange in place. */
export function practiceQuestionView(context: QuestionContext): MessageView {
  if (context.question.type === 'order') return orderPanelView(context, []);
  return { embeds: [questionEmbed(context)], components: answerRows(context, false) };
}

/**
 * The member's private ordering panel: click steps in order, undo, then submit. `picked` holds
 * displayed positions (what a button's id carries), never step indexes, which are the answer key.
 */
export function orderPanelView(context: QuestionContext, picked: readonly number[]): MessageView {
  const { session, question, index } = context;
  if (question.type !== 'order') throw new Error('an order panel needs an order question');
  const shown = shownSteps(context);
  const encoded = encodePicked(picked);
  const embed = questionEmbed(context);
  embed.fields = [
    {
      name: `Your order (${picked.length} of ${question.steps.length})`,
      value:
        picked.length === 0
          ? 'Click the steps below, first step first.'
          : picked.map((position, place) => `${place + 1}. ${question.steps[shown[position] ?? -1] ?? '?'}`).join('\n'),
    },
  ];
  const stepButtons = shown.map((step, position) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label: truncate(question.steps[step] ?? '', 80),
    custom_id: encodeRoute({ kind: 'quiz.order', sessionId: session.id, question: index, picked: encoded + position.toString(36) }),
    disabled: picked.includes(position),
  }));
  const rows: Row[] = [];
  for (let start = 0; start < stepButtons.length; start += 5) {
    rows.push({ type: ComponentType.ActionRow, components: stepButtons.slice(start, start + 5) });
  }
  rows.push({
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Undo',
        custom_id: encodeRoute({ kind: 'quiz.undo', sessionId: session.id, question: index, picked: encoded }),
        disabled: picked.length === 0,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Success,
        label: 'Submit',
        custom_id: encodeRoute({ kind: 'quiz.submit', sessionId: session.id, question: index, picked: encoded }),
        disabled: picked.length !== question.steps.length,
      },
    ],
  });
  return { embeds: [embed], components: rows };
}

const encodePicked = (picked: readonly number[]) => picked.map((position) => position.toString(36)).join('');

/**
 * Reads a panel's picks back from a custom_id: displayed positions, each at most once and
 * within the steps shown; anything else (a forged or garbled id) reads as undefined.
 */
export function decodePicked(picked: string, stepCount: number): number[] | undefined {
  const positions = [...picked].map((digit) => Number.parseInt(digit, 36));
  const valid = positions.every((position) => Number.isInteger(position) && position < stepCount) && new Set(positions).size === positions.length;
  return valid ? positions : undefined;
}

/** The step indexes a member's picks stand for, which is what grading compares with the key. */
export function stepsFromPicked(context: QuestionContext, picked: readonly number[]): number[] {
  const shown = shownSteps(context);
  return picked.map((position) => shown[position] ?? -1);
}
