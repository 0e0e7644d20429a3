import { ButtonStyle, ComponentType, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { Lesson, Question } from '../../content/schema.js';
import { describeAnswer, describeResponse, letter } from '../../quiz/grading.js';
import { rankPlayers, teamTotals } from '../../quiz/standings.js';
import type { QuizAnswer, QuizPlayer, QuizSession } from '../../store/quiz-store.js';
import { encodeRoute } from '../ids.js';
import type { MessageView } from '../views/lesson.js';
import { discordTime, percent, safeName, seconds, teamName, truncate } from '../text.js';

const verdict = (answer: Pick<QuizAnswer, 'correct' | 'credit'>) =>
  answer.correct ? '✅ Correct' : answer.credit > 0 ? `🟡 Partly right (${percent(answer.credit)})` : '❌ Not quite';

/** After a practice answer: how it went, the right answer, why, and the way on. */
export function practiceFeedbackView(lesson: Lesson, session: QuizSession, question: Question, answer: QuizAnswer): MessageView {
  const index = answer.questionIndex;
  const last = index === session.questionIds.length - 1;
  return {
    embeds: [
      {
        author: { name: lesson.title },
        title: `${verdict(answer)} · question ${index + 1} of ${session.questionIds.length}`,
        description: question.prompt,
        color: answer.correct ? 0x57f287 : answer.credit > 0 ? 0xfee75c : 0xed4245,
        fields: [
          { name: 'Your answer', value: truncate(describeResponse(question, answer.response), 1024), inline: true },
          { name: 'Right answer', value: truncate(describeAnswer(question), 1024), inline: true },
          { name: 'Why', value: question.explanation },
        ],
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            label: last ? 'See results' : 'Next question',
            custom_id: encodeRoute({ kind: 'quiz.next', sessionId: session.id, question: index + 1 }),
          },
        ],
      },
    ],
  };
}

interface Mistake {
  question: Question;
  answer: QuizAnswer | undefined;
}

/** Keeps a list of mistakes inside Discord's 6,000 characters an embed, however long the explanations. */
function mistakeFields(mistakes: readonly Mistake[], budget: number): APIEmbedField[] {
  const each = Math.max(120, Math.min(1024, Math.floor(budget / Math.max(1, mistakes.length)) - 120));
  return mistakes.slice(0, 10).map(({ question, answer }) => ({
    name: truncate(`${answer ? verdict(answer) : '⏱️ No answer'}: ${question.prompt}`, 200),
    value: truncate(
      [answer ? `You: ${describeResponse(question, answer.response)}` : null, `Right: ${describeAnswer(question)}`, question.explanation]
        .filter(Boolean)
        .join('\n'),
      each,
    ),
  }));
}

function mistakesOf(questions: readonly Question[], answers: readonly QuizAnswer[]): Mistake[] {
  return questions.flatMap((question, index) => {
    const answer = answers.find((candidate) => candidate.questionIndex === index);
    return answer?.correct ? [] : [{ question, answer }];
  });
}

export interface PracticeSummary {
  lesson: Lesson;
  questions: readonly Question[];
  answers: readonly QuizAnswer[];
  /** Points this run put on the server leaderboard, or when an earlier run already did. */
  points: { earned: number } | { alreadySince: Date } | { off: true };
}

export function practiceSummaryView({ lesson, questions, answers, points }: PracticeSummary): MessageView {
  const right = answers.filter((answer) => answer.correct).length;
  const mistakes = mistakesOf(questions, answers);
  const pointsLine =
    'earned' in points
      ? `**${points.earned} points** added to this server's leaderboard (your first practice run of this lesson).`
      : 'off' in points
        ? 'This server gives leaderboard points for competitions only; practice is for learning.'
        : `Practice points for this lesson were earned by your first run (${discordTime(points.alreadySince, 'D')}); this one was for practice.`;
  const embed: APIEmbed = {
    author: { name: lesson.title },
    title: `Quiz complete: ${right} of ${questions.length} right`,
    description: [pointsLine, mistakes.length === 0 ? '\nA clean sweep. 🎉' : '\nWhat to look at again:'].join('\n'),
    color: mistakes.length === 0 ? 0x57f287 : 0x5865f2,
    fields: mistakeFields(mistakes, 4500),
  };
  const sections = [...new Set(mistakes.flatMap(({ question }) => (question.section ? [question.section] : [])))];
  const buttons = sections.slice(0, 5).flatMap((sectionId) => {
    const page = lesson.sections.findIndex((section) => section.id === sectionId);
    const section = lesson.sections[page];
    if (!section) return [];
    return [
      {
        type: ComponentType.Button as const,
        style: ButtonStyle.Secondary as const,
        label: truncate(`Reread: ${section.title}`, 80),
        custom_id: encodeRoute({ kind: 'lesson.open', lessonId: lesson.id, page }),
      },
    ];
  });
  return { embeds: [embed], components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [] };
}

export interface RevealInput {
  session: QuizSession;
  question: Question;
  index: number;
  answers: readonly QuizAnswer[];
  players: readonly QuizPlayer[];
  nextAt: Date | null;
}

/** The reveal after a live question: the answer, why, how the room answered, who leads. */
export function revealView({ session, question, index, answers, players, nextAt }: RevealInput): MessageView {
  const names = new Map(players.map((player) => [player.userId, safeName(player.displayName)]));
  const fastest = answers.filter((answer) => answer.correct).sort((a, b) => a.elapsedMs - b.elapsedMs)[0];
  const fields: APIEmbedField[] = [
    { name: 'Right answer', value: truncate(describeAnswer(question), 1024) },
    { name: 'Why', value: question.explanation },
    { name: 'How the room answered', value: truncate(distribution(question, answers), 1024) },
  ];
  if (fastest) fields.push({ name: 'Fastest right answer', value: `${names.get(fastest.userId) ?? 'someone'} in ${seconds(fastest.elapsedMs)}` });
  fields.push({ name: 'Top 5', value: standingsLines(players, 5) || 'Nobody has scored yet.' });
  if (session.mode === 'teams') fields.push({ name: 'Teams', value: teamLines(players) });
  return {
    embeds: [
      {
        title: `Question ${index + 1} of ${session.questionIds.length}: the answer`,
        description: truncate(question.prompt, 1000),
        color: 0xfee75c,
        fields,
        footer: { text: nextAt ? 'Next question shortly…' : 'That was the last question.' },
      },
    ],
    components: [],
  };
}

function distribution(question: Question, answers: readonly QuizAnswer[]): string {
  const total = answers.length;
  if (total === 0) return 'Nobody answered.';
  const bar = (count: number) => `${'█'.repeat(Math.round((count / total) * 10))}${'░'.repeat(10 - Math.round((count / total) * 10))} ${count}`;
  switch (question.type) {
    case 'single':
      return question.choices
        .map((_, choice) => `${letter(choice)} ${bar(answers.filter((answer) => answer.response.type === 'single' && answer.response.choice === choice).length)}${choice === question.answer ? ' ✅' : ''}`)
        .join('\n');
    case 'truefalse':
      return [true, false]
        .map((value) => `${value ? 'True ' : 'False'} ${bar(answers.filter((answer) => answer.response.type === 'truefalse' && answer.response.value === value).length)}${value === question.answer ? ' ✅' : ''}`)
        .join('\n');
    case 'multi':
      return question.choices
        .map((_, choice) => `${letter(choice)} ${bar(answers.filter((answer) => answer.response.type === 'multi' && answer.response.choices.includes(choice)).length)}${question.answers.includes(choice) ? ' ✅' : ''}`)
        .join('\n');
    case 'order': {
      const exact = answers.filter((answer) => answer.correct).length;
      return `Exact order: ${exact} of ${total}\nPartly right: ${answers.filter((answer) => !answer.correct && answer.credit > 0).length}`;
    }
  }
}

const medals = ['🥇', '🥈', '🥉'];

function standingsLines(players: readonly QuizPlayer[], limit: number): string {
  return rankPlayers(players)
    .slice(0, limit)
    .map(({ rank, entry }) => `${medals[rank - 1] ?? `**${rank}.**`} ${safeName(entry.displayName)}${entry.team === null ? '' : ` (${teamName(entry.team)})`}: ${entry.points} pts`)
    .join('\n');
}

function teamLines(players: readonly QuizPlayer[]): string {
  return teamTotals(players, 2)
    .map((total) => `${teamName(total.team)}: ${total.points} pts average (${total.members} ${total.members === 1 ? 'member' : 'members'})`)
    .join('\n');
}

/** After the last question, or a Stop: the podium, the winning team, and a private review. */
export function finalView(session: QuizSession, lesson: Lesson, players: readonly QuizPlayer[]): MessageView {
  const fields: APIEmbedField[] = [{ name: 'Standings', value: standingsLines(players, 10) || 'Nobody answered.' }];
  if (session.mode === 'teams') {
    const [winner, runnerUp] = teamTotals(players, 2);
    const verdictLine = winner && runnerUp && winner.points === runnerUp.points ? 'The teams are tied!' : `${teamName(winner?.team ?? 0)} wins!`;
    fields.unshift({ name: verdictLine, value: teamLines(players) });
  }
  return {
    embeds: [
      {
        author: { name: lesson.title },
        title: '🏁 Final standings',
        color: 0x57f287,
        fields,
        footer: { text: 'Points go to this server’s leaderboard.' },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            label: 'Review my mistakes',
            custom_id: encodeRoute({ kind: 'quiz.review', sessionId: session.id }),
          },
        ],
      },
    ],
  };
}

/** One player's private review of a finished live quiz. */
export function reviewView(lesson: Lesson, questions: readonly Question[], answers: readonly QuizAnswer[]): MessageView {
  const mistakes = mistakesOf(questions, answers);
  const right = answers.filter((answer) => answer.correct).length;
  return {
    embeds: [
      {
        author: { name: lesson.title },
        title: `Your review: ${right} of ${questions.length} right`,
        description: mistakes.length === 0 ? 'No mistakes to review. 🎉' : 'Here is what you missed, and why.',
        color: 0x5865f2,
        fields: mistakeFields(mistakes, 4500),
      },
    ],
    components: [],
  };
}

/** When a question could not be posted: the quiz ends rather than score a question nobody saw. */
export function postFailedNotice(session: QuizSession, questionIndex: number): MessageView {
  return {
    embeds: [
      {
        title: '⚠️ The quiz had to stop',
        description: [
          `I could not post question ${questionIndex + 1} of ${session.questionIds.length} in <#${session.channelId}>, so the quiz ended there.`,
          questionIndex === 0 ? 'Nobody was scored.' : `Only the ${questionIndex} question${questionIndex === 1 ? '' : 's'} everyone saw count.`,
          'Check that I can View Channel, Send Messages, Embed Links and Read Message History in that channel, then start again.',
        ].join('\n'),
        color: 0xfee75c,
      },
    ],
    components: [],
  };
}
