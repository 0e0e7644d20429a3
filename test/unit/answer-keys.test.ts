import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import type { Lesson, Question } from '../../src/content/schema.js';
import { liveQuestionView, orderPanelView, practiceQuestionView, type QuestionContext } from '../../src/discord/quiz/question-view.js';
import type { QuizSession } from '../../src/store/quiz-store.js';

const { lessons } = await loadContent('content');
const questions = lessons.flatMap((lesson) => lesson.questions.map((question) => ({ lesson, question })));

const session: QuizSession = {
  id: 'abcdef0123',
  guildId: '1',
  channelId: '2',
  lessonId: 'x',
  kind: 'live',
  mode: 'ffa',
  hostId: '3',
  questionIds: ['q'],
  seconds: 30,
  speedBonus: true,
  phase: 'question',
  questionIndex: 0,
  phaseStartedAt: new Date(0),
  deadline: new Date(30_000),
  lobbyMessageId: null,
  questionMessageId: '4',
  createdAt: new Date(0),
  endedAt: null,
  postAttempts: 0,
  playerCount: 0,
  teamCounts: [0, 0],
};

/** The same question with another answer key: what an attacker reading the components must not be able to tell apart. */
function withOtherKey(question: Question, seed: number): Question {
  switch (question.type) {
    case 'single':
      return { ...question, answer: (question.answer + 1 + (seed % (question.choices.length - 1))) % question.choices.length };
    case 'truefalse':
      return { ...question, answer: !question.answer };
    case 'multi': {
      const answers = question.choices.map((_, index) => index).filter((index) => ((seed >> index) & 1) === 1);
      return { ...question, answers: answers.length > 0 ? answers : [0] };
    }
    case 'order': {
      const steps = [...question.steps];
      for (let index = steps.length - 1; index > 0; index -= 1) {
        const other = (seed * 31 + index * 17) % (index + 1);
        [steps[index], steps[other]] = [steps[other] as string, steps[index] as string];
      }
      return { ...question, steps };
    }
  }
}

/** Everything a client receives for a question before it is answered, whoever looks. */
function whatTheClientSees(lesson: Lesson, question: Question, picks: readonly number[]) {
  const context: QuestionContext = { session, lesson, question, index: 0 };
  const sent = [liveQuestionView(context, { answered: 0, closed: false }), practiceQuestionView(context)];
  if (question.type === 'order') sent.push(orderPanelView(context, picks.filter((pick) => pick < question.steps.length)));
  return JSON.stringify(sent);
}

describe('components carry no answer', () => {
  test(`GIVEN any of the ${questions.length} questions in the content folder and any other answer key THEN what the client receives is identical`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...questions),
        fc.integer({ min: 1, max: 1 << 20 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 4 }),
        ({ lesson, question }, seed, picks) => {
          expect(whatTheClientSees(lesson, withOtherKey(question, seed), picks)).toBe(whatTheClientSees(lesson, question, picks));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  test.each(questions.filter(({ question }) => question.type === 'order').map(({ lesson, question }) => [`${lesson.id}/${question.id}`, lesson, question] as const))(
    'GIVEN the order question %s THEN its step ids are the same whichever order is right',
    (_name, lesson, question) => {
      expect(whatTheClientSees(lesson, withOtherKey(question, 7), [])).toBe(whatTheClientSees(lesson, question, []));
    },
  );
});
